// The access log (the audit trail of every dashboard API call), for holders of the auditor role:
// filters in the URL, newest first, "Load older" by cursor, CSV of the filters, and the chain check.
import { useInfiniteQuery } from '@tanstack/react-query';
import type { ApiClient, QueryParams } from '../api/client';
import { collectCsvPages } from '../api/pagedCsv';
import type { AuditRow } from '../api/types';
import { AccessLogFilters } from '../components/AccessLogFilters';
import { AUDITOR_FORBIDDEN, ChainVerification } from '../components/ChainVerification';
import { CsvButton } from '../components/CsvButton';
import { Panel, panelState } from '../components/Panel';
import { useDashboard } from '../DashboardContext';
import { NO_VALUE, formatNumber, formatTimestamp } from '../format';
import type { ViewState } from '../state/urlState';
import { dayRangeInstants } from '../time/instants';

export const PAGE_SIZE = 100;
/** The CSV follows the cursor up to this many rows (the service sends at most 1,000 per page). */
export const CSV_MAX_ROWS = 100_000;
const CSV_PAGE = 1000;

/** The API parameters of the access log's filters; the days are the view's zone's. */
export function auditParams(view: ViewState, zone: string): QueryParams {
  const { from, to } = dayRangeInstants(zone, view.auditFrom, view.auditTo);
  return {
    from, to, subject: view.auditSubject, status: view.auditStatus, endpoint_prefix: view.auditEndpointPrefix,
  };
}

/** `access-log-<from or all>-to-<to or now>.csv` */
export function accessLogFileName(view: ViewState): string {
  return `access-log-${view.auditFrom ?? 'all'}-to-${view.auditTo ?? 'now'}.csv`;
}

/** Every page of the filters as one CSV file (one header row), newest first, up to CSV_MAX_ROWS rows. */
export function loadAccessLogCsv(api: ApiClient, params: QueryParams): Promise<Blob> {
  return collectCsvPages((cursor) => api.readAuditCsv({ ...params, limit: CSV_PAGE, cursor }), CSV_MAX_ROWS / CSV_PAGE);
}

export function AccessLogPanel() {
  const { api, apiKey, view, zone } = useDashboard();
  const params = auditParams(view, zone);
  const query = useInfiniteQuery({
    queryKey: ['audit', apiKey, params],
    queryFn: ({ pageParam, signal }) => api.readAudit({ ...params, limit: PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const rows = query.data?.pages.flatMap((page) => page.rows) ?? [];

  return (
    <Panel
      id="access-log"
      title="Audit trail"
      className="pbd-access-log"
      state={panelState(query, (d) => d.pages[0].rows.length === 0)}
      busy={query.isFetching}
      error={query.error}
      onRetry={() => void query.refetch()}
      emptyText="No access log entries match these filters"
      forbiddenText={AUDITOR_FORBIDDEN}
      toolbar={<><AccessLogFilters /><ChainVerification /></>}
      actions={(
        <CsvButton subject="access log" fileName={accessLogFileName(view)} load={() => loadAccessLogCsv(api, params)} />
      )}
    >
      <AccessLogTable rows={rows} zone={zone} />
      <div className="pbd-audit-more">
        <span className="pbd-muted pbd-small" aria-live="polite">
          {formatNumber(rows.length)} {rows.length === 1 ? 'entry' : 'entries'} shown, newest first
        </span>
        {query.hasNextPage ? (
          <button type="button" className="pbd-button pbd-button-small" data-action="more"
            disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {query.isFetchingNextPage ? 'Loading older…' : 'Load older'}
          </button>
        ) : null}
      </div>
    </Panel>
  );
}

function AccessLogTable({ rows, zone }: { rows: AuditRow[]; zone: string }) {
  // Six columns do not fit a phone: the table scrolls sideways in its own box (focusable, so keys scroll it).
  return (
    <div className="pbd-audit-scroll" role="region" aria-label="Access log entries" tabIndex={0}>
      <table className="pbd-table pbd-audit-table">
        <caption className="pbd-sr-only">Access log entries, newest first, times in {zone}</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Subject</th>
            <th scope="col">Method</th>
            <th scope="col">Endpoint</th>
            <th scope="col">Query parameters</th>
            <th scope="col" className="pbd-num">Status</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-row={row.id}>
              <td className="pbd-audit-time"><time dateTime={row.occurred_at}>{formatTimestamp(row.occurred_at, zone)}</time></td>
              <td className="pbd-audit-subject">{row.subject ?? <span className="pbd-muted">none</span>}</td>
              <td>{row.method}</td>
              <td className="pbd-audit-endpoint"><code>{row.endpoint}</code></td>
              <td>{formatQueryParams(row.query_params)}</td>
              <td className="pbd-num" data-status={row.status}>{row.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** {"limit":"20","tz":"UTC"} → "limit=20 tz=UTC"; a repeated parameter is listed once per value. */
export function formatQueryParams(params: AuditRow['query_params']): string {
  if (!params) return NO_VALUE;
  const pairs = Object.entries(params).flatMap(([key, value]) =>
    (Array.isArray(value) ? value : [value]).map((v) => `${key}=${v}`));
  return pairs.length ? pairs.join(' ') : NO_VALUE;
}
