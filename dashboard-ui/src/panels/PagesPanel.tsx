// Top pages; clicking a page filters the whole view to paths starting with it.
import { useState } from 'react';
import type { PageRow, Rows } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { BreakdownList, MAX_ROWS, MoreButton, TOP } from '../components/BreakdownList';
import { CsvButton } from '../components/CsvButton';
import { Panel, panelState } from '../components/Panel';
import { csvFileName } from '../csv';
import { rangeParams, useDashboard } from '../DashboardContext';
import { formatDuration, formatNumber } from '../format';

export function PagesPanel() {
  const dashboard = useDashboard();
  const [expanded, setExpanded] = useState(false);
  const params = rangeParams(dashboard, dashboard.range);
  const query = useApiQuery<Rows<PageRow>>('/pages', { ...params, limit: expanded ? MAX_ROWS : TOP });
  const rows = query.data?.rows ?? [];

  return (
    <Panel
      id="pages"
      title="Pages"
      state={panelState(query, (d) => d.rows.length === 0)}
      busy={query.isFetching}
      error={query.error}
      onRetry={() => void query.refetch()}
      actions={(
        <CsvButton
          subject="pages"
          fileName={csvFileName('pages', dashboard.range)}
          load={() => dashboard.api.getCsv('/pages', { ...params, limit: MAX_ROWS })}
        />
      )}
    >
      <BreakdownList
        caption="Pages by views"
        labelHeader="Page"
        rows={rows}
        rowKey={(r) => r.page_path}
        label={(r) => r.page_path}
        barValue={(r) => r.views}
        onSelect={(r) => dashboard.setView({ pathPrefix: r.page_path })}
        selectHint="Filter to paths starting with"
        columns={[
          { header: 'Views', cell: (r) => formatNumber(r.views) },
          { header: 'Users', cell: (r) => formatNumber(r.unique_users) },
          { header: 'Avg visible', cell: (r) => formatDuration(r.avg_visible_ms) },
        ]}
      />
      <MoreButton expanded={expanded} canExpand={rows.length >= TOP} onToggle={() => setExpanded((v) => !v)} subject="pages" />
    </Panel>
  );
}
