// The admin view in Debian Chromium against the packaged dashboard service over a seeded embedded
// PostgreSQL, tokens from the dev issuer. The back end starts once for this file; the tests run in order
// (the erasure changes the data, the outage test stops the database, so they come last).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSession } from './lib/session.mjs';
import { streamText } from './lib/checks.mjs';
import { LOCKED_CUSTOMER } from './lib/harness.mjs';
import { ERASE_SUB } from './lib/seed.mjs';
import { PACKAGE } from './lib/paths.mjs';
import {
  PANELS, apiRequests, cards, cardsMatch, expectedCards, filters, isoDay, panel, query, settle, states, waitForQuery,
} from './lib/view.mjs';

let session;
let stack;
let adminToken;

before(async () => {
  session = await startSession();
  stack = session.stack;
  adminToken = session.tokens.current;
});

after(async () => {
  await session?.stop();
});

const url = (search = '', path = '/') => `${session.origin}${path}${search}`;
const since = () => session.record.requests.length;
const api = (path) => stack.api(path, { token: adminToken });
const utcDayCount = (type, from, to, extra = '') => stack.count(
  `type = '${type}' AND occurred_at >= '${from}T00:00:00Z' AND occurred_at < '${to}T00:00:00Z'::timestamptz + interval '1 day' ${extra}`);

async function open(page, search = '', path = '/') {
  await page.goto(url(search, path));
  await settle(page);
}

/** The last overview request of the current range (not the previous period's). */
function lastOverview(mark, from) {
  const requests = apiRequests(session.record, stack.baseUrl, 'overview', mark).filter((r) => r.parsed.searchParams.get('from') === from);
  assert.ok(requests.length > 0, `an /overview request for from=${from}`);
  return requests.at(-1);
}

async function assertCardsEqualApi(page, request, message) {
  const answer = await api(`/overview?${filters(request.url)}`);
  assert.equal(answer.status, 200);
  const expected = expectedCards(answer.body);
  try { // wait for the numbers (a refetch may still be on screen); the assertion below says what differs
    await page.waitForFunction(({ expected }) => {
      const values = Object.fromEntries([...document.querySelectorAll('[data-panel="overview"] [data-card]')]
        .map((card) => [card.getAttribute('data-card'), card.getAttribute('data-value')]));
      return Object.entries(expected).every(([metric, value]) => (value === '' ? values[metric] === ''
        : values[metric] !== undefined && values[metric] !== '' && Math.abs(Number(values[metric]) - Number(value)) < 1e-9));
    }, { expected }, { timeout: 10000 });
  } catch {
    // reported below
  }
  const shown = await cards(page);
  assert.ok(cardsMatch(shown, expected), `${message}: cards ${JSON.stringify(shown)} vs API ${JSON.stringify(expected)}`);
  return answer.body;
}

test('the stat cards show the API\'s /overview numbers for the default 30 days, with the previous period and the graph requested', async () => {
  const mark = since();
  const page = await session.newPage();
  await open(page);
  const from = isoDay(29);
  const to = isoDay(0);
  const request = lastOverview(mark, from);
  const params = request.parsed.searchParams;
  assert.equal(params.get('to'), to);
  assert.equal(params.get('tz'), 'UTC', 'the browser\'s zone is sent');
  const overview = await assertCardsEqualApi(page, request, 'default view');
  // and the API's numbers are the seed's: independent counts in SQL
  assert.equal(overview.page_views, utcDayCount('page_view', from, to));
  assert.equal(overview.clicks, utcDayCount('click', from, to));
  const distinct = stack.sql(`SELECT count(DISTINCT anon_id) || ',' || count(DISTINCT session_id) || ',' || count(DISTINCT user_sub)
    FROM analytics_events WHERE occurred_at >= '${from}T00:00:00Z' AND occurred_at < '${to}T00:00:00Z'::timestamptz + interval '1 day'`);
  assert.equal([overview.unique_visitors, overview.sessions, overview.unique_users].join(','), distinct);
  assert.ok(overview.page_views > 100 && overview.login_failures > 0, `seeded data in range: ${JSON.stringify(overview)}`);
  // compare is on by default: the previous 30 days are asked for too, and they hold different numbers
  const previous = apiRequests(session.record, stack.baseUrl, 'overview', mark).find((r) => r.parsed.searchParams.get('from') === isoDay(59));
  assert.ok(previous, 'an /overview request for the previous period');
  assert.equal(previous.parsed.searchParams.get('to'), isoDay(30));
  const previousAnswer = await api(`/overview?${filters(previous.url)}`);
  assert.notEqual(previousAnswer.body.page_views, overview.page_views);
  // the main graph asks for page views by day
  const series = apiRequests(session.record, stack.baseUrl, 'timeseries', mark).filter((r) => r.parsed.searchParams.get('from') === from);
  assert.ok(series.some((r) => r.parsed.searchParams.get('metric') === 'page_views' && r.parsed.searchParams.get('interval') === 'day'),
    `a page_views/day series request among ${series.map((r) => r.parsed.search).join(' ')}`);
  assert.deepEqual(await states(page), Object.fromEntries(PANELS.map((name) => [name, 'ready'])));
  await page.context().close();
});

