// Sessions per user: totals and how many users had 1, 2, 3… sessions in the range.
import { useState } from 'react';
import type { Sessions } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { BreakdownList, MoreButton, TOP } from '../components/BreakdownList';
import { CsvButton } from '../components/CsvButton';
import { Panel, panelState } from '../components/Panel';
import { csvFileName, toCsv } from '../csv';
import { rangeParams, useDashboard } from '../DashboardContext';
import { formatNumber } from '../format';

export function SessionsPanel() {
  const dashboard = useDashboard();
  const [expanded, setExpanded] = useState(false);
  const query = useApiQuery<Sessions>('/sessions', rangeParams(dashboard, dashboard.range));
  const data = query.data;
  const all = data?.distribution ?? [];
  const rows = expanded ? all : all.slice(0, TOP);

  const csv = (): Promise<Blob> => Promise.resolve(new Blob(
    [toCsv(['session_count', 'users'], all.map((r) => [r.session_count, r.users]))],
    { type: 'text/csv' },
  ));

  return (
    <Panel
      id="sessions"
      title="Sessions per user"
      state={panelState(query, (d) => d.sessions === 0)}
      busy={query.isFetching}
      error={query.error}
      onRetry={() => void query.refetch()}
      actions={<CsvButton subject="sessions per user" fileName={csvFileName('sessions', dashboard.range)} load={csv} />}
    >
      {data ? (
        <dl className="pbd-summary">
          <div><dt>Sessions</dt><dd>{formatNumber(data.sessions)}</dd></div>
          <div><dt>Signed-in users</dt><dd>{formatNumber(data.users)}</dd></div>
          <div><dt>Sessions per user</dt><dd>{formatNumber(data.avg_sessions_per_user)}</dd></div>
        </dl>
      ) : null}
      {all.length === 0 ? (
        <p className="pbd-status">No signed-in users in this range</p>
      ) : (
        <BreakdownList
          caption="Users by number of sessions"
          labelHeader="Sessions"
          rows={rows}
          rowKey={(r) => String(r.session_count)}
          label={(r) => `${r.session_count} ${r.session_count === 1 ? 'session' : 'sessions'}`}
          barValue={(r) => r.users}
          columns={[{ header: 'Users', cell: (r) => formatNumber(r.users) }]}
        />
      )}
      <MoreButton expanded={expanded} canExpand={all.length > TOP} onToggle={() => setExpanded((v) => !v)} subject="rows" />
    </Panel>
  );
}
