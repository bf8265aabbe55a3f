// Customers by page views; clicking one filters the view to that customer (unless the host locked it).
import type { CustomerRow } from '../api/types';
import { RankedPanel } from '../components/RankedPanel';
import { useDashboard } from '../DashboardContext';
import { formatInstant, formatNumber, NO_VALUE } from '../format';

export function CustomersPanel() {
  const dashboard = useDashboard();
  const locked = dashboard.lockedCustomerId != null;
  return (
    <RankedPanel<CustomerRow>
      name="customers"
      title="Customers"
      list={{
        caption: 'Customers by page views',
        labelHeader: 'Customer',
        rowKey: (r) => String(r.customer_id),
        label: (r) => String(r.customer_id),
        barValue: (r) => r.page_views,
        onSelect: locked ? undefined : (r) => dashboard.setView({ customerId: r.customer_id }),
        selectHint: 'Filter to customer',
        columns: [
          { header: 'Views', cell: (r) => formatNumber(r.page_views) },
          { header: 'Users', cell: (r) => formatNumber(r.unique_users) },
          { header: 'Sessions', cell: (r) => formatNumber(r.sessions) },
          { header: 'Last seen', cell: (r) => (r.last_seen ? formatInstant(r.last_seen, dashboard.zone) : NO_VALUE) },
        ],
      }}
    />
  );
}
