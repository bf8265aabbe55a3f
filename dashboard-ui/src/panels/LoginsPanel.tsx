// Login outcomes: totals, then successes/failures by one dimension at a time (or failures by error code).
import { useId, useState } from 'react';
import type { LoginBreakdownRow, Logins } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { BreakdownList, MoreButton, TOP } from '../components/BreakdownList';
import { CsvButton } from '../components/CsvButton';
import { Panel, panelState } from '../components/Panel';
import { csvFileName, toCsv } from '../csv';
import { rangeParams, useDashboard } from '../DashboardContext';
import { formatNumber, formatRate, successRate } from '../format';

const DIMENSIONS = [
  { id: 'country', label: 'Country', field: 'by_country' },
  { id: 'region', label: 'Region', field: 'by_region' },
  { id: 'city', label: 'City', field: 'by_city' },
  { id: 'browser', label: 'Browser', field: 'by_browser' },
  { id: 'os', label: 'OS', field: 'by_os' },
  { id: 'device', label: 'Device', field: 'by_device' },
  { id: 'error_code', label: 'Error code', field: 'failures_by_code' },
] as const;
type Dimension = (typeof DIMENSIONS)[number];

/**
 * One row shape for every dimension; error codes only have failures. `suppressed`: the service's row "other", the
 * values of fewer distinct users than `min_group_users` summed (small groups kept from view).
 */
interface LoginRow {
  key: string | null;
  successes: number | null;
  failures: number;
  suppressed: boolean;
}

function rowsOf(data: Logins, dimension: Dimension): LoginRow[] {
  if (dimension.field === 'failures_by_code') {
    return data.failures_by_code.map((r) => ({ key: r.error_code, successes: null, failures: r.failures, suppressed: r.suppressed === true }));
  }
  const list: LoginBreakdownRow[] = data[dimension.field] ?? [];
  return list.map((r) => ({ key: r.key, successes: r.successes, failures: r.failures, suppressed: r.suppressed === true }));
}

/** The rows on screen: the largest kept ones (all when expanded), then always the folded row, which stands for the rest. */
function visibleRows(all: LoginRow[], expanded: boolean): LoginRow[] {
  const kept = all.filter((r) => !r.suppressed);
  return [...(expanded ? kept : kept.slice(0, TOP)), ...all.filter((r) => r.suppressed)];
}

export function LoginsPanel() {
  const dashboard = useDashboard();
  const [dimension, setDimension] = useState<Dimension>(DIMENSIONS[0]);
  const [expanded, setExpanded] = useState(false);
  const groupLabel = useId();
  const query = useApiQuery<Logins>('/logins', rangeParams(dashboard, dashboard.range));
  const data = query.data;
  const all = data ? rowsOf(data, dimension) : [];
  const rows = visibleRows(all, expanded);
  const keptCount = all.filter((r) => !r.suppressed).length;
  const byCode = dimension.id === 'error_code';
  const minUsers = data?.min_group_users ?? 0;

  // the same rows as the service's CSV of /logins (breakdown's rows, "other" included, its suppressed column)
  const csv = (): Promise<Blob> => {
    const header = byCode ? ['error_code', 'failures', 'suppressed'] : [dimension.id, 'successes', 'failures', 'suppressed'];
    const body = all.map((r) => (byCode ? [r.key, r.failures, String(r.suppressed)] : [r.key, r.successes, r.failures, String(r.suppressed)]));
    return Promise.resolve(new Blob([toCsv(header, body)], { type: 'text/csv' }));
  };

  return (
    <Panel
      id="logins"
      title="Logins"
      state={panelState(query, (d) => d.successes + d.failures === 0)}
      busy={query.isFetching}
      error={query.error}
      onRetry={() => void query.refetch()}
      actions={<CsvButton subject={`logins by ${dimension.label.toLowerCase()}`} fileName={csvFileName('logins', dashboard.range)} load={csv} />}
    >
      {data ? (
        <dl className="pbd-summary">
          <div><dt>Successes</dt><dd>{formatNumber(data.successes)}</dd></div>
          <div><dt>Failures</dt><dd>{formatNumber(data.failures)}</dd></div>
          <div><dt>Success rate</dt><dd>{formatRate(successRate(data.successes, data.failures))}</dd></div>
        </dl>
      ) : null}
      <div className="pbd-tabs" role="group" aria-labelledby={groupLabel}>
        <span id={groupLabel} className="pbd-tabs-label">Break down by</span>
        {DIMENSIONS.map((d) => (
          <button
            key={d.id}
            type="button"
            className="pbd-tab"
            data-dimension={d.id}
            aria-pressed={d.id === dimension.id}
            onClick={() => { setDimension(d); setExpanded(false); }}
          >
            {d.label}
          </button>
        ))}
      </div>
      {all.length === 0 ? (
        <p className="pbd-status">No logins with a known {dimension.label.toLowerCase()} in this range</p>
      ) : (
        <BreakdownList
          caption={byCode ? 'Login failures by error code' : `Logins by ${dimension.label.toLowerCase()}`}
          labelHeader={dimension.label}
          rows={rows}
          rowKey={(r) => r.key ?? ''}
          label={(r) => (r.suppressed
            ? (
              <>
                <span className="pbd-row-main">Other (fewer than {formatNumber(minUsers)} users)</span>
                <span className="pbd-row-sub">values kept from view for privacy, summed</span>
              </>
            )
            : r.key ?? 'Unknown')}
          suppressed={(r) => r.suppressed}
          barValue={(r) => (r.successes ?? 0) + r.failures}
          columns={byCode
            ? [{ header: 'Failures', cell: (r) => formatNumber(r.failures) }]
            : [
              { header: 'Successes', cell: (r) => formatNumber(r.successes) },
              { header: 'Failures', cell: (r) => formatNumber(r.failures) },
              { header: 'Success rate', cell: (r) => formatRate(successRate(r.successes ?? 0, r.failures)) },
            ]}
        />
      )}
      <MoreButton expanded={expanded} canExpand={keptCount > TOP} onToggle={() => setExpanded((v) => !v)} subject="rows" />
    </Panel>
  );
}
