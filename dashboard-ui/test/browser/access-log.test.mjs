// The "Access log" tab (issue 16) in Debian Chromium against the packaged dashboard service: who sees it,
// rows and filters against the API's own answers, paging by cursor, the chain check, the CSV, axe, and
// where the token goes. Tokens from the dev issuer: super_admin only, security_officer only, and both.
// The back end starts once for this file; the tests run in order (the last one tampers with the chain).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSession } from './lib/session.mjs';
import { streamText } from './lib/checks.mjs';
import { PACKAGE } from './lib/paths.mjs';
import { isoDay, panel, query, settle, waitForQuery } from './lib/view.mjs';

// 1,050 refused calls of one subject: more than one CSV page (1,000) and many pages of the view (100).
const NOISY_SUB = 'auth0|noisy-viewer';
const NOISY_CALLS = 1050;
const PAGE_SIZE = 100;

let session;
let stack;
let tokens;

before(async () => {
  session = await startSession();
  stack = session.stack;
  tokens = {
    admin: session.tokens.current,
    auditor: await stack.token('auditor'),
    both: await stack.token('admin-auditor'),
    noisy: await stack.token(`?role=viewer&sub=${encodeURIComponent(NOISY_SUB)}`),
  };
  for (let i = 0; i < NOISY_CALLS; i += 25) {
    const batch = Array.from({ length: Math.min(25, NOISY_CALLS - i) }, () => stack.api('/overview', { token: tokens.noisy }));
    for (const answer of await Promise.all(batch)) assert.equal(answer.status, 403);
  }
});

after(async () => {
  session.tokens.current = tokens?.admin;
  await session?.stop();
});

const since = () => session.record.requests.length;
const LOG = '[data-panel="access-log"]';

/** Requests of the view to GET /api/admin/audit (not /verify) since `mark`, with their parsed URL. */
function auditRequests(mark = 0) {
  return session.record.requests.slice(mark)
    .map((request) => ({ ...request, parsed: new URL(request.url) }))
    .filter((r) => r.url.startsWith(stack.baseUrl) && r.parsed.pathname === '/api/admin/audit' && r.method === 'GET');
}

async function openAs(token, search = '', options = {}) {
  session.tokens.current = token;
  const page = await session.newPage(options);
  await page.goto(`${session.origin}/${search}`);
  return page;
}

/** Waits for the access log to settle (ready/empty/error and nothing in flight). */
async function settleLog(page) {
  await page.locator(LOG).waitFor();
  await settle(page, { panels: ['access-log'] });
}

async function shownRows(page) {
  return page.locator(`${LOG} tbody tr[data-row]`).evaluateAll((rows) => rows.map((row) => {
    const cells = [...row.querySelectorAll('td')].map((cell) => cell.textContent.trim());
    return { id: Number(row.getAttribute('data-row')), time: cells[0], subject: cells[1], method: cells[2], endpoint: cells[3], query: cells[4], status: Number(cells[5]) };
  }));
}

const wallClock = (instant, timeZone) => {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
};

