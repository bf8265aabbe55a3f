// Reading and driving the view through the DOM contract (notes: data-panel/data-state, data-card/data-value,
// data-chip, data-row, data-action, data-dimension, data-erase-result).

export const PANELS = ['overview', 'timeseries', 'pages', 'clicks', 'logins', 'customers', 'sessions'];
export const CARD_FIELDS = ['page_views', 'unique_users', 'unique_visitors', 'sessions', 'avg_visible_ms', 'avg_duration_ms', 'clicks'];

export const panel = (page, name) => page.locator(`[data-panel="${name}"]`);

/** ISO date `days` before today in a zone (en-CA formats as YYYY-MM-DD). */
export function isoDay(daysBack = 0, timeZone = 'UTC', now = new Date()) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - daysBack);
  return date.toISOString().slice(0, 10);
}

/** Waits until no API request is in flight and no panel is loading; `states` limits what counts as done. */
export async function settle(page, { panels = PANELS, states = ['ready', 'empty', 'error'], timeout = 20000 } = {}) {
  const deadline = Date.now() + timeout;
  let quietSince = 0;
  for (;;) {
    const done = page.inflight.size === 0 && await page.evaluate(({ panels, states }) => panels.every((name) => {
      const element = document.querySelector(`[data-panel="${name}"]`);
      return element && states.includes(element.getAttribute('data-state'));
    }), { panels, states });
    if (done) {
      quietSince ||= Date.now();
      if (Date.now() - quietSince >= 300) return;
    } else {
      quietSince = 0;
    }
    if (Date.now() > deadline) {
      const seen = await page.evaluate((panels) => Object.fromEntries(panels.map((name) =>
        [name, document.querySelector(`[data-panel="${name}"]`)?.getAttribute('data-state') ?? 'missing'])), panels);
      throw new Error(`panels did not settle in ${states.join('/')}: ${JSON.stringify(seen)}, ${page.inflight.size} requests in flight`);
    }
    await page.waitForTimeout(100);
  }
}

export async function states(page) {
  return page.evaluate((panels) => Object.fromEntries(panels.map((name) =>
    [name, document.querySelector(`[data-panel="${name}"]`)?.getAttribute('data-state') ?? 'missing'])), PANELS);
}

/** { metric: data-value } of every stat card inside the overview panel. */
export async function cards(page) {
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-panel="overview"] [data-card]')]
    .map((card) => [card.getAttribute('data-card'), card.getAttribute('data-value')])));
}

/** Turns an API answer into the data-value strings the cards must show. */
export function expectedCards(overview) {
  const expected = Object.fromEntries(CARD_FIELDS.map((field) => [field, overview[field] === null ? '' : String(overview[field])]));
  const logins = overview.login_successes + overview.login_failures;
  expected.login_success_rate = logins === 0 ? '' : String(overview.login_successes / logins);
  return expected;
}

/** Compares card values numerically (a rate may be printed with a different number of digits). */
export function cardsMatch(actual, expected) {
  return Object.entries(expected).every(([metric, value]) => {
    const shown = actual[metric];
    if (value === '') return shown === '';
    return shown !== undefined && shown !== '' && Math.abs(Number(shown) - Number(value)) < 1e-9;
  });
}

export const query = (page) => new URL(page.url()).searchParams;

/** API requests (URL objects) to one endpoint made since `mark` (an index into record.requests). */
export function apiRequests(record, baseUrl, endpoint, mark = 0) {
  return record.requests.slice(mark)
    .map((request) => ({ ...request, parsed: new URL(request.url) }))
    .filter((request) => request.url.startsWith(baseUrl) && request.parsed.pathname === `/api/admin/analytics/${endpoint}`
      && request.method !== 'OPTIONS');
}

/** The filter part of a request (what a second request must repeat to get the same answer). */
export function filters(url, drop = []) {
  const params = new URLSearchParams(new URL(url).search);
  for (const name of drop) params.delete(name);
  params.sort();
  return params.toString();
}

export async function waitForQuery(page, predicate, description) {
  try {
    await page.waitForFunction(predicate, undefined, { timeout: 10000 });
  } catch {
    throw new Error(`URL never came to ${description}; it is ${page.url()}`);
  }
}
