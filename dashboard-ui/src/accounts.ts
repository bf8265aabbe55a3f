// What the Accounts tab says about statuses and sorts, its API parameters and file names, and the
// geometry of the weekly-active-users sparkline. Pure: no React, no DOM.
import type { QueryParams } from './api/client';
import type { AccountSort, AccountStatus } from './api/types';
import type { ViewState } from './state/urlState';
import type { DateRange } from './time/periods';

/** The badge's text is the status; the glyph only repeats it (never colour alone). */
export const STATUS_INFO: Record<AccountStatus, { label: string; glyph: string; description: string }> = {
  new: { label: 'New', glyph: '✦', description: 'first event inside the range' },
  growing: { label: 'Growing', glyph: '▲', description: 'active users up against the previous period' },
  steady: { label: 'Steady', glyph: '▬', description: 'active users about the same as the previous period' },
  declining: { label: 'Declining', glyph: '▼', description: 'active users down against the previous period' },
  dormant: { label: 'Dormant', glyph: '◌', description: 'no event in the last days of the range' },
};

/** The order the service sorts in: `change` puts the biggest drop first, every other sort the largest. */
export const SORT_DIRECTION: Record<AccountSort, 'ascending' | 'descending'> = {
  change: 'ascending',
  active_users: 'descending',
  page_views: 'descending',
  last_seen: 'descending',
  adoption: 'descending',
};

export function accountSort(view: ViewState): AccountSort {
  return view.accountsSort ?? 'change';
}

/**
 * Parameters of GET /accounts: the range, zone and surface (not path_prefix, which the endpoint refuses),
 * the host's locked customer if any, the sort and the status filter.
 */
export function accountsParams(view: ViewState, range: DateRange, zone: string, lockedCustomerId?: number): QueryParams {
  return {
    from: range.from,
    to: range.to,
    tz: zone,
    surface: view.surface,
    customer_id: lockedCustomerId,
    sort: accountSort(view),
    status: view.accountsStatus,
  };
}

/** `accounts-<from>-to-<to>.csv`, `accounts-declining-<from>-to-<to>.csv` with a status filter. */
export function accountsFileName(range: DateRange, status?: AccountStatus): string {
  return `accounts-${status ? `${status}-` : ''}${range.from}-to-${range.to}.csv`;
}

/** `account-<customer>-users-<from>-to-<to>.csv` */
export function accountUsersFileName(customerId: number, range: DateRange): string {
  return `account-${customerId}-users-${range.from}-to-${range.to}.csv`;
}

/**
 * The sparkline's polyline points in a width × height box (y grows downwards): one point per week,
 * evenly spaced, scaled to the largest week (a flat zero line at the bottom when every week is 0).
 * A single week is drawn as a short level line across the box.
 */
export function sparklinePoints(values: number[], width: number, height: number, pad = 1): string {
  if (values.length === 0) return '';
  const max = Math.max(...values);
  const y = (v: number): number => round(max > 0 ? pad + (1 - v / max) * (height - 2 * pad) : height - pad);
  if (values.length === 1) return `${pad},${y(values[0])} ${width - pad},${y(values[0])}`;
  const step = (width - 2 * pad) / (values.length - 1);
  return values.map((v, i) => `${round(pad + i * step)},${y(v)}`).join(' ');
}

/** "Weekly active users from Nov 2: 20, 18, 15, 11, 6" — the sparkline's text alternative. */
export function sparklineLabel(values: number[], firstWeek?: string): string {
  if (values.length === 0) return 'No weekly active users';
  return `Weekly active users${firstWeek ? ` from the week of ${firstWeek}` : ''}: ${values.join(', ')}`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