test('period, interval and compare live in the URL, drive the requests, keep unrelated parameters, and Back restores the view', async () => {
  const page = await session.newPage();
  await open(page, '?tab=analytics');
  const thirtyDays = await cards(page);

  let mark = since();
  await page.selectOption('select[name="period"]', '7d');
  await waitForQuery(page, () => new URLSearchParams(location.search).get('period') === '7d', 'period=7d');
  await settle(page);
  assert.equal(query(page).get('tab'), 'analytics', 'the host\'s own parameter survives');
  const week = lastOverview(mark, isoDay(6));
  assert.equal(week.parsed.searchParams.get('to'), isoDay(0));
  const weekCards = (await assertCardsEqualApi(page, week, '7 days'));
  assert.notEqual(weekCards.page_views, Number(thirtyDays.page_views), '7 days differ from 30 days');

  mark = since();
  await page.selectOption('select[name="interval"]', 'hour');
  await waitForQuery(page, () => new URLSearchParams(location.search).get('interval') === 'hour', 'interval=hour');
  await settle(page);
  const hourly = apiRequests(session.record, stack.baseUrl, 'timeseries', mark);
  assert.ok(hourly.length > 0 && hourly.every((r) => r.parsed.searchParams.get('interval') === 'hour'),
    `hourly series requested: ${hourly.map((r) => r.parsed.search).join(' ')}`);

  mark = since();
  await page.uncheck('input[name="compare"]');
  await waitForQuery(page, () => new URLSearchParams(location.search).get('compare') === '0', 'compare=0');
  await settle(page);
  assert.equal(await page.isChecked('input[name="compare"]'), false);
  assert.equal(query(page).get('tab'), 'analytics');
  // without compare, a new range is asked for without its previous period
  mark = since();
  await page.selectOption('select[name="period"]', '90d');
  await waitForQuery(page, () => new URLSearchParams(location.search).get('period') === '90d', 'period=90d');
  await settle(page);
  const ninety = apiRequests(session.record, stack.baseUrl, 'overview', mark).map((r) => r.parsed.searchParams.get('from'));
  assert.deepEqual([...new Set(ninety)], [isoDay(89)], 'only the current range, no previous period');
  assert.equal(query(page).get('compare'), '0');

  // Back: 7 days, compare on again, then the daily interval, then 30 days with its numbers
  await page.goBack();
  await waitForQuery(page, () => new URLSearchParams(location.search).get('period') === '7d', 'period=7d');
  assert.equal(await page.inputValue('select[name="period"]'), '7d');
  await page.goBack();
  await waitForQuery(page, () => !new URLSearchParams(location.search).has('compare'), 'no compare parameter');
  assert.equal(await page.isChecked('input[name="compare"]'), true);
  await page.goBack();
  await waitForQuery(page, () => !new URLSearchParams(location.search).has('interval'), 'no interval parameter');
  assert.equal(await page.inputValue('select[name="interval"]'), 'day');
  await page.goBack();
  await waitForQuery(page, () => new URLSearchParams(location.search).get('period') !== '7d', 'the 30-day view');
  await settle(page);
  assert.equal(await page.inputValue('select[name="period"]'), '30d');
  assert.equal(query(page).get('tab'), 'analytics');
  assert.deepEqual(await cards(page), thirtyDays, 'Back shows the 30-day numbers again');
  await page.context().close();
});

