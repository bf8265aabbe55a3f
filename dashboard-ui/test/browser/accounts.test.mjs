// The Accounts tab (issue 27) in Debian Chromium against the packaged dashboard service: the list equals the
// API's answers for each sort and status filter, the cursor's next page, a row opens the account (the
// analytics locked to that customer plus its users, equal to the API), Back restores the list, the CSVs are
// the API's, axe on both views, 390 px, and where the token goes. Its own back end: the browser tests' seed
// plus accounts shaped for every case (seed.mjs ACCOUNTS: dormant, new, declining, 55 one-user customers).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession } from './lib/session.mjs';
import { axe, streamText, waitForParam } from './lib/checks.mjs';
import { ACCOUNTS, FILLERS, accountEvents, insertSql } from './lib/seed.mjs';
import { apiRequests, filters, isoDay, panel, query, settle } from './lib/view.mjs';

const PAGE_SIZE = 50; // AccountsPanel's ACCOUNTS_PAGE_SIZE
const LIST = ['accounts'];
const ACCOUNT_PANELS = ['overview', 'timeseries', 'pages', 'clicks', 'logins', 'sessions', 'account-users'];

let session;
let stack;
let adminToken;

before(async () => {
  session = await startSession();
  stack = session.stack;
  adminToken = session.tokens.current;
  stack.sql(insertSql(accountEvents(new Date())));
});

after(async () => {
  await session?.stop();
});

const since = () => session.record.requests.length;
const api = (path, accept) => stack.api(path, { token: adminToken, accept });

async function openList(page, search = '?view=accounts') {
  await page.goto(`${session.origin}/${search}`);
  await page.locator('[data-panel="accounts"]').waitFor();
  await settle(page, { panels: LIST });
}

/** The last /accounts request of the list since `mark` (not the opened account's one-row summary). */
function lastListRequest(mark) {
  const requests = apiRequests(session.record, stack.baseUrl, 'accounts', mark)
    .filter((r) => r.parsed.searchParams.get('limit') === String(PAGE_SIZE) && !/text\/csv/.test(r.headers.accept ?? ''));
  assert.ok(requests.length > 0, 'an /accounts request of the list');
  return requests.at(-1);
}

/** What the list shows: one entry per row, read through the DOM contract and the cells' raw values. */
async function shownRows(page) {
  return panel(page, 'accounts').locator('tbody tr[data-customer-id]').evaluateAll((rows) => rows.map((row) => ({
    customer_id: Number(row.getAttribute('data-customer-id')),
    // the badge's words (its glyph is aria-hidden decoration)
    status: [...(row.querySelector('[data-status]')?.childNodes ?? [])]
      .filter((node) => !(node.nodeType === 1 && node.getAttribute('aria-hidden') === 'true'))
      .map((node) => node.textContent).join('').trim(),
    active_users: Number(row.querySelector('td[data-field="active_users"]')?.getAttribute('data-value')),
    change: row.querySelector('td[data-field="change"]')?.getAttribute('data-value'),
    weekly: row.querySelector('svg[data-values]')?.getAttribute('data-values'),
  })));
}

const STATUS_LABEL = { new: 'New', growing: 'Growing', steady: 'Steady', declining: 'Declining', dormant: 'Dormant' };
const expectedRows = (rows) => rows.map((row) => ({
  customer_id: row.customer_id,
  status: STATUS_LABEL[row.status],
  active_users: row.active_users,
  change: row.active_users_change_pct === null ? '' : String(row.active_users_change_pct),
  weekly: row.weekly_active_users.join(' '),
}));

/** The list equals the API's first page for the same parameters (asked again from Node, same token). */
async function assertListEqualsApi(page, request, message) {
  const answer = await api(`/accounts?${filters(request.url)}`);
  assert.equal(answer.status, 200, message);
  assert.deepEqual(await shownRows(page), expectedRows(answer.body.rows), message);
  return answer.body;
}

