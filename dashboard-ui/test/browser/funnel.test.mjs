// The Funnel panel (issue 28) in Debian Chromium against the packaged dashboard service: a funnel built in the
// editor (add, reorder by keyboard, remove) lands in the URL, the request carries exactly those steps, the bars'
// numbers equal the API's answer for the same parameters, a reload restores it, the window too, the CSV is the
// API's, axe in light and dark, 390 px, and where the token goes. Its own back end: the browser tests' seed plus
// seed.mjs's funnel sessions (page /compose → click send_email_btn → page /messages/sent).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession } from './lib/session.mjs';
import { axe, streamText } from './lib/checks.mjs';
import { FUNNEL_CUSTOMER, FUNNEL_STEPS, funnelEvents, insertSql } from './lib/seed.mjs';
import { apiRequests, filters, isoDay, panel, query, settle } from './lib/view.mjs';

const FUNNEL = ['funnel'];

let session;
let stack;
let adminToken;

before(async () => {
  session = await startSession();
  stack = session.stack;
  adminToken = session.tokens.current;
  stack.sql(insertSql(funnelEvents(new Date())));
});

after(async () => {
  await session?.stop();
});

const since = () => session.record.requests.length;
const api = (path, accept) => stack.api(path, { token: adminToken, accept });
const funnel = (page) => panel(page, 'funnel');
const urlSteps = (page) => query(page).getAll('funnel_step');

async function open(page, search = '') {
  await page.goto(`${session.origin}/${search}`);
  await funnel(page).waitFor();
  await settle(page, { panels: ['overview', 'pages', 'clicks', ...FUNNEL] });
}

async function addStep(page, kind, value) {
  await funnel(page).locator('select[name="funnel_step_kind"]').selectOption(kind);
  await funnel(page).locator('input[name="funnel_step_value"]').fill(value);
  await funnel(page).locator('input[name="funnel_step_value"]').press('Enter'); // the add form submits on Enter
}

async function waitForSteps(page, steps) {
  try {
    await page.waitForFunction((expected) => JSON.stringify(new URLSearchParams(location.search).getAll('funnel_step'))
      === JSON.stringify(expected), steps, { timeout: 10000 });
  } catch {
    throw new Error(`URL never came to the steps ${steps.join(' → ')}; it is ${page.url()}`);
  }
}

/** Waits until the bars show these steps and no answer is loading (the URL changes before the request starts). */
async function waitForBars(page, steps) {
  try {
    await page.waitForFunction((expected) => {
      const panel = document.querySelector('[data-panel="funnel"]');
      const shown = [...(panel?.querySelectorAll('ol[data-funnel="bars"] > li[data-step]') ?? [])].map((li) => li.getAttribute('data-step'));
      return panel?.getAttribute('aria-busy') === 'false' && JSON.stringify(shown) === JSON.stringify(expected);
    }, steps, { timeout: 10000 });
  } catch {
    throw new Error(`the bars never showed ${steps.join(' → ')}`);
  }
  await settle(page, { panels: FUNNEL });
}

/** The last JSON /funnel request since `mark`. */
function lastFunnelRequest(mark) {
  const requests = apiRequests(session.record, stack.baseUrl, 'funnel', mark).filter((r) => !/text\/csv/.test(r.headers.accept ?? ''));
  assert.ok(requests.length > 0, 'a /funnel request');
  return requests.at(-1);
}

/** What the bars show, per step: the step, every field's raw value, the bar's width and the count's text. */
async function shownBars(page) {
  return funnel(page).locator('ol[data-funnel="bars"] > li[data-step]').evaluateAll((rows) => rows.map((row) => ({
    step: row.getAttribute('data-step'),
    fields: Object.fromEntries([...row.querySelectorAll('[data-field]')]
      .map((element) => [element.getAttribute('data-field'), element.getAttribute('data-value')])),
    width: row.querySelector('.pbd-funnel-bar')?.style.width,
    text: row.innerText,
  })));
}