test('the tab is absent for a super_admin-only token, and a security officer lands on the access log', async () => {
  // super_admin alone: the probe is refused (403), the tab bar has no Access log, the analytics are as before
  let mark = since();
  let page = await openAs(tokens.admin);
  await settle(page);
  const probes = auditRequests(mark);
  assert.equal(probes.length, 1, 'one probe per mount');
  assert.equal(probes[0].parsed.searchParams.get('limit'), '1');
  assert.equal(await page.locator('[data-view="access-log"], [data-panel="access-log"]').count(), 0);
  assert.deepEqual(await page.locator('[role="tab"]').evaluateAll((tabs) => tabs.map((tab) => tab.getAttribute('data-view'))),
    ['analytics', 'accounts']);
  assert.ok(await page.locator('[data-panel="overview"][data-state="ready"]').count() === 1);
  await page.context().close();

  // security_officer alone: analytics answer 403, so without `view` the access log is shown by default
  page = await openAs(tokens.auditor);
  await settleLog(page);
  assert.equal(await page.locator(`${LOG}`).getAttribute('data-state'), 'ready');
  assert.equal(await page.locator('[data-view="access-log"]').getAttribute('aria-selected'), 'true');
  assert.equal(query(page).get('view'), null, 'the default is not written into the URL');
  // picking "Analytics" shows its 403 text; picking "Access log" puts it in the URL
  await page.locator('[data-view="analytics"]').click();
  await settle(page);
  assert.match(await panel(page, 'overview').innerText(), /lacks the super_admin role/i);
  assert.equal(await page.locator(LOG).count(), 0);
  // keyboard: the selected tab is the one tab stop; the arrow keys move to and select another one (from the
  // first tab, ArrowLeft wraps to the last: Access log, after Accounts)
  await page.locator('[data-view="analytics"]').focus();
  await page.keyboard.press('ArrowLeft');
  await waitForQuery(page, () => new URL(location.href).searchParams.get('view') === 'access-log', 'view=access-log');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-view')), 'access-log');
  await settleLog(page);
  await page.goBack();
  await waitForQuery(page, () => !new URL(location.href).searchParams.has('view'), 'no view after Back');
  await page.locator('[data-panel="overview"]').waitFor();
  await page.context().close();

  // both roles: analytics by default, with the tab bar
  page = await openAs(tokens.both);
  await settle(page);
  assert.equal(await page.locator('[data-view="analytics"]').getAttribute('aria-selected'), 'true');
  assert.equal(await page.locator('[data-view="access-log"]').getAttribute('aria-selected'), 'false');
  assert.equal(await panel(page, 'overview').getAttribute('data-state'), 'ready');
  await page.context().close();

  // ?view=access-log for someone without the role: the analytics, no Access log tab
  page = await openAs(tokens.admin, '?view=access-log&tab=unrelated');
  await settle(page);
  assert.equal(await page.locator('[data-view="access-log"], [data-panel="access-log"]').count(), 0);
  assert.equal(await page.locator('[data-view="analytics"]').getAttribute('aria-selected'), 'true');
  assert.equal(query(page).get('tab'), 'unrelated');
  await page.context().close();
});

