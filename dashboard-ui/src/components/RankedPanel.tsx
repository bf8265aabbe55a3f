// A panel of one ranked list endpoint (/pages, /clicks, /customers): the top rows, "show more" up to the
// API's limit, and the service's own CSV of the same filters. Each panel file gives only its columns.
import { useState } from 'react';
import type { Rows } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { BreakdownList, MAX_ROWS, MoreButton, TOP, type BreakdownListProps } from './BreakdownList';
import { CsvButton } from './CsvButton';
import { Panel, panelState } from './Panel';
import { csvFileName } from '../csv';
import { rangeParams, useDashboard } from '../DashboardContext';

export function RankedPanel<T>({ name, title, list }: {
  name: 'pages' | 'clicks' | 'customers';
  title: string;
  list: Omit<BreakdownListProps<T>, 'rows'>;
}) {
  const dashboard = useDashboard();
  const [expanded, setExpanded] = useState(false);
  const endpoint = `/${name}`;
  const params = rangeParams(dashboard, dashboard.range);
  const query = useApiQuery<Rows<T>>(endpoint, { ...params, limit: expanded ? MAX_ROWS : TOP });
  const rows = query.data?.rows ?? [];

  return (
    <Panel
      id={name}
      title={title}
      state={panelState(query, (d) => d.rows.length === 0)}
      busy={query.isFetching}
      error={query.error}
      onRetry={() => void query.refetch()}
      actions={(
        <CsvButton
          subject={name}
          fileName={csvFileName(name, dashboard.range)}
          load={() => dashboard.api.getCsv(endpoint, { ...params, limit: MAX_ROWS })}
        />
      )}
    >
      <BreakdownList {...list} rows={rows} />
      <MoreButton expanded={expanded} canExpand={rows.length >= TOP} onToggle={() => setExpanded((v) => !v)} subject={name} />
    </Panel>
  );
}
