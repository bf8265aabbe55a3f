// Account health: one row per customer with its status, active users and their change against the
// previous period, the weekly trend, adoption of the key actions and login failures. Sort (a header),
// status filter and the open account live in the URL; "More" follows the service's cursor.
import { useEffect, useId, useRef } from 'react';
import { SORT_DIRECTION, STATUS_INFO, accountSort, accountsFileName, accountsParams } from '../accounts';
import { loadPagedCsv } from '../api/pagedCsv';
import { ACCOUNT_STATUSES, type AccountRow, type AccountSort, type AccountsPage, type AccountStatus } from '../api/types';
import { useCursorPages } from '../api/useCursorPages';
import { AccountChange } from '../components/AccountChange';
import { CsvButton } from '../components/CsvButton';
import { Panel, panelState } from '../components/Panel';
import { Sparkline } from '../components/Sparkline';
import { StatusBadge } from '../components/StatusBadge';
import { useDashboard } from '../DashboardContext';
import {
  NO_VALUE, formatDate, formatInstant, formatNumber, formatPercent, formatRate,
} from '../format';
import { isAccountStatus } from '../state/urlState';

export const ACCOUNTS_PAGE_SIZE = 50;

/** `focusCustomerId`: the row whose button gets the focus once shown (the account the user came back from). */
export function AccountsPanel({ focusCustomerId, onFocused, onOpen }: {
  focusCustomerId?: number;
  onFocused?: () => void;
  onOpen: (customerId: number) => void;
}) {
  const { api, view, setView, range, zone, lockedCustomerId } = useDashboard();
  const params = accountsParams(view, range, zone, lockedCustomerId);
  const query = useCursorPages<AccountsPage>('/accounts', params, ACCOUNTS_PAGE_SIZE);
  const pages = query.data?.pages ?? [];
  const rows = pages.flatMap((page) => page.rows);
  const status = view.accountsStatus;
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (focusCustomerId == null || !rows.length) return;
    root.current?.querySelector<HTMLElement>(`[data-customer-id="${focusCustomerId}"] button`)?.focus();
    onFocused?.();
  }, [focusCustomerId, rows.length, onFocused]);

  return (
    <Panel
      id="accounts"
      title="Account health"
      className="pbd-accounts"
      state={panelState(query, (d) => d.pages[0].rows.length === 0)}
      busy={query.isFetching}
      error={query.error}
      onRetry={() => void query.refetch()}
      emptyText={status ? `No ${STATUS_INFO[status].label.toLowerCase()} accounts in this range` : 'No accounts in this range'}
      toolbar={<StatusFilter status={status} onChange={(next) => setView({ accountsStatus: next, account: undefined })} />}
      actions={(
        <CsvButton subject="accounts" fileName={accountsFileName(range, status)} load={() => loadPagedCsv(api, '/accounts', params)} />
      )}
    >
      <div ref={root}>
        <AccountsTable
          rows={rows}
          weeks={pages[0]?.weeks ?? []}
          keyActions={pages[0]?.key_actions ?? []}
          sort={accountSort(view)}
          onSort={(sort) => setView({ accountsSort: sort === 'change' ? undefined : sort })}
          onOpen={(row) => onOpen(row.customer_id)}
          zone={zone}
        />
      </div>
      <div className="pbd-list-more">
        <span className="pbd-muted pbd-small" aria-live="polite">
          {formatNumber(rows.length)} {rows.length === 1 ? 'account' : 'accounts'} shown
        </span>
        {query.hasNextPage ? (
          <button type="button" className="pbd-button pbd-button-small" data-action="more"
            disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {query.isFetchingNextPage ? 'Loading more…' : 'More accounts'}
          </button>
        ) : null}
      </div>
    </Panel>
  );
}

function StatusFilter({ status, onChange }: { status?: AccountStatus; onChange: (status?: AccountStatus) => void }) {
  const id = useId();
  return (
    <div className="pbd-list-toolbar">
      <div className="pbd-field">
        <label htmlFor={id}>Status</label>
        <select id={id} name="accounts_status" value={status ?? ''}
          onChange={(e) => onChange(isAccountStatus(e.target.value) ? e.target.value : undefined)}>
          <option value="">All statuses</option>
          {ACCOUNT_STATUSES.map((s) => <option key={s} value={s}>{STATUS_INFO[s].label}</option>)}
        </select>
      </div>
    </div>
  );
}

interface AccountsTableProps {
  rows: AccountRow[];
  weeks: string[];
  keyActions: string[];
  sort: AccountSort;
  onSort: (sort: AccountSort) => void;
  onOpen: (row: AccountRow) => void;
  zone: string;
}