/** The bars equal the API's answer for the same parameters (asked again from Node, same token). */
async function assertBarsEqualApi(page, request, message) {
  const answer = await api(`/funnel?${filters(request.url)}`);
  assert.equal(answer.status, 200, message);
  const { counted, steps } = answer.body;
  const shown = await shownBars(page);
  assert.deepEqual(shown.map((row) => row.step), steps.map((step) => step.step), message);
  steps.forEach((step, index) => {
    const row = shown[index];
    const raw = (value) => (value === null ? '' : String(value));
    assert.equal(row.fields[counted], String(step[counted]), `${message}: step ${index + 1} ${counted}`);
    assert.equal(row.fields.conversion_from_first_pct, raw(step.conversion_from_first_pct), `${message}: step ${index + 1} of first`);
    assert.equal(row.width, `${step.conversion_from_first_pct ?? 0}%`, `${message}: step ${index + 1} bar`);
    assert.match(row.text, new RegExp(`\\b${step[counted].toLocaleString('en-US')} ${counted}\\b`), `${message}: step ${index + 1} count in text`);
    if (index === 0) return;
    for (const field of ['conversion_from_previous_pct', 'drop_off', 'drop_off_pct', 'median_time_from_previous_ms']) {
      assert.equal(row.fields[field], raw(step[field]), `${message}: step ${index + 1} ${field}`);
    }
    if (step.conversion_from_previous_pct !== null) assert.ok(row.text.includes(`${step.conversion_from_previous_pct.toFixed(1)}%`), `${message}: step ${index + 1} % in text`);
  });
  return answer.body;
}

const FUNNEL_SEARCH = `?${FUNNEL_STEPS.map((step) => `funnel_step=${step}`).join('&')}`;

test('without steps the panel is empty, suggests the API\'s pages and labels, and asks nothing', async () => {
  const page = await session.newPage();
  const mark = since();
  await open(page, '?tab=keep');
  assert.equal(await funnel(page).getAttribute('data-state'), 'empty');
  assert.match(await funnel(page).innerText(), /Add at least 2 steps/);
  assert.equal(apiRequests(session.record, stack.baseUrl, 'funnel', mark).length, 0, 'no /funnel request');
  const suggestions = await funnel(page).locator('datalist option').evaluateAll((options) => options.map((o) => o.value));
  const pages = await api(`/pages?${filters(apiRequests(session.record, stack.baseUrl, 'pages', mark).at(-1).url)}`);
  assert.deepEqual(suggestions, pages.body.rows.map((row) => row.page_path), 'the pages panel\'s rows');
  await page.context().close();
});

