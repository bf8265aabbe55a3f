// Top pages; clicking a page filters the whole view to paths starting with it.
import type { PageRow } from '../api/types';
import { RankedPanel } from '../components/RankedPanel';
import { useDashboard } from '../DashboardContext';
import { formatDuration, formatNumber } from '../format';

export function PagesPanel() {
  const dashboard = useDashboard();
  return (
    <RankedPanel<PageRow>
      name="pages"
      title="Pages"
      list={{
        caption: 'Pages by views',
        labelHeader: 'Page',
        rowKey: (r) => r.page_path,
        label: (r) => r.page_path,
        barValue: (r) => r.views,
        onSelect: (r) => dashboard.setView({ pathPrefix: r.page_path }),
        selectHint: 'Filter to paths starting with',
        columns: [
          { header: 'Views', cell: (r) => formatNumber(r.views) },
          { header: 'Users', cell: (r) => formatNumber(r.unique_users) },
          { header: 'Avg visible', cell: (r) => formatDuration(r.avg_visible_ms) },
        ],
      }}
    />
  );
}
