// The Accounts tab: the list, or the account the URL opens. Focus follows the user between the two: to
// Back on opening an account from the list, to that account's row on coming back.
import { useState } from 'react';
import { useDashboard } from '../DashboardContext';
import { AccountsPanel } from '../panels/AccountsPanel';
import { AccountView } from './AccountView';
import { Controls } from './Controls';
import { FilterChips } from './FilterChips';

export function AccountsTab({ openAccount, defaultZone }: { openAccount?: number; defaultZone: string }) {
  const { setView } = useDashboard();
  const [returnTo, setReturnTo] = useState<number>();
  const [openedFromList, setOpenedFromList] = useState(false);

  if (openAccount != null) {
    return (
      <AccountView
        customerId={openAccount}
        defaultZone={defaultZone}
        focusBack={openedFromList}
        onBack={() => {
          setOpenedFromList(false);
          setReturnTo(openAccount);
          setView({ account: undefined });
        }}
      />
    );
  }
  return (
    <>
      <Controls defaultZone={defaultZone} rangeOnly />
      <FilterChips only={['surface']} />
      <div className="pbd-main">
        <AccountsPanel
          focusCustomerId={returnTo}
          onFocused={() => setReturnTo(undefined)}
          onOpen={(account) => {
            setOpenedFromList(true);
            setView({ account });
          }}
        />
      </div>
    </>
  );
}