test('today is graphed by the hour without an interval in the URL, and its cards hold today\'s events', async () => {
  const page = await session.newPage();
  const mark = since();
  await open(page, '?period=today');
  const today = isoDay(0);
  const series = apiRequests(session.record, stack.baseUrl, 'timeseries', mark).filter((r) => r.parsed.searchParams.get('from') === today);
  assert.ok(series.length > 0 && series.every((r) => r.parsed.searchParams.get('to') === today && r.parsed.searchParams.get('interval') === 'hour'),
    `hourly series for today: ${series.map((r) => r.parsed.search).join(' ')}`);
  assert.equal(query(page).get('interval'), null);
  const overview = await assertCardsEqualApi(page, lastOverview(mark, today), 'today');
  assert.equal(overview.page_views, utcDayCount('page_view', today, today));
  assert.ok(overview.page_views > 0, 'the seed has events today');
  // the previous period of today is yesterday
  assert.ok(apiRequests(session.record, stack.baseUrl, 'overview', mark).some((r) => r.parsed.searchParams.get('from') === isoDay(1)
    && r.parsed.searchParams.get('to') === isoDay(1)), 'yesterday is asked for as the previous period');
  await page.context().close();
});

test('a custom range and time zone come from the URL and go into every request', async () => {
  // Auckland is a day ahead of UTC for half of the day: "today" must be the browser's
  const page = await session.newPage({ timezoneId: 'Pacific/Auckland' });
  const from = isoDay(20);
  const to = isoDay(10);
  const mark = since();
  await open(page, `?period=custom&from=${from}&to=${to}&tz=America/New_York`);
  assert.equal(await page.inputValue('input[name="from"]'), from);
  assert.equal(await page.inputValue('input[name="to"]'), to);
  const sent = apiRequests(session.record, stack.baseUrl, 'overview', mark);
  const current = sent.find((r) => r.parsed.searchParams.get('from') === from);
  assert.ok(current, `a request for ${from}: ${sent.map((r) => r.parsed.search).join(' ')}`);
  assert.equal(current.parsed.searchParams.get('to'), to);
  assert.equal(current.parsed.searchParams.get('tz'), 'America/New_York');
  await assertCardsEqualApi(page, current, 'custom range in New York');
  // without tz in the URL the browser's zone is used
  const mark2 = since();
  await open(page, '?period=7d');
  const local = lastOverview(mark2, isoDay(6, 'Pacific/Auckland'));
  assert.equal(local.parsed.searchParams.get('to'), isoDay(0, 'Pacific/Auckland'));
  assert.equal(local.parsed.searchParams.get('tz'), 'Pacific/Auckland');
  await page.context().close();
});

test('a pages row filters by path prefix, a customers row by customer; chips remove the filters', async () => {
  const page = await session.newPage();
  await open(page, '?tab=analytics');
  const all = await cards(page);

  let mark = since();
  await clickRow(panel(page, 'pages').locator('[data-row="/messages/inbox"]'));
  await waitForQuery(page, () => new URLSearchParams(location.search).get('path_prefix') === '/messages/inbox', 'path_prefix=/messages/inbox');
  await settle(page);
  const filtered = lastOverview(mark, isoDay(29));
  assert.equal(filtered.parsed.searchParams.get('path_prefix'), '/messages/inbox');
  for (const endpoint of ['timeseries', 'pages', 'clicks', 'customers', 'logins', 'sessions']) {
    const sent = apiRequests(session.record, stack.baseUrl, endpoint, mark);
    assert.ok(sent.length > 0 && sent.every((r) => r.parsed.searchParams.get('path_prefix') === '/messages/inbox'),
      `${endpoint} requests carry the path prefix: ${sent.map((r) => r.parsed.search).join(' ')}`);
  }
  const inbox = await assertCardsEqualApi(page, filtered, 'path prefix /messages/inbox');
  assert.equal(inbox.page_views, utcDayCount('page_view', isoDay(29), isoDay(0), "AND page_path LIKE '/messages/inbox%'"));
  assert.ok(inbox.page_views < Number(all.page_views));
  const chip = page.locator('[data-chip="path_prefix"]');
  assert.match(await chip.innerText(), /\/messages\/inbox/);
  assert.equal(query(page).get('tab'), 'analytics');

  mark = since();
  await clickRow(panel(page, 'customers').locator('[data-row="777"]'));
  await waitForQuery(page, () => new URLSearchParams(location.search).get('customer_id') === '777', 'customer_id=777');
  await settle(page);
  const both = lastOverview(mark, isoDay(29));
  assert.equal(both.parsed.searchParams.get('customer_id'), '777');
  assert.equal(both.parsed.searchParams.get('path_prefix'), '/messages/inbox');
  await assertCardsEqualApi(page, both, 'customer 777 and /messages/inbox');
  assert.match(await page.locator('[data-chip="customer_id"]').innerText(), /777/);

  // removing a chip removes exactly that filter
  mark = since();
  await chip.click();
  await waitForQuery(page, () => !new URLSearchParams(location.search).has('path_prefix'), 'no path_prefix');
  await settle(page);
  assert.equal(query(page).get('customer_id'), '777');
  assert.equal(await page.locator('[data-chip="path_prefix"]').count(), 0);
  const customerOnly = lastOverview(mark, isoDay(29));
  assert.equal(customerOnly.parsed.searchParams.get('path_prefix'), null);
  await assertCardsEqualApi(page, customerOnly, 'customer 777');

  await page.locator('[data-chip="customer_id"]').click();
  await waitForQuery(page, () => !new URLSearchParams(location.search).has('customer_id'), 'no customer_id');
  await settle(page);
  assert.deepEqual(await cards(page), all, 'no filter: the first numbers again');
  assert.equal(query(page).get('tab'), 'analytics');
  await page.context().close();
});

