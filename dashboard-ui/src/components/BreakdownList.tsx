// A breakdown as a real table: the first column carries a bar proportional to the row's value
// (Plausible/Umami style) and, where the row filters the view, a button.
import type { ReactNode } from 'react';

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
}

export interface BreakdownListProps<T> {
  caption: string;
  /** Header of the first (label) column. */
  labelHeader: string;
  rows: T[];
  rowKey: (row: T) => string;
  label: (row: T) => ReactNode;
  /** The number the bar is proportional to. */
  barValue: (row: T) => number;
  columns: Column<T>[];
  /** Makes the label a button; `selectHint` is read before the label ("Filter by"). */
  onSelect?: (row: T) => void;
  selectHint?: string;
  /** A row standing for several values kept from view (the logins' "other"): marked, never a button. */
  suppressed?: (row: T) => boolean;
}

export function BreakdownList<T>({
  caption, labelHeader, rows, rowKey, label, barValue, columns, onSelect, selectHint, suppressed,
}: BreakdownListProps<T>) {
  const max = Math.max(0, ...rows.map(barValue));
  return (
    <table className="pbd-table pbd-breakdown">
      <caption className="pbd-sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{labelHeader}</th>
          {columns.map((column) => (
            <th scope="col" key={column.header} className="pbd-num">{column.header}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const key = rowKey(row);
          const folded = suppressed?.(row) ?? false;
          const width = max > 0 ? Math.max(0, (barValue(row) / max) * 100) : 0;
          return (
            <tr
              key={folded ? `suppressed:${key}` : key}
              data-row={key}
              data-suppressed={folded ? '' : undefined}
              className={folded ? 'pbd-row-suppressed' : undefined}
            >
              <th scope="row" className="pbd-label-cell">
                <span className="pbd-bar" style={{ width: `${width}%` }} aria-hidden="true" />
                {onSelect && !folded ? (
                  <button type="button" className="pbd-row-button" onClick={() => onSelect(row)}>
                    {selectHint ? <span className="pbd-sr-only">{selectHint} </span> : null}
                    {label(row)}
                  </button>
                ) : (
                  <span className="pbd-row-label">{label(row)}</span>
                )}
              </th>
              {columns.map((column) => (
                <td key={column.header} className="pbd-num">{column.cell(row)}</td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** "Show more" / "Show top 10" under a breakdown; hidden when there is nothing more to show. */
export function MoreButton({ expanded, canExpand, onToggle, subject }: {
  expanded: boolean;
  canExpand: boolean;
  onToggle: () => void;
  subject: string;
}) {
  if (!expanded && !canExpand) return null;
  return (
    <button
      type="button"
      className="pbd-button pbd-button-small pbd-more"
      data-action="more"
      aria-expanded={expanded}
      onClick={onToggle}
    >
      {expanded ? `Show top 10 ${subject}` : `Show more ${subject}`}
    </button>
  );
}

export const TOP = 10;
export const MAX_ROWS = 1000;
