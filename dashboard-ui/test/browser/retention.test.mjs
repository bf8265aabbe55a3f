// The Retention panel (issue 28) in Debian Chromium against the packaged dashboard service: the triangle equals
// the API's answer for the same parameters (every cell's number and percent), the week/month and users/visitors
// toggles go to the URL and the request (by mouse and keyboard; Back restores), the view's filters and a locked
// customer are followed and path_prefix never sent, the CSV is the API's, the loading, empty and 403 states,
// axe in light and dark, 390 px. Its own back end: the browser tests' seed plus seed.mjs's retentionEvents
// (a customer's users first seen in each of the last 12 weeks).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession } from './lib/session.mjs';
import { axe, streamText, waitForParam } from './lib/checks.mjs';
import { LOCKED_CUSTOMER } from './lib/harness.mjs';
import { RETENTION_CUSTOMER, insertSql, retentionEvents } from './lib/seed.mjs';
import { apiRequests, filters, isoDay, panel, query, settle } from './lib/view.mjs';

const RETENTION = ['retention'];

let session;
let stack;
let adminToken;

before(async () => {
  session = await startSession();
  stack = session.stack;
  adminToken = session.tokens.current;
  stack.sql(insertSql(retentionEvents(new Date())));
});

after(async () => {
  await session?.stop();
});

const since = () => session.record.requests.length;
const api = (path, accept) => stack.api(path, { token: adminToken, accept });

async function open(page, search = '', path = '/') {
  await page.goto(`${session.origin}${path}${search}`);
  await panel(page, 'retention').waitFor();
  await panel(page, 'retention').scrollIntoViewIfNeeded(); // it asks for its answer only once in view
  await settle(page, { panels: RETENTION, timeout: 60000 });
}

/** The last JSON /retention request since `mark`. */
function lastRequest(mark) {
  const requests = apiRequests(session.record, stack.baseUrl, 'retention', mark).filter((r) => !/text\/csv/.test(r.headers.accept ?? ''));
  assert.ok(requests.length > 0, 'a /retention request');
  return requests.at(-1);
}

/** What the table shows, read through the DOM contract: each row's cohort, size and every cell. */
async function shownTable(page) {
  return panel(page, 'retention').evaluate((root) => ({
    headers: [...root.querySelectorAll('thead th')].map((th) => th.textContent.trim()),
    rows: [...root.querySelectorAll('tbody tr[data-cohort]')].map((row) => ({
      period: row.getAttribute('data-cohort'),
      size: Number(row.getAttribute('data-size')),
      sizeText: row.querySelector('td[data-field="size"]').textContent,
      cells: [...row.querySelectorAll('td[data-k]')].map((td) => (td.hasAttribute('data-empty')
        ? { empty: td.textContent }
        : { active: Number(td.getAttribute('data-value')), pct: td.getAttribute('data-pct'), text: td.innerText.replace(/\s+/g, ' ').trim() })),
    })),
  }));
}

const count = (n) => n.toLocaleString('en-US');

/** The table the API's answer must produce: numbers and percents in every cell, empty cells past the range. */
function expectedTable(answer) {
  const unit = answer.cohort === 'month' ? 'Month' : 'Week';
  return {
    headers: ['Cohort', answer.counted === 'visitors' ? 'Visitors' : 'Users', ...answer.periods.map((_, k) => `${unit} ${k}`)],
    rows: answer.cohorts.map((cohort) => ({
      period: cohort.period,
      size: cohort.size,
      sizeText: count(cohort.size),
      cells: answer.periods.map((_, k) => (k < cohort.active.length
        ? {
          active: cohort.active[k],
          pct: cohort.active_pct[k] === null ? '' : String(cohort.active_pct[k]),
          text: `${cohort.active_pct[k] === null ? '–' : `${cohort.active_pct[k].toFixed(1)}%`} ${count(cohort.active[k])}`,
        }
        : { empty: '' })),
    })),
  };
}

/** The table equals the API's answer to the same parameters (asked again from Node, same token). */
async function assertTableEqualsApi(page, request, message) {
  const answer = await api(`/retention?${filters(request.url)}`);
  assert.equal(answer.status, 200, message);
  assert.deepEqual(await shownTable(page), expectedTable(answer.body), message);
  return answer.body;
}