test('a surface filter from the URL is sent and shown as a removable chip', async () => {
  const page = await session.newPage();
  const mark = since();
  await open(page, '?surface=marketing');
  const request = lastOverview(mark, isoDay(29));
  assert.equal(request.parsed.searchParams.get('surface'), 'marketing');
  await assertCardsEqualApi(page, request, 'surface marketing');
  await page.locator('[data-chip="surface"]').click();
  await waitForQuery(page, () => !new URLSearchParams(location.search).has('surface'), 'no surface');
  await page.context().close();
});

test('a view locked to one customer sends that customer on every request and cannot drop it', async () => {
  const page = await session.newPage();
  const mark = since();
  await open(page, '?customer_id=777', '/locked'); // a customer in the URL does not override the host's lock
  // every analytics request (the access-log probe, /api/admin/audit, has no customer dimension)
  const sent = session.record.requests.slice(mark).filter((r) => r.url.startsWith(`${stack.baseUrl}/api/admin/analytics/`) && r.method === 'GET');
  assert.ok(sent.length >= 7 && sent.every((r) => new URL(r.url).searchParams.get('customer_id') === String(LOCKED_CUSTOMER)),
    `every request carries customer_id=${LOCKED_CUSTOMER}: ${sent.map((r) => new URL(r.url).search).join(' ')}`);
  await assertCardsEqualApi(page, lastOverview(mark, isoDay(29)), 'locked customer');
  const chip = page.locator('[data-chip="customer_id"]');
  if (await chip.count()) { // a chip may say which customer; clicking it must not unlock the view
    const mark2 = since();
    await chip.click({ force: true }).catch(() => {});
    await settle(page);
    const after = session.record.requests.slice(mark2).filter((r) => r.url.startsWith(`${stack.baseUrl}/api/admin/analytics/`) && r.method === 'GET');
    assert.ok(after.every((r) => new URL(r.url).searchParams.get('customer_id') === String(LOCKED_CUSTOMER)));
  }
  await page.context().close();
});

test('pages show the API\'s top ten, "show more" the rest, and the CSV download holds the API\'s rows', async () => {
  const page = await session.newPage();
  await open(page);
  const from = isoDay(29);
  const to = isoDay(0);
  const pages = panel(page, 'pages');
  const all = (await api(`/pages?from=${from}&to=${to}&tz=UTC&limit=1000`)).body.rows;
  assert.ok(all.length > 10, `more than ten seeded paths: ${all.length}`);
  assert.deepEqual(await pages.locator('[data-row]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-row'))),
    all.slice(0, 10).map((row) => row.page_path));
  await pages.locator('[data-action="more"]').click();
  await settle(page);
  await page.waitForFunction((n) => document.querySelectorAll('[data-panel="pages"] [data-row]').length === n, all.length);

  const mark = since();
  const [download] = await Promise.all([page.waitForEvent('download'), pages.locator('[data-action="csv"]').click()]);
  assert.equal(download.suggestedFilename(), `pages-${from}-to-${to}.csv`);
  const csv = await streamText(await download.createReadStream());
  const csvRequest = apiRequests(session.record, stack.baseUrl, 'pages', mark).find((r) => /text\/csv/.test(r.headers.accept ?? ''));
  assert.ok(csvRequest, 'the CSV was fetched with Accept: text/csv');
  assert.equal(csvRequest.headers.authorization, `Bearer ${adminToken}`);
  assert.equal(csvRequest.parsed.searchParams.get('from'), from);
  const expected = await stack.api(`/pages?${filters(csvRequest.url)}`, { token: adminToken, accept: 'text/csv' });
  assert.equal(expected.status, 200);
  assert.equal(csv, expected.body, 'the file is the API\'s CSV answer');
  const lines = csv.trim().split('\r\n');
  assert.equal(lines[0], 'page_path,views,unique_users,avg_visible_ms');
  assert.deepEqual(lines.slice(1, 4).map((line) => line.split(',')[0]), all.slice(0, 3).map((row) => row.page_path));
  await page.context().close();
});