/** The columns' headers: those with a `sort` are buttons (the orders the service knows). */
const HEADERS: Array<{ label: string; sort?: AccountSort; numeric?: boolean }> = [
  { label: 'Customer' },
  { label: 'Status' },
  { label: 'Active users', sort: 'active_users', numeric: true },
  { label: 'Change', sort: 'change', numeric: true },
  { label: 'Weekly active users' },
  { label: 'Page views', sort: 'page_views', numeric: true },
  { label: 'Sessions', numeric: true },
  { label: 'Adoption', sort: 'adoption', numeric: true },
  { label: 'Key actions (users)' },
  { label: 'Login failures', numeric: true },
  { label: 'Last seen', sort: 'last_seen' },
];

function AccountsTable({ rows, weeks, keyActions, sort, onSort, onOpen, zone }: AccountsTableProps) {
  // Eleven columns do not fit a phone: the table scrolls sideways in its own box (focusable, so keys scroll it).
  return (
    <div className="pbd-scroll-x" role="region" aria-label="Accounts table" tabIndex={0}>
      <table className="pbd-table pbd-accounts-table">
        <caption className="pbd-sr-only">
          Accounts, sorted by {SORT_CAPTION[sort]}; changes against the previous period of the same length
        </caption>
        <thead>
          <tr>
            {HEADERS.map((header) => (
              <SortHeader key={header.label} {...header} current={sort} onSort={onSort} />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.customer_id} data-customer-id={row.customer_id} data-status={row.status}>
              <th scope="row">
                <button type="button" className="pbd-row-button" data-action="open-account" onClick={() => onOpen(row)}>
                  <span className="pbd-sr-only">Open account of customer </span>
                  {row.customer_id}
                </button>
              </th>
              <td><StatusBadge status={row.status} /></td>
              <td className="pbd-num" data-field="active_users" data-value={row.active_users}>
                {isEstimated(row, 'active_users') ? <abbr title="estimated" className="pbd-estimate">≈</abbr> : null}
                {formatNumber(row.active_users)}
                <span className="pbd-row-sub">was {formatNumber(row.active_users_previous)}</span>
              </td>
              <td className="pbd-num" data-field="change" data-value={row.active_users_change_pct ?? ''}><AccountChange percent={row.active_users_change_pct} /></td>
              <td><Sparkline values={row.weekly_active_users} firstWeek={weeks[0] ? formatDate(weeks[0]) : undefined} /></td>
              <td className="pbd-num">{formatNumber(row.page_views)}</td>
              <td className="pbd-num">{formatNumber(row.sessions)}</td>
              <td className="pbd-num">{formatPercent(row.adoption_pct)}</td>
              <td><KeyActions labels={keyActions} counts={row.key_actions} /></td>
              <td className="pbd-num">{formatRate(row.login_failure_rate)}</td>
              <td className="pbd-nowrap">
                {row.last_seen ? <time dateTime={row.last_seen}>{formatInstant(row.last_seen, zone)}</time> : NO_VALUE}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const SORT_CAPTION: Record<AccountSort, string> = {
  change: 'the change in active users, biggest drop first',
  active_users: 'active users, most first',
  page_views: 'page views, most first',
  last_seen: 'last seen, most recent first',
  adoption: 'adoption, highest first',
};

/** A column header; a sortable one holds a button and, when it is the sort, aria-sort with the service's direction. */
function SortHeader({ label, sort: by, numeric, current, onSort }: {
  label: string;
  sort?: AccountSort;
  numeric?: boolean;
  current: AccountSort;
  onSort: (sort: AccountSort) => void;
}) {
  const className = numeric ? 'pbd-num' : undefined;
  if (!by) return <th scope="col" className={className}>{label}</th>;
  const active = by === current;
  return (
    <th scope="col" className={className} aria-sort={active ? SORT_DIRECTION[by] : undefined}>
      <button type="button" className="pbd-sort" data-sort={by} onClick={() => onSort(by)}>
        {label}
        <span className="pbd-sort-mark" aria-hidden="true">{active ? (SORT_DIRECTION[by] === 'ascending' ? '▲' : '▼') : '↕'}</span>
      </button>
    </th>
  );
}

function KeyActions({ labels, counts }: { labels: string[]; counts: Record<string, number> }) {
  if (labels.length === 0) return <span className="pbd-muted">{NO_VALUE}</span>;
  return (
    <ul className="pbd-key-actions">
      {labels.map((label) => (
        <li key={label}><code>{label}</code> {formatNumber(counts[label] ?? 0)}</li>
      ))}
    </ul>
  );
}

function isEstimated(row: AccountRow, field: string): boolean {
  const estimate = row.estimates?.[field];
  return estimate != null && !Array.isArray(estimate) && estimate.method !== 'exact';
}
