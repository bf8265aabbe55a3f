import { describe, expect, it } from 'vitest';
import {
  accountSort, accountUsersFileName, accountsFileName, accountsParams, sparklineLabel, sparklinePoints,
} from '../../src/accounts';
import { formatPercent, formatPercentChange } from '../../src/format';
import { DEFAULT_VIEW, parseViewState, serializeViewState, type ViewState } from '../../src/state/urlState';

describe('Accounts tab URL parameters', () => {
  it('round-trips the tab, sort, status filter and the open account, after the analytics parameters', () => {
    const view: ViewState = {
      ...DEFAULT_VIEW, period: '90d', surface: 'dashboard', section: 'accounts', account: 1042,
      accountsSort: 'page_views', accountsStatus: 'declining',
    };
    const search = serializeViewState(view, '?tab=keep');
    expect(search).toBe('?tab=keep&period=90d&surface=dashboard&view=accounts&account=1042'
      + '&accounts_sort=page_views&accounts_status=declining');
    expect(parseViewState(search)).toEqual(view);
  });

  it('the default sort (change) is left out of the URL, and read as the sort when absent', () => {
    expect(serializeViewState({ ...DEFAULT_VIEW, section: 'accounts' }, '')).toBe('?view=accounts');
    expect(parseViewState('?view=accounts&accounts_sort=change')).toEqual({ ...DEFAULT_VIEW, section: 'accounts' });
    expect(accountSort(parseViewState('?view=accounts'))).toBe('change');
    for (const sort of ['active_users', 'page_views', 'last_seen', 'adoption'] as const) {
      const view = parseViewState(`?view=accounts&accounts_sort=${sort}`);
      expect(accountSort(view)).toBe(sort);
      expect(serializeViewState(view, '')).toBe(`?view=accounts&accounts_sort=${sort}`);
    }
  });

  it('"Back" (dropping the account) keeps the list\'s sort and filter and every unrelated parameter', () => {
    const open = '?tab=x&view=accounts&account=777&accounts_sort=adoption&accounts_status=dormant';
    const back = serializeViewState({ ...parseViewState(open), account: undefined }, open);
    expect(back).toBe('?tab=x&view=accounts&accounts_sort=adoption&accounts_status=dormant');
  });

  it('an account means nothing outside the Accounts tab, and leaving the tab drops it', () => {
    expect(parseViewState('?account=777').account).toBeUndefined();
    expect(parseViewState('?view=access-log&account=777').account).toBeUndefined();
    const analytics = serializeViewState({ ...parseViewState('?view=accounts&account=777&accounts_status=new'), section: undefined }, '');
    expect(analytics).toBe('?accounts_status=new');
  });

  it('ignores invalid values', () => {
    expect(parseViewState('?view=accounts&account=0&accounts_sort=name&accounts_status=happy'))
      .toEqual({ ...DEFAULT_VIEW, section: 'accounts' });
    expect(parseViewState('?view=accounts&account=12x').account).toBeUndefined();
    expect(parseViewState('?view=Accounts').section).toBeUndefined();
    expect(parseViewState('?view=accounts&accounts_status=declining,dormant').accountsStatus).toBeUndefined();
  });
});

describe('Accounts API parameters', () => {
  const range = { from: '2026-11-01', to: '2026-11-30' };

  it('send the range, zone, surface, sort and status, never a path prefix or the analytics\' customer filter', () => {
    const view = parseViewState('?view=accounts&surface=dashboard&path_prefix=/messages&customer_id=12'
      + '&accounts_status=new&accounts_sort=last_seen');
    expect(accountsParams(view, range, 'America/New_York')).toEqual({
      from: '2026-11-01', to: '2026-11-30', tz: 'America/New_York', surface: 'dashboard', customer_id: undefined,
      sort: 'last_seen', status: 'new',
    });
  });

  it('send the default sort explicitly and the host\'s locked customer', () => {
    expect(accountsParams(DEFAULT_VIEW, range, 'UTC', 48213)).toMatchObject({ sort: 'change', customer_id: 48213, status: undefined });
  });

  it('name the CSV files after the range (and the status filter)', () => {
    expect(accountsFileName(range)).toBe('accounts-2026-11-01-to-2026-11-30.csv');
    expect(accountsFileName(range, 'dormant')).toBe('accounts-dormant-2026-11-01-to-2026-11-30.csv');
    expect(accountUsersFileName(1042, range)).toBe('account-1042-users-2026-11-01-to-2026-11-30.csv');
  });
});

describe('change and percentages of the accounts table', () => {
  it('the API\'s percent change reads like a stat card\'s change', () => {
    expect(formatPercentChange(-28.8)).toEqual({
      direction: 'down', arrow: '▼', text: '-28.8%', label: 'down 28.8% vs previous period',
    });
    expect(formatPercentChange(12.5)).toMatchObject({ direction: 'up', arrow: '▲', text: '+12.5%' });
    expect(formatPercentChange(0)).toMatchObject({ direction: 'flat', arrow: '▬', text: '0.0%', label: 'unchanged vs previous period' });
    expect(formatPercentChange(-100)).toMatchObject({ text: '-100.0%' });
    expect(formatPercentChange(250)).toMatchObject({ text: '+250.0%' });
    // one-decimal values survive the division by 100 exactly
    for (let tenths = -1000; tenths <= 1000; tenths += 7) {
      const percent = tenths / 10;
      const text = formatPercentChange(percent)!.text;
      expect(Number(text.replace('%', ''))).toBeCloseTo(percent, 10);
    }
  });

  it('no previous active user: no percentage at all', () => {
    expect(formatPercentChange(null)).toBeNull();
    expect(formatPercentChange(undefined)).toBeNull();
    expect(formatPercentChange(Number.NaN)).toBeNull();
  });

  it('adoption shows one decimal; null is a dash', () => {
    expect(formatPercent(86.5)).toBe('86.5%');
    expect(formatPercent(100)).toBe('100.0%');
    expect(formatPercent(0)).toBe('0.0%');
    expect(formatPercent(null)).toBe('–');
  });
});

describe('sparkline', () => {
  it('spaces the weeks evenly and scales them to the largest, y downwards', () => {
    expect(sparklinePoints([20, 10, 0], 100, 20, 0)).toBe('0,0 50,10 100,20');
    expect(sparklinePoints([0, 5], 96, 24, 2)).toBe('2,22 94,2');
  });

  it('draws all-zero weeks along the bottom, a single week as a level line, nothing for none', () => {
    expect(sparklinePoints([0, 0, 0], 100, 20, 0)).toBe('0,20 50,20 100,20');
    expect(sparklinePoints([7], 96, 24, 2)).toBe('2,2 94,2');
    expect(sparklinePoints([], 96, 24)).toBe('');
  });

  it('rounds coordinates to a tenth', () => {
    expect(sparklinePoints([3, 1, 2], 10, 10, 0)).toBe('0,0 5,6.7 10,3.3');
  });

  it('says the numbers in words', () => {
    expect(sparklineLabel([20, 18, 6], 'Nov 2, 2026')).toBe('Weekly active users from the week of Nov 2, 2026: 20, 18, 6');
    expect(sparklineLabel([])).toBe('No weekly active users');
  });
});