test('the timeseries table, the clicks list and the logins dimensions show the API\'s rows', async () => {
  const page = await session.newPage();
  const mark = since();
  await open(page);
  const from = isoDay(29);
  const seriesRequest = apiRequests(session.record, stack.baseUrl, 'timeseries', mark)
    .find((r) => r.parsed.searchParams.get('from') === from && r.parsed.searchParams.get('metric') === 'page_views');
  const series = (await api(`/timeseries?${filters(seriesRequest.url)}`)).body;
  await panel(page, 'timeseries').locator('[data-action="table"]').click();
  const table = panel(page, 'timeseries').locator('table');
  await table.waitFor();
  const values = await table.locator('tbody tr td:first-of-type').allInnerTexts();
  assert.deepEqual(values.map((text) => Number(text.replace(/[^0-9.]/g, ''))), series.points.map((point) => point.value),
    'one table row per point, with its value');
  assert.ok(series.points.some((point) => point.value > 0));

  // the login success rate card graphs successes / (successes + failures): both series are asked for
  const rateMark = since();
  await page.locator('[data-card="login_success_rate"]').click();
  await waitForQuery(page, () => new URLSearchParams(location.search).get('metric') === 'login_success_rate', 'metric=login_success_rate');
  await settle(page);
  const asked = apiRequests(session.record, stack.baseUrl, 'timeseries', rateMark).map((r) => r.parsed.searchParams.get('metric'));
  assert.ok(asked.includes('login_successes') && asked.includes('login_failures'), `series asked for: ${asked}`);

  const clicks = (await api(`/clicks?from=${from}&to=${isoDay(0)}&tz=UTC`)).body.rows;
  const clickRows = panel(page, 'clicks').locator('[data-row]');
  assert.deepEqual(await clickRows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-row'))),
    clicks.slice(0, 10).map((row) => row.label));
  const firstClick = await clickRows.first().innerText();
  assert.ok(firstClick.includes(String(clicks[0].clicks)) && firstClick.includes(clicks[0].element),
    `the first clicks row shows its count and element: ${firstClick}`);

  const logins = (await api(`/logins?from=${from}&to=${isoDay(0)}&tz=UTC`)).body;
  const loginsPanel = panel(page, 'logins');
  await loginsPanel.locator('[data-dimension="browser"]').click();
  await page.waitForFunction((keys) => {
    const shown = [...document.querySelectorAll('[data-panel="logins"] [data-row]')].map((row) => row.getAttribute('data-row'));
    return JSON.stringify(shown) === JSON.stringify(keys);
  }, logins.by_browser.map((row) => row.key ?? '')).catch(async () => {
    const shown = await loginsPanel.locator('[data-row]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-row')));
    assert.fail(`logins by browser: ${JSON.stringify(shown)} vs ${JSON.stringify(logins.by_browser)}`);
  });
  await loginsPanel.locator('[data-dimension="error_code"]').click();
  await page.waitForFunction((keys) => {
    const shown = [...document.querySelectorAll('[data-panel="logins"] [data-row]')].map((row) => row.getAttribute('data-row'));
    return JSON.stringify(shown) === JSON.stringify(keys);
  }, logins.failures_by_code.map((row) => row.error_code));
  await page.context().close();
});

