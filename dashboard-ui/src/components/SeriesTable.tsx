// The graph's points as a table: the accessible alternative to the canvas.
interface SeriesTableProps {
  caption: string;
  valueHeader: string;
  rows: Array<{ time: string; value: string; previous?: string; previousTime?: string }>;
  showPrevious: boolean;
}

export function SeriesTable({ caption, valueHeader, rows, showPrevious }: SeriesTableProps) {
  return (
    // Scrolls when long: focusable so keyboard users can scroll it too.
    <div className="pbd-table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="pbd-table pbd-series-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col" className="pbd-num">{valueHeader}</th>
            {showPrevious ? <th scope="col" className="pbd-num">Previous period</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            // By position: an hour can repeat when clocks fall back.
            <tr key={i}>
              <th scope="row">{row.time}</th>
              <td className="pbd-num">{row.value}</td>
              {showPrevious ? (
                <td className="pbd-num">
                  {row.previous ?? '–'}
                  {row.previousTime ? <span className="pbd-muted pbd-small"> ({row.previousTime})</span> : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
