// Customers by page views; clicking one filters the view to that customer (unless the host locked it).
import { useState } from 'react';
import type { CustomerRow, Rows } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { BreakdownList, MAX_ROWS, MoreButton, TOP } from '../components/BreakdownList';
import { CsvButton } from '../components/CsvButton';
import { Panel, panelState } from '../components/Panel';
import { csvFileName } from '../csv';
import { rangeParams, useDashboard } from '../DashboardContext';
import { formatInstant, formatNumber, NO_VALUE } from '../format';

export function CustomersPanel() {
  const dashboard = useDashboard();
  const [expanded, setExpanded] = useState(false);
  const params = rangeParams(dashboard, dashboard.range);
  const query = useApiQuery<Rows<CustomerRow>>('/customers', { ...params, limit: expanded ? MAX_ROWS : TOP });
  const rows = query.data?.rows ?? [];
  const locked = dashboard.lockedCustomerId != null;

  return (
    <Panel
      id="customers"
      title="Customers"
      state={panelState(query, (d) => d.rows.length === 0)}
      busy={query.isFetching}
      error={query.error}
      onRetry={() => void query.refetch()}
      actions={(
        <CsvButton
          subject="customers"
          fileName={csvFileName('customers', dashboard.range)}
          load={() => dashboard.api.getCsv('/customers', { ...params, limit: MAX_ROWS })}
        />
      )}
    >
      <BreakdownList
        caption="Customers by page views"
        labelHeader="Customer"
        rows={rows}
        rowKey={(r) => String(r.customer_id)}
        label={(r) => String(r.customer_id)}
        barValue={(r) => r.page_views}
        onSelect={locked ? undefined : (r) => dashboard.setView({ customerId: r.customer_id })}
        selectHint="Filter to customer"
        columns={[
          { header: 'Views', cell: (r) => formatNumber(r.page_views) },
          { header: 'Users', cell: (r) => formatNumber(r.unique_users) },
          { header: 'Sessions', cell: (r) => formatNumber(r.sessions) },
          { header: 'Last seen', cell: (r) => (r.last_seen ? formatInstant(r.last_seen, dashboard.zone) : NO_VALUE) },
        ]}
      />
      <MoreButton expanded={expanded} canExpand={rows.length >= TOP} onToggle={() => setExpanded((v) => !v)} subject="customers" />
    </Panel>
  );
}
