// The Logins panel's small groups (issue 29) in Debian Chromium against the packaged dashboard service (default
// ANALYTICS_MIN_GROUP_USERS, 5): every breakdown shows the API's rows, the folded row last as "Other (fewer than 5
// users)", marked (data-suppressed, italic over a striped bar) and with the API's sums; a town of 5 users is shown,
// one of 4 is not; the rows add up to the totals; the CSV from the view holds the folded row (suppressed true);
// keyboard and axe in light and dark. Its own back end: the browser tests' seed plus seed.mjs's loginEvents.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession } from './lib/session.mjs';
import { axe, streamText } from './lib/checks.mjs';
import { LOGIN_TOWNS, insertSql, loginEvents } from './lib/seed.mjs';
import { isoDay, panel, settle } from './lib/view.mjs';

const LOGINS = ['logins'];
const FIELDS = { country: 'by_country', region: 'by_region', city: 'by_city', browser: 'by_browser', os: 'by_os', device: 'by_device',
  error_code: 'failures_by_code' };

let session;
let stack;
let adminToken;

before(async () => {
  session = await startSession();
  stack = session.stack;
  adminToken = session.tokens.current;
  stack.sql(insertSql(loginEvents(new Date())));
});

after(async () => {
  await session?.stop();
});

/** The API's /logins for the view's default range (the last 30 days, UTC). */
async function apiLogins() {
  const answer = await stack.api(`/logins?from=${isoDay(29)}&to=${isoDay(0)}&tz=UTC`, { token: adminToken });
  assert.equal(answer.status, 200);
  return answer.body;
}

async function open(options) {
  const page = await session.newPage(options);
  await page.goto(`${session.origin}/`);
  await settle(page, { panels: LOGINS });
  return page;
}

/** Each shown row of the Logins panel: its data-row key, whether marked, its label and its numbers as text. */
function shownRows(page) {
  return panel(page, 'logins').locator('tbody tr').evaluateAll((rows) => rows.map((row) => ({
    key: row.getAttribute('data-row'),
    suppressed: row.hasAttribute('data-suppressed'),
    label: row.querySelector('th').innerText.replace(/\s+/g, ' ').trim(),
    numbers: [...row.querySelectorAll('td')].map((td) => td.innerText.trim()),
    italic: getComputedStyle(row.querySelector('.pbd-row-label')).fontStyle,
    striped: getComputedStyle(row.querySelector('.pbd-bar')).backgroundImage.includes('repeating-linear-gradient'),
  })));
}

async function showDimension(page, id, expectedKeys) {
  await panel(page, 'logins').locator(`[data-dimension="${id}"]`).click();
  try {
    await page.waitForFunction((keys) => JSON.stringify([...document.querySelectorAll('[data-panel="logins"] tbody tr')]
      .map((row) => row.getAttribute('data-row'))) === JSON.stringify(keys), expectedKeys, { timeout: 10000 });
  } catch {
    assert.fail(`${id}: shown ${JSON.stringify((await shownRows(page)).map((r) => r.key))} vs API ${JSON.stringify(expectedKeys)}`);
  }
}

const count = (n) => n.toLocaleString('en-US');