test('build a funnel in the editor: add, reorder by keyboard, remove → URL → the request\'s steps → bars equal the API; reload and Back restore it', async () => {
  const page = await session.newPage();
  await open(page, '?tab=keep');
  // in the wrong order first, plus one step too many
  await addStep(page, 'page', '/messages/sent');
  await waitForSteps(page, ['page:/messages/sent']);
  await addStep(page, 'page', '/compose');
  await addStep(page, 'click', 'send_email_btn');
  await addStep(page, 'click', 'nav_compose');
  await waitForSteps(page, ['page:/messages/sent', 'page:/compose', 'click:send_email_btn', 'click:nav_compose']);
  assert.equal(await funnel(page).locator('ol[data-funnel="steps"] > li').count(), 4);

  // the first step down twice, by keyboard: the focus stays on the moved step's button
  await funnel(page).locator('li[data-step-index="0"] button[data-action="step-down"]').focus();
  await page.keyboard.press('Enter');
  await waitForSteps(page, ['page:/compose', 'page:/messages/sent', 'click:send_email_btn', 'click:nav_compose']);
  assert.equal(await page.evaluate(() => document.activeElement?.closest('li')?.getAttribute('data-step')), 'page:/messages/sent');
  await page.keyboard.press('Space');
  await waitForSteps(page, ['page:/compose', 'click:send_email_btn', 'page:/messages/sent', 'click:nav_compose']);
  // remove the last one
  await funnel(page).locator('li[data-step-index="3"] button[data-action="step-remove"]').click();
  await waitForSteps(page, FUNNEL_STEPS);
  assert.equal(query(page).get('tab'), 'keep', 'the host\'s own parameter survives');

  await waitForBars(page, FUNNEL_STEPS);
  assert.equal(await funnel(page).getAttribute('data-state'), 'ready');
  const request = lastFunnelRequest(0);
  assert.deepEqual(request.parsed.searchParams.getAll('step'), FUNNEL_STEPS, 'exactly the editor\'s steps, in order');
  assert.equal(request.parsed.searchParams.get('within'), null, 'within: the default session');
  assert.equal(request.parsed.searchParams.get('from'), isoDay(29));
  const answer = await assertBarsEqualApi(page, request, 'built');
  // the seed's funnel: 12 sessions open /compose, 8 then send, 5 then view /messages/sent (more from the base seed)
  assert.equal(answer.counted, 'sessions');
  assert.ok(answer.steps[0].sessions >= 12 && answer.steps[1].sessions >= 8 && answer.steps[2].sessions >= 5, JSON.stringify(answer));
  // the seed's own customer alone: out-of-order and cross-session sends do not count
  const own = await api(`/funnel?from=${isoDay(29)}&to=${isoDay(0)}&tz=UTC&customer_id=${FUNNEL_CUSTOMER}&${
    FUNNEL_STEPS.map((s) => `step=${encodeURIComponent(s)}`).join('&')}`);
  assert.equal(own.status, 200, JSON.stringify(own.body));
  assert.deepEqual(own.body.steps.map((step) => step.sessions), [12, 8, 5], JSON.stringify(own.body));

  // a reload restores the funnel from the URL alone
  const reloadMark = since();
  await page.reload();
  await funnel(page).waitFor();
  await waitForBars(page, FUNNEL_STEPS);
  assert.deepEqual(await funnel(page).locator('ol[data-funnel="steps"] > li').evaluateAll((items) => items.map((i) => i.getAttribute('data-step'))), FUNNEL_STEPS);
  await assertBarsEqualApi(page, lastFunnelRequest(reloadMark), 'reloaded');

  // Back steps through the edits: before the removal there were four steps
  await page.goBack();
  await waitForSteps(page, [...FUNNEL_STEPS, 'click:nav_compose']);
  await waitForBars(page, [...FUNNEL_STEPS, 'click:nav_compose']);
  await page.context().close();
});

test('the window: 7 days counts signed-in users, in the URL and the request, and the bars equal the API', async () => {
  const page = await session.newPage();
  await open(page, FUNNEL_SEARCH);
  const mark = since();
  await funnel(page).locator('select[name="funnel_within"]').selectOption('7d');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('funnel_within') === '7d');
  // counted users: the bars no longer show sessions
  await page.waitForFunction(() => document.querySelector('[data-panel="funnel"] [data-field="users"]')
    && !document.querySelector('[data-panel="funnel"] [data-field="sessions"]'));
  await waitForBars(page, FUNNEL_STEPS);
  const request = lastFunnelRequest(mark);
  assert.equal(request.parsed.searchParams.get('within'), '7d');
  assert.deepEqual(request.parsed.searchParams.getAll('step'), FUNNEL_STEPS);
  const answer = await assertBarsEqualApi(page, request, '7d');
  assert.equal(answer.counted, 'users');
  assert.match(await funnel(page).innerText(), / users\b/);
  await page.context().close();
});