test('the Accounts tab: in the URL, its rows are the API\'s first page (biggest drop first), "More" appends the cursor\'s page', async () => {
  const page = await session.newPage();
  await page.goto(`${session.origin}/?tab=keep`);
  await settle(page);
  assert.equal(await page.locator('[data-view="accounts"]').getAttribute('aria-selected'), 'false');
  const mark = since();
  await page.locator('[data-view="accounts"]').click();
  await waitForParam(page, 'view', 'accounts');
  await settle(page, { panels: LIST });
  assert.equal(await page.locator('[data-view="accounts"]').getAttribute('aria-selected'), 'true');
  assert.equal(query(page).get('tab'), 'keep', 'the host\'s own parameter survives');
  assert.equal(await panel(page, 'accounts').getAttribute('data-state'), 'ready');

  const request = lastListRequest(mark);
  const params = request.parsed.searchParams;
  assert.deepEqual(Object.fromEntries(params), { from: isoDay(29), to: isoDay(0), tz: 'UTC', sort: 'change', limit: String(PAGE_SIZE) });
  assert.equal(request.headers.authorization, `Bearer ${adminToken}`);
  const first = await assertListEqualsApi(page, request, 'default sort');
  assert.equal(first.rows.length, PAGE_SIZE);
  assert.ok(first.next, 'more customers than one page');
  assert.equal(first.rows[0].customer_id, ACCOUNTS.declining, 'the biggest drop first');
  // the change column shows the API's percent with its sign and arrow
  const change = await panel(page, 'accounts').locator(`tr[data-customer-id="${ACCOUNTS.declining}"] td[data-field="change"]`).innerText();
  assert.match(change, new RegExp(`▼\\s*${first.rows[0].active_users_change_pct.toFixed(1)}%`));
  assert.equal(await page.locator('th[aria-sort]').count(), 1);
  assert.equal(await page.locator('th[aria-sort="ascending"] [data-sort="change"]').count(), 1);

  const moreMark = since();
  await panel(page, 'accounts').locator('[data-action="more"]').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-panel="accounts"] tbody tr[data-customer-id]').length > n, PAGE_SIZE);
  await settle(page, { panels: LIST });
  const next = apiRequests(session.record, stack.baseUrl, 'accounts', moreMark).at(-1);
  assert.equal(next.parsed.searchParams.get('cursor'), first.next);
  const second = await api(`/accounts?${filters(next.url)}`);
  assert.deepEqual(await shownRows(page), expectedRows([...first.rows, ...second.body.rows]), 'the second page appended');
  assert.equal(second.body.next, null);
  assert.equal(first.rows.length + second.body.rows.length >= FILLERS + 3, true, 'every seeded customer is listed');
  await page.context().close();
});

test('sorting by a header goes to the URL and the request; the rows are the API\'s answer for that sort', async () => {
  const page = await session.newPage();
  await openList(page);
  for (const sort of ['page_views', 'active_users', 'last_seen', 'adoption']) {
    const mark = since();
    await panel(page, 'accounts').locator(`[data-sort="${sort}"]`).click();
    await waitForParam(page, 'accounts_sort', sort);
    await page.waitForFunction((s) => {
      const header = document.querySelector(`[data-sort="${s}"]`)?.closest('th');
      return header?.getAttribute('aria-sort') === 'descending';
    }, sort);
    await settle(page, { panels: LIST });
    const request = lastListRequest(mark);
    assert.equal(request.parsed.searchParams.get('sort'), sort);
    await assertListEqualsApi(page, request, `sort=${sort}`);
    assert.equal(await page.locator('th[aria-sort]').count(), 1, 'one sorted column');
  }
  // the default sort is not written into the URL
  await panel(page, 'accounts').locator('[data-sort="change"]').click();
  await waitForParam(page, 'accounts_sort', null);
  await settle(page, { panels: LIST });
  assert.equal(await page.locator('th[aria-sort="ascending"] [data-sort="change"]').count(), 1);
  // Back steps through the sorts
  await page.goBack();
  await waitForParam(page, 'accounts_sort', 'adoption');
  await page.context().close();
});

test('the status filter goes to the URL and the request; the rows are the API\'s accounts of that status', async () => {
  const page = await session.newPage();
  await openList(page);
  for (const [status, customer] of [['dormant', ACCOUNTS.dormant], ['declining', ACCOUNTS.declining], ['new', ACCOUNTS.fresh]]) {
    const mark = since();
    await page.selectOption('select[name="accounts_status"]', status);
    await waitForParam(page, 'accounts_status', status);
    await settle(page, { panels: LIST });
    const request = lastListRequest(mark);
    assert.equal(request.parsed.searchParams.get('status'), status);
    const answer = await assertListEqualsApi(page, request, `status=${status}`);
    assert.ok(answer.rows.some((row) => row.customer_id === customer), `customer ${customer} is ${status}`);
    const shown = await panel(page, 'accounts').locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-status')));
    assert.ok(shown.length > 0 && shown.every((s) => s === status), `${status} only: ${shown}`);
  }
  await page.selectOption('select[name="accounts_status"]', '');
  await waitForParam(page, 'accounts_status', null);
  await page.context().close();
});

