// @vitest-environment jsdom
// The Accounts list rendered in jsdom over a stubbed fetch: the DOM contract (rows, badges, aria-sort), and
// header / status filter / row button → URL → request. The real service is the browser tests' business.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AnalyticsDashboard } from '../../src/AnalyticsDashboard';
import type { AccountRow, AccountsPage } from '../../src/api/types';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const BASE = 'http://dashboard.test';
const TOKEN = 'eyJ.token.sig';

function row(customer_id: number, status: AccountRow['status'], change: number | null): AccountRow {
  return {
    customer_id, status, active_users: 37, active_users_previous: 52, active_users_change_pct: change,
    page_views: 1840, sessions: 212, weekly_active_users: [20, 18, 15, 11, 6],
    key_actions: { send_email_btn: 12, nav_compose: 30 }, adoption_pct: 86.5, login_failure_rate: 0.0412,
    last_seen: '2026-11-29T14:02:11-05:00',
  };
}

const PAGE: AccountsPage = {
  weeks: ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30'],
  key_actions: ['send_email_btn', 'nav_compose'],
  rows: [row(1042, 'declining', -28.8), row(777, 'new', null)],
  next: null,
};

let container: HTMLDivElement;
let root: Root;
let requests: Array<{ url: URL; headers: Record<string, string> }>;

beforeEach(async () => {
  window.history.replaceState(null, '', '/admin?tab=keep&view=accounts');
  requests = [];
  vi.stubGlobal('fetch', vi.fn(async (input: string, init: RequestInit) => {
    const url = new URL(input);
    requests.push({ url, headers: init.headers as Record<string, string> });
    // the list's answer; the users an empty page; every other endpoint (the account's analytics) 404
    const path = url.pathname.replace('/api/admin/analytics', '');
    const body = path === '/accounts' ? PAGE : /^\/accounts\/\d+\/users$/.test(path) ? { rows: [], key_actions: [], next: null } : null;
    return new Response(JSON.stringify(body ?? { status: 404 }), {
      status: body ? 200 : 404, headers: { 'content-type': 'application/json' },
    });
  }));
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  await act(async () => root.render(<AnalyticsDashboard baseUrl={BASE} getAccessToken={async () => TOKEN} timeZone="UTC" />));
  await settled();
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
  vi.unstubAllGlobals();
});

/** Lets the queries answer and React commit. */
async function settled(): Promise<void> {
  for (let i = 0; i < 5; i++) await act(async () => { await new Promise((resolve) => setTimeout(resolve, 0)); });
}

const $ = (selector: string) => container.querySelector<HTMLElement>(selector);
const accountRequests = () => requests.filter((r) => r.url.pathname === '/api/admin/analytics/accounts');

describe('the Accounts list', () => {
  it('shows one row per account with its status as text, its change and sparkline, and the token only in the header', () => {
    expect($('[data-view="accounts"]')?.getAttribute('aria-selected')).toBe('true');
    expect($('[data-panel="accounts"]')?.getAttribute('data-state')).toBe('ready');
    const rows = [...container.querySelectorAll('tr[data-customer-id]')];
    expect(rows.map((r) => r.getAttribute('data-customer-id'))).toEqual(['1042', '777']);
    expect(rows[0].querySelector('[data-status]')?.textContent).toContain('Declining');
    expect(rows[0].textContent).toContain('-28.8%');
    expect(rows[1].textContent).toContain('no active users in the previous period');
    expect(rows[0].querySelector('svg[role="img"]')?.getAttribute('aria-label'))
      .toBe('Weekly active users from the week of Nov 2, 2026: 20, 18, 15, 11, 6');
    expect(rows[0].textContent).toContain('86.5%');
    expect(rows[0].textContent).toContain('4.1%');
    const [request] = accountRequests();
    expect(request.url.searchParams.get('sort')).toBe('change');
    expect(request.url.searchParams.get('limit')).toBe('50');
    expect(request.headers.Authorization).toBe(`Bearer ${TOKEN}`);
    expect(request.url.search).not.toContain('eyJ');
    expect($('th[aria-sort="ascending"] [data-sort="change"]')).not.toBeNull();
  });

  it('a header sorts: URL, request and aria-sort', async () => {
    await act(async () => $('[data-sort="page_views"]')!.click());
    await settled();
    expect(window.location.search).toBe('?tab=keep&view=accounts&accounts_sort=page_views');
    expect(accountRequests().at(-1)!.url.searchParams.get('sort')).toBe('page_views');
    expect($('[data-sort="page_views"]')!.closest('th')!.getAttribute('aria-sort')).toBe('descending');
    expect(container.querySelectorAll('th[aria-sort]').length).toBe(1);
  });

  it('the status filter goes to the URL and the request', async () => {
    const select = $('select[name="accounts_status"]') as HTMLSelectElement;
    await act(async () => {
      select.value = 'dormant';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await settled();
    expect(window.location.search).toBe('?tab=keep&view=accounts&accounts_status=dormant');
    expect(accountRequests().at(-1)!.url.searchParams.get('status')).toBe('dormant');
  });

  it('a row\'s button opens the account; "All accounts" returns to the list', async () => {
    await act(async () => $('tr[data-customer-id="1042"] button')!.click());
    await settled();
    expect(window.location.search).toBe('?tab=keep&view=accounts&account=1042');
    expect($('[data-panel="account-users"]')).not.toBeNull();
    expect($('[data-panel="accounts"]')).toBeNull();
    const users = requests.find((r) => r.url.pathname === '/api/admin/analytics/accounts/1042/users');
    expect(users?.url.searchParams.get('limit')).toBe('100');
    expect($('[data-panel="account-users"]')?.getAttribute('data-state')).toBe('empty');
    const overview = requests.filter((r) => r.url.pathname === '/api/admin/analytics/overview');
    expect(overview.length).toBeGreaterThan(0);
    expect(overview.every((r) => r.url.searchParams.get('customer_id') === '1042')).toBe(true);
    await act(async () => $('[data-action="back"]')!.click());
    await settled();
    expect(window.location.search).toBe('?tab=keep&view=accounts');
    expect($('[data-panel="accounts"]')).not.toBeNull();
  });
});