test('the CSV download is the API\'s CSV for the same funnel', async () => {
  const page = await session.newPage();
  await open(page, `${FUNNEL_SEARCH}&funnel_within=day`);
  const request = lastFunnelRequest(0);
  const [download] = await Promise.all([page.waitForEvent('download'), funnel(page).locator('[data-action="csv"]').click()]);
  assert.equal(download.suggestedFilename(), `funnel-${isoDay(29)}-to-${isoDay(0)}.csv`);
  const csv = await streamText(await download.createReadStream());
  const csvRequest = session.record.requests.filter((r) => r.url.includes('/api/admin/analytics/funnel') && /text\/csv/.test(r.headers.accept ?? '')).at(-1);
  assert.deepEqual(new URL(csvRequest.url).searchParams.getAll('step'), FUNNEL_STEPS);
  const expected = await api(`/funnel?${filters(request.url)}`, 'text/csv');
  assert.equal(expected.status, 200);
  assert.equal(csv, expected.body);
  assert.match(csv, /^step,sessions,users,conversion_from_previous_pct,/);
  await page.context().close();
});

test('errors and empty answers: a range without events, and a 403 for a token without super_admin', async () => {
  let page = await session.newPage();
  await open(page, `${FUNNEL_SEARCH}&period=custom&from=2020-01-01&to=2020-01-07`);
  assert.equal(await funnel(page).getAttribute('data-state'), 'empty');
  assert.match(await funnel(page).innerText(), /No journey reached step 1/);
  await page.context().close();
  try {
    session.tokens.current = await stack.token('viewer');
    page = await session.newPage();
    await open(page, FUNNEL_SEARCH);
    assert.equal(await funnel(page).getAttribute('data-state'), 'error');
    assert.match(await funnel(page).innerText(), /lacks the super_admin role/i);
    // the editor stays usable in every state
    assert.equal(await funnel(page).locator('ol[data-funnel="steps"] > li').count(), 3);
    await page.context().close();
  } finally {
    session.tokens.current = adminToken;
  }
});

test('axe-core finds no WCAG 2.1 A/AA violation with a funnel, light and dark, nor in the empty editor', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const page = await session.newPage({ colorScheme });
    await open(page, FUNNEL_SEARCH);
    assert.equal(await funnel(page).getAttribute('data-state'), 'ready');
    assert.deepEqual(await axe(page), [], `${colorScheme} funnel`);
    await page.goto(`${session.origin}/`);
    await settle(page, { panels: FUNNEL });
    assert.deepEqual(await axe(page), [], `${colorScheme} empty funnel`);
    await page.context().close();
  }
});

test('at 390 px the funnel and its editor do not overflow sideways', async () => {
  const page = await session.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await open(page, `${FUNNEL_SEARCH}&funnel_step=page:/help/*`);
  assert.equal(await funnel(page).getAttribute('data-state'), 'ready');
  const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
  assert.ok(width <= 390, `scrollWidth ${width}`);
  const overflowing = await page.evaluate(() => [...document.querySelectorAll('[data-panel]')]
    .filter((element) => element.scrollWidth > element.clientWidth + 1)
    .map((element) => `${element.getAttribute('data-panel')}: ${element.scrollWidth} > ${element.clientWidth}`));
  assert.deepEqual(overflowing, []);
  const box = await funnel(page).boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 390, JSON.stringify(box));
  await page.context().close();
});

test('the token is only ever in the Authorization header, and no request leaves the two origins', async () => {
  const { requests, console: messages, pageErrors } = session.record;
  const signature = adminToken.split('.')[2];
  assert.ok(requests.some((r) => r.url.includes('/api/admin/analytics/funnel')), 'funnel requests were recorded');
  for (const request of requests) {
    assert.ok(!request.url.includes('eyJ') && !request.url.includes(signature), `token in URL ${request.url}`);
    const origin = new URL(request.url).origin;
    assert.ok(origin === session.origin || origin === stack.baseUrl, `request to a third host: ${request.url}`);
    if (origin === stack.baseUrl && request.method !== 'OPTIONS') assert.match(request.headers.authorization ?? '', /^Bearer /);
  }
  for (const message of messages) assert.ok(!message.includes('eyJ') && !message.includes(signature), `token in console: ${message}`);
  assert.deepEqual(pageErrors, [], 'no uncaught page errors');
});