test('the rows shown are the API\'s first page, newest first, with times in the view\'s zone', async () => {
  const zone = 'America/New_York';
  const page = await openAs(tokens.auditor, '?view=access-log', { timezoneId: zone });
  await settleLog(page);
  const shown = await shownRows(page);
  assert.equal(shown.length, PAGE_SIZE, 'one page');
  assert.deepEqual(shown.map((r) => r.id), [...shown.map((r) => r.id)].sort((a, b) => b - a), 'newest first');
  // the trail grows with every call (this page's own included): compare with the API from the first row shown on
  const answer = await stack.audit('?limit=1000', { token: tokens.auditor });
  assert.equal(answer.status, 200);
  const expected = answer.body.rows.filter((row) => row.id <= shown[0].id).slice(0, PAGE_SIZE);
  assert.equal(expected[0].id, shown[0].id);
  assert.deepEqual(shown, expected.map((row) => ({
    id: row.id, time: wallClock(row.occurred_at, zone), subject: row.subject ?? 'none', method: row.method,
    endpoint: row.endpoint,
    query: Object.entries(row.query_params ?? {}).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${k}=${x}`)).join(' ') || '–',
    status: row.status,
  })));
  assert.match(await page.locator('.pbd-header').innerText(), /America\/New_York/);
  await page.context().close();
});

test('filters go to the URL and into the request; Load older appends the next page; Back restores', async () => {
  const page = await openAs(tokens.auditor, '?view=access-log&tab=keep');
  await settleLog(page);
  const from = isoDay(1);
  const to = isoDay(0);
  const next = isoDay(-1);
  await page.fill('input[name="audit_from"]', from);
  await page.fill('input[name="audit_to"]', to);
  await page.fill('input[name="audit_subject"]', NOISY_SUB);
  await page.fill('input[name="audit_status"]', '403');
  await page.fill('input[name="audit_endpoint_prefix"]', '/api/admin/analytics/over');
  const mark = since();
  await page.locator('[data-action="apply"]').click();
  await waitForQuery(page, () => new URL(location.href).searchParams.has('audit_subject'), 'the filters');
  const params = query(page);
  assert.deepEqual(Object.fromEntries(params), {
    tab: 'keep', view: 'access-log', audit_from: from, audit_to: to, audit_subject: NOISY_SUB, audit_status: '403',
    audit_endpoint_prefix: '/api/admin/analytics/over',
  });
  await settleLog(page);
  const request = auditRequests(mark).at(-1);
  assert.ok(request, 'a request with the filters');
  assert.deepEqual(Object.fromEntries(request.parsed.searchParams), {
    from: `${from}T00:00:00Z`, to: `${next}T00:00:00Z`, subject: NOISY_SUB, status: '403',
    endpoint_prefix: '/api/admin/analytics/over', limit: String(PAGE_SIZE),
  });
  const filter = request.parsed.search.slice(1);
  const first = await stack.audit(`?${filter}`, { token: tokens.auditor });
  assert.equal(first.body.rows.length, PAGE_SIZE);
  assert.ok(first.body.next);
  let shown = await shownRows(page);
  assert.deepEqual(shown.map((r) => r.id), first.body.rows.map((r) => r.id));
  assert.ok(shown.every((r) => r.subject === NOISY_SUB && r.status === 403 && r.endpoint === '/api/admin/analytics/overview'));

  // Load older: the next page by the cursor, appended
  const moreMark = since();
  await page.locator(`${LOG} [data-action="more"]`).click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-panel="access-log"] tbody tr[data-row]').length === n, PAGE_SIZE * 2);
  const second = await stack.audit(`?${filter}&cursor=${encodeURIComponent(first.body.next)}`, { token: tokens.auditor });
  const olderRequest = auditRequests(moreMark).at(-1);
  assert.equal(olderRequest.parsed.searchParams.get('cursor'), first.body.next);
  shown = await shownRows(page);
  assert.deepEqual(shown.map((r) => r.id), [...first.body.rows, ...second.body.rows].map((r) => r.id));

  // Back: no filters in the URL nor in the form
  await page.goBack();
  await waitForQuery(page, () => !new URL(location.href).searchParams.has('audit_subject'), 'no filters after Back');
  assert.equal(await page.inputValue('input[name="audit_subject"]'), '');
  assert.equal(query(page).get('view'), 'access-log');
  // a filter that matches nothing shows the empty state
  await page.fill('input[name="audit_subject"]', 'auth0|nobody-at-all');
  await page.locator('[data-action="apply"]').click();
  await page.waitForSelector(`${LOG}[data-state="empty"]`);
  assert.match(await page.locator(LOG).innerText(), /No access log entries match/);
  await page.context().close();
});

test('the CSV holds the API\'s rows of the filters, every page of them', async () => {
  const from = isoDay(1);
  const page = await openAs(tokens.auditor, `?view=access-log&audit_from=${from}&audit_subject=${encodeURIComponent(NOISY_SUB)}`);
  await settleLog(page);
  const mark = since();
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`${LOG} [data-action="csv"]`).click()]);
  assert.equal(download.suggestedFilename(), `access-log-${from}-to-now.csv`);
  const csv = await streamText(await download.createReadStream());
  const csvRequests = auditRequests(mark).filter((r) => /text\/csv/.test(r.headers.accept ?? ''));
  assert.equal(csvRequests.length, 2, 'two pages of 1,000 (the cursor from X-Next-Cursor)');
  for (const r of csvRequests) assert.equal(r.headers.authorization, `Bearer ${tokens.auditor}`);
  assert.ok(csvRequests[1].parsed.searchParams.get('cursor'), 'the second page by cursor');
  const lines = csv.trimEnd().split('\r\n');
  assert.equal(lines[0], 'id,seq,occurred_at,subject,method,endpoint,query_params,status,hash');
  assert.equal(lines.length, 1 + NOISY_CALLS, 'one header, every row of the subject');
  const api = await stack.audit(`?from=${from}T00:00:00Z&subject=${encodeURIComponent(NOISY_SUB)}&limit=1000`, { token: tokens.auditor, accept: 'text/csv' });
  const apiNext = await stack.audit(`?from=${from}T00:00:00Z&subject=${encodeURIComponent(NOISY_SUB)}&limit=1000&cursor=${encodeURIComponent(api.next)}`,
    { token: tokens.auditor, accept: 'text/csv' });
  assert.equal(csv, api.body + apiNext.body.slice(apiNext.body.indexOf('\r\n') + 2), 'the file is the API\'s CSV pages');
  await page.context().close();
});

test('Verify chain shows an intact chain with its figures', async () => {
  const page = await openAs(tokens.auditor, '?view=access-log');
  await settleLog(page);
  await page.locator('[data-action="verify"]').click();
  const result = page.locator('[data-verify-result]');
  await result.waitFor({ timeout: 30000 });
  assert.equal(await result.getAttribute('data-verify-result'), 'ok');
  const rows = Number(await result.locator('[data-verify-rows]').getAttribute('data-verify-rows'));
  assert.ok(rows > NOISY_CALLS, `rows checked: ${rows}`);
  const text = await result.innerText();
  assert.match(text, /Chain intact/);
  assert.match(text, /Head seq/);
  assert.match(text, /Rows\/s/);
  await page.context().close();
});

test('axe-core finds no WCAG 2.1 A/AA violation in the access log, light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const page = await openAs(tokens.both, '?view=access-log', { colorScheme });
    await settleLog(page);
    await page.locator('[data-action="verify"]').click();
    await page.locator('[data-verify-result]').waitFor({ timeout: 30000 });
    await page.addScriptTag({ path: join(PACKAGE, 'node_modules/axe-core/axe.min.js') });
    const result = await page.evaluate(() => window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    }));
    const violations = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 5)
      .map((node) => `    ${node.target.join(' ')} — ${node.failureSummary?.replaceAll('\n', ' ')}`).join('\n')}`);
    assert.ok(result.passes.length > 10, 'axe ran its checks');
    assert.deepEqual(violations, [], `${colorScheme}: ${violations.join('\n')}`);
    await page.context().close();
  }
});

test('at 390 px the access log does not overflow sideways', async () => {
  const page = await openAs(tokens.auditor, '?view=access-log', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await settleLog(page);
  await page.locator('[data-action="verify"]').click();
  await page.locator('[data-verify-result]').waitFor({ timeout: 30000 });
  const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
  assert.ok(width <= 390, `scrollWidth ${width}`);
  const log = await page.locator(LOG).evaluate((element) => [element.scrollWidth, element.clientWidth]);
  assert.ok(log[0] <= log[1] + 1, `access log ${log[0]} > ${log[1]}`);
  await page.context().close();
});

test('the token is only in the Authorization header of the audit calls, never in a URL or storage', async () => {
  const page = await openAs(tokens.auditor, '?view=access-log');
  await settleLog(page);
  const storage = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }));
  const cookies = JSON.stringify(await page.context().cookies());
  await page.context().close();
  const signatures = Object.values(tokens).map((t) => t.split('.')[2]);
  assert.ok(!storage.includes('eyJ') && !cookies.includes('eyJ'), `no JWT in storage: ${storage}`);
  for (const s of signatures) assert.ok(!storage.includes(s) && !cookies.includes(s));
  const audits = session.record.requests.filter((r) => r.url.startsWith(`${stack.baseUrl}/api/admin/audit`) && r.method !== 'OPTIONS');
  assert.ok(audits.length > 10, 'audit calls were recorded');
  for (const request of session.record.requests) {
    assert.ok(!request.url.includes('eyJ') && !signatures.some((s) => request.url.includes(s)), `token in URL ${request.url}`);
    const origin = new URL(request.url).origin;
    assert.ok(origin === session.origin || origin === stack.baseUrl, `request to a third host: ${request.url}`);
  }
  for (const request of audits) assert.match(request.headers.authorization ?? '', /^Bearer ey/);
  for (const message of session.record.console) assert.ok(!signatures.some((s) => message.includes(s)), `token in console: ${message}`);
  assert.deepEqual(session.record.pageErrors, [], 'no uncaught page errors');
});

test('a row changed by SQL: Verify chain says broken and names that row', async () => {
  const page = await openAs(tokens.auditor, `?view=access-log&audit_subject=${encodeURIComponent(NOISY_SUB)}`);
  await settleLog(page);
  const [target] = await shownRows(page);
  stack.sql(`UPDATE audit_log SET status = 200 WHERE id = ${target.id}`);
  await page.locator('[data-action="verify"]').click();
  const result = page.locator('[data-verify-result]');
  await result.waitFor({ timeout: 30000 });
  assert.equal(await result.getAttribute('data-verify-result'), 'broken');
  assert.match(await result.innerText(), new RegExp(`Chain broken at entry ${target.id}\\b`));
  assert.match(await result.innerText(), new RegExp(`First broken id\\s*${target.id}\\b`));
  await page.context().close();
});