test('keyboard: Tab reaches the period select, a stat card and a breakdown row; Enter on a card selects the graph\'s metric', async () => {
  const page = await session.newPage();
  await open(page);
  const reached = { period: false, card: false, row: false };
  for (let i = 0; i < 150 && !(reached.period && reached.card && reached.row); i++) {
    await page.keyboard.press('Tab');
    const where = await page.evaluate(() => {
      const element = document.activeElement;
      return {
        period: element?.matches('select[name="period"]'),
        card: element?.matches('[data-card]'),
        row: Boolean(element?.closest('[data-row]')),
      };
    });
    for (const key of Object.keys(reached)) reached[key] ||= where[key];
  }
  assert.deepEqual(reached, { period: true, card: true, row: true });

  const card = page.locator('[data-card="clicks"]');
  assert.equal(await card.getAttribute('aria-pressed'), 'false');
  const mark = since();
  await card.focus();
  await page.keyboard.press('Enter');
  await waitForQuery(page, () => new URLSearchParams(location.search).get('metric') === 'clicks', 'metric=clicks');
  assert.equal(await card.getAttribute('aria-pressed'), 'true');
  assert.equal(await page.locator('[data-card="page_views"]').getAttribute('aria-pressed'), 'false');
  await settle(page);
  assert.ok(apiRequests(session.record, stack.baseUrl, 'timeseries', mark).some((r) => r.parsed.searchParams.get('metric') === 'clicks'));
  await page.context().close();
});

test('axe-core finds no WCAG 2.1 A/AA violation in the populated view, light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const page = await session.newPage({ colorScheme });
    await open(page);
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

test('at 390 px neither the page nor a panel overflows sideways', async () => {
  const page = await session.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await open(page);
  const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
  assert.ok(width <= 390, `scrollWidth ${width}`);
  // nor does any panel's content stick out of its panel (a deliberate scroll box inside one is fine)
  const overflowing = await page.evaluate(() => [...document.querySelectorAll('[data-panel]')]
    .filter((element) => element.scrollWidth > element.clientWidth + 1)
    .map((element) => `${element.getAttribute('data-panel')}: ${element.scrollWidth} > ${element.clientWidth}`));
  assert.deepEqual(overflowing, []);
  await page.context().close();
});

test('a range without events shows the empty state in every panel', async () => {
  const page = await session.newPage();
  await open(page, '?period=custom&from=2020-01-01&to=2020-01-07');
  const shown = await states(page);
  assert.deepEqual(shown, Object.fromEntries(PANELS.map((name) => [name, 'empty'])));
  for (const name of PANELS.filter((n) => n !== 'overview' && n !== 'timeseries')) {
    assert.match(await panel(page, name).innerText(), /No events in this range/i, name);
  }
  await page.context().close();
});

test('401 (expired or garbage token) asks to sign in again and 403 names the missing role, in every panel', async () => {
  const cases = [
    ['expired', await stack.token('expired'), /sign in again/i],
    ['garbage', 'not.a.token', /sign in again/i],
    ['viewer', await stack.token('viewer'), /lacks the super_admin role/i],
  ];
  try {
    for (const [name, token, text] of cases) {
      session.tokens.current = token;
      const page = await session.newPage();
      await open(page);
      assert.deepEqual(await states(page), Object.fromEntries(PANELS.map((p) => [p, 'error'])), name);
      for (const p of PANELS) assert.match(await panel(page, p).innerText(), text, `${name}: ${p}`);
      await page.context().close();
    }
  } finally {
    session.tokens.current = adminToken;
  }
});

test('one failing panel (a 503 from /clicks) shows a retry and never blanks the others; retry recovers it', async () => {
  const page = await session.newPage();
  const clicks = `${stack.baseUrl}/api/admin/analytics/clicks**`;
  await page.route(clicks, (route) => route.fulfill({
    status: 503,
    headers: { 'content-type': 'application/problem+json', 'retry-after': '5', 'access-control-allow-origin': session.origin },
    body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'analytics storage is unavailable, retry later' }),
  }));
  await open(page);
  const shown = await states(page);
  assert.deepEqual(shown, { ...Object.fromEntries(PANELS.map((p) => [p, 'ready'])), clicks: 'error' });
  await page.unroute(clicks);
  await panel(page, 'clicks').locator('[data-action="retry"]').click();
  await settle(page);
  assert.equal((await states(page)).clicks, 'ready');
  assert.ok(await panel(page, 'clicks').locator('[data-row]').count() > 0);
  await page.context().close();
});

