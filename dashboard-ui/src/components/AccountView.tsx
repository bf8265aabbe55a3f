// An opened account: the analytics panels locked to that customer (as the host's `customerId` prop locks
// them) plus its users, under a Back control that returns to the list with its sort and filter (the
// list's state never left the URL: Back only drops `account`).
import { useEffect, useRef } from 'react';
import { accountsParams } from '../accounts';
import type { AccountsPage } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { DashboardContext, lockToCustomer, useDashboard } from '../DashboardContext';
import { formatNumber, formatPercent } from '../format';
import { AccountUsersPanel } from '../panels/AccountUsersPanel';
import { ClicksPanel } from '../panels/ClicksPanel';
import { LoginsPanel } from '../panels/LoginsPanel';
import { OverviewPanel } from '../panels/OverviewPanel';
import { PagesPanel } from '../panels/PagesPanel';
import { SessionsPanel } from '../panels/SessionsPanel';
import { TimeseriesPanel } from '../panels/TimeseriesPanel';
import { AccountChange } from './AccountChange';
import { Controls } from './Controls';
import { FilterChips } from './FilterChips';
import { StatusBadge } from './StatusBadge';

/** `focusBack`: the user opened it from the list (the row's button is gone): focus goes to Back, its top. */
export function AccountView({ customerId, defaultZone, focusBack, onBack }: {
  customerId: number;
  defaultZone: string;
  focusBack: boolean;
  onBack: () => void;
}) {
  const dashboard = useDashboard();
  const back = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focusBack) back.current?.focus();
  }, [customerId, focusBack]);

  return (
    <DashboardContext.Provider value={lockToCustomer(dashboard, customerId)}>
      <div className="pbd-account-head">
        <button ref={back} type="button" className="pbd-button" data-action="back" onClick={onBack}>
          <span aria-hidden="true">{'\u2190\u00a0'}</span>All accounts
        </button>
        <AccountSummary customerId={customerId} />
      </div>
      <Controls defaultZone={defaultZone} />
      <FilterChips />
      <div className="pbd-main">
        <OverviewPanel />
        <TimeseriesPanel />
        <AccountUsersPanel customerId={customerId} />
        <div className="pbd-grid">
          <PagesPanel />
          <ClicksPanel />
          <LoginsPanel />
          <SessionsPanel />
        </div>
      </div>
    </DashboardContext.Provider>
  );
}

/** The account's row of the list (status, active users and change, adoption), when the range has one. */
function AccountSummary({ customerId }: { customerId: number }) {
  const { view, range, zone } = useDashboard();
  const params = { ...accountsParams({ ...view, accountsStatus: undefined }, range, zone, customerId), limit: 1 };
  const row = useApiQuery<AccountsPage>('/accounts', params).data?.rows[0];
  if (!row || row.customer_id !== customerId) return null;
  return (
    <dl className="pbd-summary pbd-account-summary" data-customer-id={customerId}>
      <div><dt>Status</dt><dd><StatusBadge status={row.status} /></dd></div>
      <div>
        <dt>Active users</dt>
        <dd>
          {formatNumber(row.active_users)} <AccountChange percent={row.active_users_change_pct} />
        </dd>
      </div>
      <div><dt>Adoption</dt><dd>{formatPercent(row.adoption_pct)}</dd></div>
    </dl>
  );
}