test('a row (keyboard) opens the account: the analytics locked to it and its users equal to the API; Back restores sort and filter', async () => {
  const page = await session.newPage();
  const customer = ACCOUNTS.fresh;
  await openList(page, '?view=accounts&accounts_sort=active_users&accounts_status=new&tab=keep');
  assert.equal(await page.inputValue('select[name="accounts_status"]'), 'new');
  const button = panel(page, 'accounts').locator(`tr[data-customer-id="${customer}"] button`);
  const mark = since();
  await button.focus();
  await page.keyboard.press('Enter');
  await waitForParam(page, 'account', String(customer));
  await page.locator('[data-panel="account-users"]').waitFor();
  await settle(page, { panels: ACCOUNT_PANELS });
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-action')), 'back', 'focus on Back');
  assert.equal(await page.locator('[data-panel="accounts"]').count(), 0);

  // every analytics request of the account carries its customer
  const analytics = session.record.requests.slice(mark)
    .map((r) => new URL(r.url))
    .filter((u) => u.origin === stack.baseUrl && /\/api\/admin\/analytics\/(overview|timeseries|pages|clicks|logins|sessions)$/.test(u.pathname));
  assert.ok(analytics.length >= 6 && analytics.every((u) => u.searchParams.get('customer_id') === String(customer)),
    `customer_id=${customer} on every request: ${analytics.map((u) => u.pathname + u.search).join(' ')}`);
  const overview = analytics.filter((u) => u.pathname.endsWith('/overview') && u.searchParams.get('from') === isoDay(29)).at(-1);
  const expected = await api(`/overview${overview.search}`);
  assert.equal(await page.locator('[data-card="page_views"]').getAttribute('data-value'), String(expected.body.page_views));
  assert.equal(expected.body.page_views, stack.count(`customer_id = ${customer} AND type = 'page_view'`));

  // the users panel is the API's answer
  const usersRequest = apiRequests(session.record, stack.baseUrl, `accounts/${customer}/users`, mark).at(-1);
  assert.ok(usersRequest, 'a users request');
  assert.deepEqual(Object.fromEntries(usersRequest.parsed.searchParams), { from: isoDay(29), to: isoDay(0), tz: 'UTC', limit: '100' });
  assert.equal(usersRequest.headers.authorization, `Bearer ${adminToken}`);
  const users = (await api(`/accounts/${customer}/users?${filters(usersRequest.url)}`)).body;
  assert.equal(users.rows.length, 2);
  const shownUsers = await panel(page, 'account-users').locator('tbody tr[data-row]').evaluateAll((rows) => rows.map((row) => {
    const cells = [...row.querySelectorAll('td')].map((cell) => cell.textContent.trim());
    return { user_sub: row.getAttribute('data-row'), sessions: Number(cells[2]), page_views: Number(cells[3]), key_actions: cells[4] };
  }));
  assert.deepEqual(shownUsers, users.rows.map((row) => ({
    user_sub: row.user_sub, sessions: row.sessions, page_views: row.page_views, key_actions: row.key_actions.join('') || '–',
  })));

  // the users CSV is the API's
  const [download] = await Promise.all([page.waitForEvent('download'), panel(page, 'account-users').locator('[data-action="csv"]').click()]);
  assert.equal(download.suggestedFilename(), `account-${customer}-users-${isoDay(29)}-to-${isoDay(0)}.csv`);
  const csv = await streamText(await download.createReadStream());
  const expectedCsv = await api(`/accounts/${customer}/users?from=${isoDay(29)}&to=${isoDay(0)}&tz=UTC&limit=500`, 'text/csv');
  assert.equal(csv, expectedCsv.body);
  assert.match(csv, /^user_sub,first_seen,last_seen,sessions,page_views,key_actions\r\n/);

  // Back (the control): the list with its sort and status filter, focus on the row it came from
  await page.locator('[data-action="back"]').click();
  await waitForParam(page, 'account', null);
  await settle(page, { panels: LIST });
  const params = query(page);
  assert.deepEqual([params.get('view'), params.get('accounts_sort'), params.get('accounts_status'), params.get('tab')],
    ['accounts', 'active_users', 'new', 'keep']);
  assert.equal(await page.inputValue('select[name="accounts_status"]'), 'new');
  assert.equal(await page.locator('th[aria-sort="descending"] [data-sort="active_users"]').count(), 1);
  assert.equal(await page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-customer-id')), String(customer));
  await assertListEqualsApi(page, lastListRequest(0), 'the list after Back');
  // the browser's Back returns to the account
  await page.goBack();
  await waitForParam(page, 'account', String(customer));
  await page.locator('[data-panel="account-users"]').waitFor();
  await page.context().close();
});

test('the accounts CSV is the API\'s CSV of the same sort and filter', async () => {
  const page = await session.newPage();
  await openList(page, '?view=accounts&accounts_sort=page_views');
  const mark = since();
  const [download] = await Promise.all([page.waitForEvent('download'), panel(page, 'accounts').locator('[data-action="csv"]').click()]);
  assert.equal(download.suggestedFilename(), `accounts-${isoDay(29)}-to-${isoDay(0)}.csv`);
  const csv = await streamText(await download.createReadStream());
  const request = apiRequests(session.record, stack.baseUrl, 'accounts', mark).find((r) => /text\/csv/.test(r.headers.accept ?? ''));
  assert.ok(request, 'fetched with Accept: text/csv');
  assert.equal(request.headers.authorization, `Bearer ${adminToken}`);
  assert.equal(request.parsed.searchParams.get('sort'), 'page_views');
  assert.equal(request.parsed.searchParams.get('limit'), '500');
  const expected = await api(`/accounts?${filters(request.url)}`, 'text/csv');
  assert.equal(csv, expected.body);
  const lines = csv.trim().split('\r\n');
  assert.match(lines[0], /^customer_id,status,active_users,/);
  assert.ok(lines.length >= FILLERS + 4, `one line per customer: ${lines.length}`);
  await page.context().close();
});

test('axe-core finds no WCAG 2.1 A/AA violation in the list and in an opened account, light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const page = await session.newPage({ colorScheme });
    await openList(page);
    assert.deepEqual(await axe(page), [], `${colorScheme} list`);
    await page.goto(`${session.origin}/?view=accounts&account=${ACCOUNTS.declining}`);
    await page.locator('[data-panel="account-users"]').waitFor();
    await settle(page, { panels: ACCOUNT_PANELS });
    assert.equal(await panel(page, 'account-users').getAttribute('data-state'), 'ready');
    assert.deepEqual(await axe(page), [], `${colorScheme} account`);
    await page.context().close();
  }
});