test('erasing a user: the confirmation names the sub, the deleted count is what SQL counted, the rows are gone', async () => {
  const before = stack.count(`user_sub = '${ERASE_SUB}'`);
  assert.ok(before > 0, 'the seed holds events of the subject');
  const page = await session.newPage();
  await open(page);
  const erasure = panel(page, 'erasure');
  await erasure.locator('input[name="sub"]').fill(ERASE_SUB);
  await erasure.locator('[data-action="erase"]').click();
  const confirm = erasure.locator('[data-action="confirm-erase"]');
  await confirm.waitFor();
  assert.ok((await erasure.innerText()).includes(ERASE_SUB), 'the confirmation names the sub');
  assert.equal(stack.count(`user_sub = '${ERASE_SUB}'`), before, 'nothing deleted before the confirmation');
  const mark = since();
  await confirm.click();
  const result = page.locator('[data-erase-result]');
  await result.waitFor();
  await page.waitForFunction((n) => document.querySelector('[data-erase-result]')?.textContent.includes(n), String(before));
  const request = session.record.requests.slice(mark).find((r) => r.method === 'DELETE');
  assert.equal(new URL(request.url).pathname, `/api/admin/analytics/users/${encodeURIComponent(ERASE_SUB)}`);
  assert.equal(stack.count(`user_sub = '${ERASE_SUB}'`), 0);
  await page.context().close();
});

test('the token is only ever in the Authorization header, and no request leaves the two origins', async () => {
  const page = await session.newPage();
  await open(page);
  const storage = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }));
  const cookies = JSON.stringify(await page.context().cookies());
  await page.context().close();
  const tokens = [adminToken, await stack.token('viewer')].map((t) => t.split('.')[2]); // signatures are unique per token
  const { requests, console: messages } = session.record;
  assert.ok(requests.length > 50, 'requests were recorded');
  for (const signature of tokens) {
    assert.ok(!storage.includes(signature) && !cookies.includes(signature), 'not in storage or cookies');
  }
  assert.ok(!storage.includes('eyJ') && !cookies.includes('eyJ'), `no JWT in storage: ${storage}`);
  for (const request of requests) {
    assert.ok(!request.url.includes('eyJ') && !tokens.some((s) => request.url.includes(s)), `token in URL ${request.url}`);
    const origin = new URL(request.url).origin;
    assert.ok(origin === session.origin || origin === stack.baseUrl, `request to a third host: ${request.url}`);
    if (origin === stack.baseUrl && request.method !== 'OPTIONS') assert.match(request.headers.authorization ?? '', /^Bearer /);
  }
  for (const message of messages) assert.ok(!message.includes('eyJ') && !tokens.some((s) => message.includes(s)), `token in console: ${message}`);
  assert.deepEqual(session.record.pageErrors, [], 'no uncaught page errors');
});

test('a database outage shows a retry button; once it is back, retry brings the panels back', async () => {
  const page = await session.newPage();
  await open(page);
  await stack.stopDb();
  try {
    await page.reload();
    await settle(page, { timeout: 60000 });
    const shown = await states(page);
    assert.deepEqual(shown, Object.fromEntries(PANELS.map((p) => [p, 'error'])));
    for (const p of PANELS) assert.equal(await panel(page, p).locator('[data-action="retry"]').count(), 1, `${p} offers a retry`);
  } finally {
    await stack.startDb();
  }
  // the service reconnects on its own; a retry click per panel asks again
  for (const p of PANELS) {
    const retry = panel(page, p).locator('[data-action="retry"]');
    if (await retry.count()) await retry.click();
  }
  await settle(page, { timeout: 30000 }).catch(() => {});
  for (let attempt = 0; attempt < 10 && Object.values(await states(page)).some((s) => s !== 'ready'); attempt++) {
    await page.waitForTimeout(1000);
    for (const p of PANELS) {
      const retry = panel(page, p).locator('[data-action="retry"]');
      if (await retry.count()) await retry.click();
    }
    await settle(page, { timeout: 30000 }).catch(() => {});
  }
  assert.deepEqual(await states(page), Object.fromEntries(PANELS.map((p) => [p, 'ready'])));
  await page.context().close();
});

/** Rows are buttons or contain one (the contract): click the button. */
async function clickRow(row) {
  await row.first().waitFor();
  const button = row.first().locator('button');
  await ((await button.count()) ? button.first() : row.first()).click();
}