test('weekly cohorts of signed-in users by default: the table is the API\'s answer, every cell\'s number and percent', async () => {
  const page = await session.newPage();
  const mark = since();
  await open(page, '?period=90d&tab=keep');
  assert.equal(await panel(page, 'retention').getAttribute('data-state'), 'ready');
  const request = lastRequest(mark);
  assert.deepEqual(Object.fromEntries(request.parsed.searchParams), { from: isoDay(89), to: isoDay(0), tz: 'UTC' });
  assert.equal(request.headers.authorization, `Bearer ${adminToken}`);
  const answer = await assertTableEqualsApi(page, request, '90 days, weeks, users');
  assert.equal(answer.cohort, 'week');
  assert.equal(answer.counted, 'users');
  assert.ok(answer.cohorts.length >= 12, `a cohort per week of 90 days: ${answer.cohorts.length}`);
  assert.ok(answer.cohorts.filter((c) => c.size > 0).length >= 10, 'most weeks have new users');
  assert.ok(answer.cohorts.some((c) => c.active.slice(1).some((n) => n > 0)), 'some come back');
  // the shade follows the percent: the cohort's own week (100 %) is the darkest step
  const firstCell = panel(page, 'retention').locator('tbody tr[data-cohort]').filter({ has: page.locator('td[data-pct="100"]') }).first()
    .locator('td[data-k="0"]');
  assert.match(await firstCell.getAttribute('class'), /\bpbd-heat-10\b/);
  assert.equal(query(page).get('tab'), 'keep');
  await page.context().close();
});

test('the week/month and users/visitors toggles go to the URL and the request (mouse and keyboard); Back restores', async () => {
  const page = await session.newPage();
  await open(page, '?period=90d');
  const retention = panel(page, 'retention');
  assert.equal(await retention.locator('[data-retention-cohort="week"]').getAttribute('aria-pressed'), 'true');

  let mark = since();
  await retention.locator('[data-retention-cohort="month"]').click();
  await waitForParam(page, 'retention_cohort', 'month');
  await settle(page, { panels: RETENTION, timeout: 60000 });
  let request = lastRequest(mark);
  assert.equal(request.parsed.searchParams.get('cohort'), 'month');
  let answer = await assertTableEqualsApi(page, request, 'months');
  assert.equal(answer.cohort, 'month');
  assert.equal(await retention.locator('[data-retention-cohort="month"]').getAttribute('aria-pressed'), 'true');

  // keyboard: focus the Visitors toggle and press Space
  mark = since();
  await retention.locator('[data-retention-counted="visitors"]').focus();
  await page.keyboard.press('Space');
  await waitForParam(page, 'retention_visitors', '1');
  await settle(page, { panels: RETENTION, timeout: 60000 });
  request = lastRequest(mark);
  assert.deepEqual([request.parsed.searchParams.get('cohort'), request.parsed.searchParams.get('visitors')], ['month', 'true']);
  answer = await assertTableEqualsApi(page, request, 'months, visitors');
  assert.equal(answer.counted, 'visitors');

  mark = since();
  await retention.locator('[data-retention-cohort="week"]').focus();
  await page.keyboard.press('Enter');
  await waitForParam(page, 'retention_cohort', null);
  await settle(page, { panels: RETENTION, timeout: 60000 });
  request = lastRequest(mark);
  assert.equal(request.parsed.searchParams.get('cohort'), null);
  const weeklyVisitors = await assertTableEqualsApi(page, request, 'weeks, visitors');
  const weeklyUsers = await api(`/retention?${filters(request.url, ['visitors'])}`);
  assert.notDeepEqual(weeklyVisitors.cohorts.map((c) => c.size), weeklyUsers.body.cohorts.map((c) => c.size), 'visitors are not users');

  // Back: months of visitors again, the table with them
  await page.goBack();
  await waitForParam(page, 'retention_cohort', 'month');
  await settle(page, { panels: RETENTION, timeout: 60000 });
  assert.equal(query(page).get('retention_visitors'), '1');
  assert.equal(await retention.locator('[data-retention-cohort="month"]').getAttribute('aria-pressed'), 'true');
  // the answer may come from the cache: compare with the request of these parameters
  const monthsOfVisitors = apiRequests(session.record, stack.baseUrl, 'retention')
    .filter((r) => r.parsed.searchParams.get('cohort') === 'month' && r.parsed.searchParams.get('visitors') === 'true').at(-1);
  await assertTableEqualsApi(page, monthsOfVisitors, 'after Back');
  await page.context().close();
});

test('the view\'s customer and surface filters, the zone and a locked customer are sent; path_prefix never is', async () => {
  const page = await session.newPage();
  let mark = since();
  await open(page, `?period=90d&customer_id=${RETENTION_CUSTOMER}&surface=dashboard&tz=America/New_York&path_prefix=/messages`);
  let request = lastRequest(mark);
  assert.deepEqual(Object.fromEntries(request.parsed.searchParams), {
    from: isoDay(89, 'America/New_York'), to: isoDay(0, 'America/New_York'), tz: 'America/New_York',
    customer_id: String(RETENTION_CUSTOMER), surface: 'dashboard',
  });
  assert.ok(apiRequests(session.record, stack.baseUrl, 'retention', mark).every((r) => !r.parsed.searchParams.has('path_prefix')));
  assert.match(await panel(page, 'retention').innerText(), /path filter does not apply/);
  const answer = await assertTableEqualsApi(page, request, 'one customer, New York');
  assert.ok(answer.cohorts.some((c) => c.size > 0));

  mark = since();
  await page.goto(`${session.origin}/locked?period=90d&customer_id=${RETENTION_CUSTOMER}`);
  await panel(page, 'retention').waitFor();
  await panel(page, 'retention').scrollIntoViewIfNeeded(); // it asks for its answer only once in view
  await settle(page, { panels: RETENTION, timeout: 60000 });
  request = lastRequest(mark);
  assert.equal(request.parsed.searchParams.get('customer_id'), String(LOCKED_CUSTOMER), 'the host\'s lock wins');
  await assertTableEqualsApi(page, request, 'locked customer');
  await page.context().close();
});