test('at 390 px neither the list nor an opened account overflows sideways (the wide tables scroll in their own box)', async () => {
  const page = await session.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  for (const search of ['?view=accounts', `?view=accounts&account=${ACCOUNTS.declining}`]) {
    await page.goto(`${session.origin}/${search}`);
    await page.locator('[data-panel="accounts"], [data-panel="account-users"]').first().waitFor();
    await settle(page, { panels: search.includes('account=') ? ACCOUNT_PANELS : LIST });
    const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
    assert.ok(width <= 390, `${search}: scrollWidth ${width}`);
    const overflowing = await page.evaluate(() => [...document.querySelectorAll('[data-panel]')]
      .filter((element) => element.scrollWidth > element.clientWidth + 1)
      .map((element) => `${element.getAttribute('data-panel')}: ${element.scrollWidth} > ${element.clientWidth}`));
    assert.deepEqual(overflowing, [], search);
  }
  await page.context().close();
});

test('empty and error states: a range without events, and a 403 for a token without super_admin', async () => {
  let page = await session.newPage();
  await openList(page, '?view=accounts&period=custom&from=2020-01-01&to=2020-01-07');
  assert.equal(await panel(page, 'accounts').getAttribute('data-state'), 'empty');
  assert.match(await panel(page, 'accounts').innerText(), /No accounts in this range/);
  await page.context().close();
  try {
    session.tokens.current = await stack.token('viewer');
    page = await session.newPage();
    await openList(page, `?view=accounts`);
    assert.equal(await panel(page, 'accounts').getAttribute('data-state'), 'error');
    assert.match(await panel(page, 'accounts').innerText(), /lacks the super_admin role/i);
    await page.goto(`${session.origin}/?view=accounts&account=${ACCOUNTS.fresh}`);
    await page.locator('[data-panel="account-users"]').waitFor();
    await settle(page, { panels: ['account-users'] });
    assert.equal(await panel(page, 'account-users').getAttribute('data-state'), 'error');
    await page.context().close();
  } finally {
    session.tokens.current = adminToken;
  }
});

test('the token is only ever in the Authorization header, and no request leaves the two origins', async () => {
  const { requests, console: messages, pageErrors } = session.record;
  const signature = adminToken.split('.')[2];
  assert.ok(requests.some((r) => r.url.includes('/api/admin/analytics/accounts')), 'accounts requests were recorded');
  for (const request of requests) {
    assert.ok(!request.url.includes('eyJ') && !request.url.includes(signature), `token in URL ${request.url}`);
    const origin = new URL(request.url).origin;
    assert.ok(origin === session.origin || origin === stack.baseUrl, `request to a third host: ${request.url}`);
    if (origin === stack.baseUrl && request.method !== 'OPTIONS') assert.match(request.headers.authorization ?? '', /^Bearer /);
  }
  for (const message of messages) assert.ok(!message.includes('eyJ') && !message.includes(signature), `token in console: ${message}`);
  assert.deepEqual(pageErrors, [], 'no uncaught page errors');
});
