// The main graph: the selected metric over time, the previous period dashed, and a table toggle.
import { useMemo, useState } from 'react';
import { useSeries, type SeriesPoint } from '../api/useSeries';
import { LineChart, type ChartSeries } from '../components/LineChart';
import { Panel, panelState } from '../components/Panel';
import { SeriesTable } from '../components/SeriesTable';
import { rangeParams, useDashboard } from '../DashboardContext';
import { formatBucket, formatDate, formatDuration, formatNumber, formatRate } from '../format';
import { METRIC_INFO, type Metric } from '../metrics';

function valueFormatter(metric: Metric): (value: number) => string {
  const kind = METRIC_INFO[metric].kind;
  if (kind === 'duration') return formatDuration;
  if (kind === 'rate') return formatRate;
  return formatNumber;
}

function isEmpty(points: SeriesPoint[]): boolean {
  return points.every((p) => !p.value);
}

export function TimeseriesPanel() {
  const dashboard = useDashboard();
  const { view, range, previous, interval } = dashboard;
  const metric = view.metric;
  const [showTable, setShowTable] = useState(false);

  const current = useSeries(metric, rangeParams(dashboard, range), interval, true);
  const before = useSeries(metric, previous ? rangeParams(dashboard, previous) : {}, interval, previous !== null);
  const state = panelState({ status: current.status, data: current.points }, isEmpty);

  const label = METRIC_INFO[metric].label;
  const format = valueFormatter(metric);
  const points = current.points ?? [];
  const previousPoints = previous && before.status === 'success' ? before.points ?? [] : null;

  const labels = useMemo(() => points.map((p) => formatBucket(p.t, interval)), [points, interval]);
  const series = useMemo<ChartSeries[]>(() => {
    const list: ChartSeries[] = [{ label, values: points.map((p) => p.value) }];
    if (previousPoints) {
      // Aligned by position: bucket i of the previous period against bucket i of this one.
      list.push({
        label: 'Previous period',
        values: points.map((_, i) => previousPoints[i]?.value ?? null),
        pointLabels: points.map((_, i) => (previousPoints[i] ? formatBucket(previousPoints[i].t, interval) : '')),
        dashed: true,
      });
    }
    return list;
  }, [points, previousPoints, label, interval]);

  const span = `${formatDate(range.from)} to ${formatDate(range.to)}`;
  const caption = `${label} by ${interval}, ${span}${previous ? `, with the previous period ${formatDate(previous.from)} to ${formatDate(previous.to)}` : ''}`;
  const ariaLabel = `Line chart of ${label.toLowerCase()} by ${interval}, ${span}${previousPoints ? ', previous period dashed' : ''}. Use the Table button to read the values.`;

  return (
    <Panel
      id="timeseries"
      title={`${label} by ${interval}`}
      state={state}
      busy={current.isFetching}
      error={current.error}
      onRetry={current.refetch}
      className="pbd-timeseries"
      actions={(
        <button
          type="button"
          className="pbd-button pbd-button-small"
          data-action="table"
          aria-pressed={showTable}
          onClick={() => setShowTable((v) => !v)}
        >
          Table
        </button>
      )}
    >
      {showTable ? (
        <SeriesTable
          caption={caption}
          valueHeader={label}
          showPrevious={previousPoints !== null}
          rows={points.map((p, i) => ({
            time: labels[i],
            value: p.value == null ? '–' : format(p.value),
            previous: previousPoints?.[i]?.value == null ? undefined : format(previousPoints[i].value as number),
            previousTime: previousPoints?.[i] ? formatBucket(previousPoints[i].t, interval) : undefined,
          }))}
        />
      ) : (
        <LineChart labels={labels} series={series} formatValue={format} ariaLabel={ariaLabel} />
      )}
    </Panel>
  );
}
