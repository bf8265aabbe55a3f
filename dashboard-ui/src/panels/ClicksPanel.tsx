// Top tracked clicks (data-pb-track labels).
import { useState } from 'react';
import type { ClickRow, Rows } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { BreakdownList, MAX_ROWS, MoreButton, TOP } from '../components/BreakdownList';
import { CsvButton } from '../components/CsvButton';
import { Panel, panelState } from '../components/Panel';
import { csvFileName } from '../csv';
import { rangeParams, useDashboard } from '../DashboardContext';
import { formatNumber } from '../format';

export function ClicksPanel() {
  const dashboard = useDashboard();
  const [expanded, setExpanded] = useState(false);
  const params = rangeParams(dashboard, dashboard.range);
  const query = useApiQuery<Rows<ClickRow>>('/clicks', { ...params, limit: expanded ? MAX_ROWS : TOP });
  const rows = query.data?.rows ?? [];

  return (
    <Panel
      id="clicks"
      title="Clicks"
      state={panelState(query, (d) => d.rows.length === 0)}
      busy={query.isFetching}
      error={query.error}
      onRetry={() => void query.refetch()}
      actions={(
        <CsvButton
          subject="clicks"
          fileName={csvFileName('clicks', dashboard.range)}
          load={() => dashboard.api.getCsv('/clicks', { ...params, limit: MAX_ROWS })}
        />
      )}
    >
      <BreakdownList
        caption="Tracked clicks by count"
        labelHeader="Label"
        rows={rows}
        rowKey={(r) => r.label}
        label={(r) => (
          <>
            <span className="pbd-row-main">{r.label}</span>
            {r.top_page_path ? <span className="pbd-row-sub">mostly on {r.top_page_path}</span> : null}
          </>
        )}
        barValue={(r) => r.clicks}
        columns={[
          { header: 'Element', cell: (r) => (r.element ? <code>{r.element}</code> : '–') },
          { header: 'Clicks', cell: (r) => formatNumber(r.clicks) },
          { header: 'Users', cell: (r) => formatNumber(r.unique_users) },
        ]}
      />
      <MoreButton expanded={expanded} canExpand={rows.length >= TOP} onToggle={() => setExpanded((v) => !v)} subject="clicks" />
    </Panel>
  );
}
