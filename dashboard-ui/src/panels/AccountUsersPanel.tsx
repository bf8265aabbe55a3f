// The signed-in users of the open account, most recently seen first: the opaque Auth0 `sub` (all that is
// stored, and what a CSM looks up in Auth0), first and last seen, sessions, page views and key actions done.
import { accountUsersFileName } from '../accounts';
import { loadPagedCsv } from '../api/pagedCsv';
import type { AccountUserRow, AccountUsersPage } from '../api/types';
import { useCursorPages } from '../api/useCursorPages';
import { CsvButton } from '../components/CsvButton';
import { Panel, panelState } from '../components/Panel';
import { useDashboard } from '../DashboardContext';
import { NO_VALUE, formatInstant, formatNumber } from '../format';

export const ACCOUNT_USERS_PAGE_SIZE = 100;

export function AccountUsersPanel({ customerId }: { customerId: number }) {
  const { api, view, range, zone } = useDashboard();
  const endpoint = `/accounts/${customerId}/users`;
  // the endpoint takes the range, zone and surface (no path prefix)
  const params = { from: range.from, to: range.to, tz: zone, surface: view.surface };
  const query = useCursorPages<AccountUsersPage>(endpoint, params, ACCOUNT_USERS_PAGE_SIZE);
  const rows = query.data?.pages.flatMap((page) => page.rows) ?? [];

  return (
    <Panel
      id="account-users"
      title="Users"
      state={panelState(query, (d) => d.pages[0].rows.length === 0)}
      busy={query.isFetching}
      error={query.error}
      onRetry={() => void query.refetch()}
      emptyText="No signed-in users in this range"
      actions={(
        <CsvButton subject="users" fileName={accountUsersFileName(customerId, range)} load={() => loadPagedCsv(api, endpoint, params)} />
      )}
    >
      <UsersTable rows={rows} zone={zone} customerId={customerId} />
      <div className="pbd-list-more">
        <span className="pbd-muted pbd-small" aria-live="polite">
          {formatNumber(rows.length)} {rows.length === 1 ? 'user' : 'users'} shown, most recently seen first
        </span>
        {query.hasNextPage ? (
          <button type="button" className="pbd-button pbd-button-small" data-action="more"
            disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {query.isFetchingNextPage ? 'Loading more…' : 'More users'}
          </button>
        ) : null}
      </div>
    </Panel>
  );
}

function UsersTable({ rows, zone, customerId }: { rows: AccountUserRow[]; zone: string; customerId: number }) {
  return (
    <div className="pbd-scroll-x" role="region" aria-label={`Users of customer ${customerId}`} tabIndex={0}>
      <table className="pbd-table pbd-users-table">
        <caption className="pbd-sr-only">Users of customer {customerId}, most recently seen first, times in {zone}</caption>
        <thead>
          <tr>
            <th scope="col">User (Auth0 sub)</th>
            <th scope="col">First seen</th>
            <th scope="col">Last seen</th>
            <th scope="col" className="pbd-num">Sessions</th>
            <th scope="col" className="pbd-num">Page views</th>
            <th scope="col">Key actions</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.user_sub} data-row={row.user_sub}>
              <th scope="row" className="pbd-sub"><code>{row.user_sub}</code></th>
              <td className="pbd-nowrap"><time dateTime={row.first_seen}>{formatInstant(row.first_seen, zone)}</time></td>
              <td className="pbd-nowrap"><time dateTime={row.last_seen}>{formatInstant(row.last_seen, zone)}</time></td>
              <td className="pbd-num">{formatNumber(row.sessions)}</td>
              <td className="pbd-num">{formatNumber(row.page_views)}</td>
              <td>
                {row.key_actions.length
                  ? <ul className="pbd-key-actions">{row.key_actions.map((label) => <li key={label}><code>{label}</code></li>)}</ul>
                  : <span className="pbd-muted">{NO_VALUE}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