test('the CSV is the API\'s CSV of the same cohorts, with the token only in the Authorization header', async () => {
  const page = await session.newPage();
  await open(page, '?period=90d&retention_cohort=month');
  const mark = since();
  const [download] = await Promise.all([page.waitForEvent('download'), panel(page, 'retention').locator('[data-action="csv"]').click()]);
  assert.equal(download.suggestedFilename(), `retention-month-users-${isoDay(89)}-to-${isoDay(0)}.csv`);
  const csv = await streamText(await download.createReadStream());
  const request = apiRequests(session.record, stack.baseUrl, 'retention', mark).find((r) => /text\/csv/.test(r.headers.accept ?? ''));
  assert.ok(request, 'fetched with Accept: text/csv');
  assert.equal(request.headers.authorization, `Bearer ${adminToken}`);
  assert.ok(!request.url.includes('eyJ'), 'no token in the URL');
  assert.equal(request.parsed.searchParams.get('cohort'), 'month');
  const expected = await api(`/retention?${filters(request.url)}`, 'text/csv');
  assert.equal(csv, expected.body);
  assert.match(csv, /^cohort,size,period_0,period_1,/);
  await page.context().close();
});

test('a slow answer shows the loading text with the toggles in place; no range data is empty; a 403 names the role', async () => {
  let page = await session.newPage();
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(`${stack.baseUrl}/api/admin/analytics/retention**`, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${session.origin}/?period=90d`);
  const retention = panel(page, 'retention');
  await retention.waitFor();
  // below the fold it waits, asking nothing; in view it asks
  assert.equal(await retention.getAttribute('data-state'), 'idle');
  assert.match(await retention.innerText(), /load when this panel is scrolled into view/);
  await retention.scrollIntoViewIfNeeded();
  await page.waitForSelector('[data-panel="retention"][data-state="loading"]');
  assert.match(await retention.locator('[role="status"]').innerText(), /Loading weekly cohorts of signed-in users… .*few seconds/);
  assert.equal(await retention.locator('[data-retention-cohort]').count(), 2);
  release();
  await settle(page, { panels: RETENTION, timeout: 60000 });
  assert.equal(await retention.getAttribute('data-state'), 'ready');
  await page.context().close();

  page = await session.newPage();
  await open(page, '?period=custom&from=2020-01-01&to=2020-01-31');
  assert.equal(await panel(page, 'retention').getAttribute('data-state'), 'empty');
  assert.match(await panel(page, 'retention').innerText(), /No signed-in users first seen in this range/);
  await page.context().close();

  try {
    session.tokens.current = await stack.token('viewer');
    page = await session.newPage();
    await open(page);
    assert.equal(await panel(page, 'retention').getAttribute('data-state'), 'error');
    assert.match(await panel(page, 'retention').innerText(), /lacks the super_admin role/);
    await page.context().close();
  } finally {
    session.tokens.current = adminToken;
  }
});

test('axe-core finds no WCAG 2.1 A/AA violation with the triangle shown, light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const page = await session.newPage({ colorScheme });
    await open(page, '?period=90d');
    await settle(page, { timeout: 60000 });
    assert.equal(await panel(page, 'retention').getAttribute('data-state'), 'ready');
    assert.deepEqual(await axe(page), [], `${colorScheme}`);
    await page.context().close();
  }
});

test('at 390 px the page does not overflow: the triangle scrolls sideways in its own focusable box', async () => {
  const page = await session.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await open(page, '?period=90d');
  const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
  assert.ok(width <= 390, `scrollWidth ${width}`);
  const retention = panel(page, 'retention');
  assert.equal(await retention.evaluate((element) => element.scrollWidth <= element.clientWidth + 1), true, 'the panel itself fits');
  const box = retention.locator('[role="region"]');
  const { scrollWidth, clientWidth, tabIndex } = await box.evaluate((element) => (
    { scrollWidth: element.scrollWidth, clientWidth: element.clientWidth, tabIndex: element.tabIndex }));
  assert.ok(scrollWidth > clientWidth, `the table is wider than its box: ${scrollWidth} > ${clientWidth}`);
  assert.equal(tabIndex, 0);
  await page.context().close();
});
