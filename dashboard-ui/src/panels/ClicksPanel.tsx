// Top tracked clicks (data-pb-track labels).
import type { ClickRow } from '../api/types';
import { RankedPanel } from '../components/RankedPanel';
import { formatNumber } from '../format';

export function ClicksPanel() {
  return (
    <RankedPanel<ClickRow>
      name="clicks"
      title="Clicks"
      list={{
        caption: 'Tracked clicks by count',
        labelHeader: 'Label',
        rowKey: (r) => r.label,
        label: (r) => (
          <>
            <span className="pbd-row-main">{r.label}</span>
            {r.top_page_path ? <span className="pbd-row-sub">mostly on {r.top_page_path}</span> : null}
          </>
        ),
        barValue: (r) => r.clicks,
        columns: [
          { header: 'Element', cell: (r) => (r.element ? <code>{r.element}</code> : '–') },
          { header: 'Clicks', cell: (r) => formatNumber(r.clicks) },
          { header: 'Users', cell: (r) => formatNumber(r.unique_users) },
        ],
      }}
    />
  );
}