test('every breakdown shows the API\'s rows, the folded one last as "Other (fewer than 5 users)", marked, with its sums', async () => {
  const logins = await apiLogins();
  assert.equal(logins.min_group_users, 5);
  const page = await open();
  for (const [id, field] of Object.entries(FIELDS)) {
    const rows = logins[field];
    const keyOf = (row) => (id === 'error_code' ? row.error_code : row.key) ?? '';
    await showDimension(page, id, rows.map(keyOf));
    const shown = await shownRows(page);
    for (const [i, row] of rows.entries()) {
      assert.equal(shown[i].suppressed, row.suppressed, `${id} ${keyOf(row)}: marked exactly when suppressed`);
      const numbers = id === 'error_code' ? [count(row.failures)] : [count(row.successes), count(row.failures)];
      assert.deepEqual(shown[i].numbers.slice(0, numbers.length), numbers, `${id} ${keyOf(row)}`);
      if (row.suppressed) {
        assert.equal(i, rows.length - 1, `${id}: the folded row comes last`);
        assert.equal(keyOf(row), 'other');
        assert.match(shown[i].label, /^Other \(fewer than 5 users\)/, `${id}: its label`);
        assert.equal(shown[i].italic, 'italic', `${id}: marked by more than colour`);
        assert.ok(shown[i].striped, `${id}: its bar is striped`);
      } else {
        assert.equal(shown[i].italic, 'normal');
        assert.ok(!shown[i].striped);
      }
    }
    // the rows shown add up to the totals: nothing is lost by folding
    if (id === 'error_code') {
      assert.equal(rows.reduce((sum, row) => sum + row.failures, 0), logins.failures, 'every seeded failure has a code');
    } else {
      assert.equal(rows.reduce((sum, row) => sum + row.successes, 0), logins.successes, `${id} successes`);
      assert.equal(rows.reduce((sum, row) => sum + row.failures, 0), logins.failures, `${id} failures`);
    }
  }
  // the towns: 5 users shown, 4 folded; the seed's anonymous failures folded, invalid_grant (5 users) shown
  const cities = logins.by_city.map((row) => row.key);
  assert.ok(cities.includes(LOGIN_TOWNS.big[0]), `${LOGIN_TOWNS.big[0]} (5 users) is shown: ${cities}`);
  assert.ok(!cities.includes(LOGIN_TOWNS.small[0]), `${LOGIN_TOWNS.small[0]} (4 users) is folded: ${cities}`);
  assert.equal(cities.at(-1), 'other');
  assert.deepEqual(logins.failures_by_code.map((row) => `${row.error_code}${row.suppressed ? '*' : ''}`), ['invalid_grant', 'other*']);
  await page.context().close();
});

test('the CSV from the view holds the folded row, with a suppressed column, as the API\'s rows', async () => {
  const logins = await apiLogins();
  const page = await open();
  await showDimension(page, 'city', logins.by_city.map((row) => row.key ?? ''));
  const [download] = await Promise.all([page.waitForEvent('download'), panel(page, 'logins').locator('[data-action="csv"]').click()]);
  assert.equal(download.suggestedFilename(), `logins-${isoDay(29)}-to-${isoDay(0)}.csv`);
  const lines = (await streamText(await download.createReadStream())).trimEnd().split('\r\n');
  assert.equal(lines[0], 'city,successes,failures,suppressed');
  assert.deepEqual(lines.slice(1), logins.by_city.map((row) => [row.key ?? '', row.successes, row.failures, row.suppressed].join(',')));
  assert.equal(lines.at(-1).split(',').slice(-1)[0], 'true');
  assert.match(lines.at(-1), /^other,/);
  // the service's own CSV of /logins has the same city rows
  const csv = await stack.api(`/logins?from=${isoDay(29)}&to=${isoDay(0)}&tz=UTC`, { token: adminToken, accept: 'text/csv' });
  assert.equal(csv.status, 200);
  const serviceCity = csv.body.trimEnd().split('\r\n').filter((line) => line.startsWith('city,')).map((line) => line.slice('city,'.length));
  assert.deepEqual(serviceCity, lines.slice(1));
  await page.context().close();
});

test('keyboard: the dimension buttons select by Enter, the folded row is not a control; axe finds nothing, light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const page = await open({ colorScheme });
    const city = panel(page, 'logins').locator('[data-dimension="city"]');
    await city.focus();
    await page.keyboard.press('Enter');
    assert.equal(await city.getAttribute('aria-pressed'), 'true');
    const other = panel(page, 'logins').locator('tr[data-suppressed]');
    await other.waitFor();
    assert.equal(await other.locator('button, a, [tabindex]').count(), 0, 'nothing to click on the folded row');
    assert.deepEqual(await axe(page), [], colorScheme);
    await page.context().close();
  }
});
