#!/usr/bin/env node
// Page-ready time of the admin view (issue 14): from navigation start to the moment every panel
// (`[data-panel][data-state]`) is `ready`, `empty` or `idle` (waits to be scrolled into view), in headless Debian Chromium, with the last 30 days
// selected, against a dashboard service that is already running (start it with its answer cache off:
// QUARKUS_CACHE_ENABLED=false, and ANALYTICS_ALLOWED_ORIGINS = this script's page origin).
//
//   node test/browser/page-ready.mjs --dashboard http://127.0.0.1:28192 --token-url http://localhost:28183/token \
//     [--loads 7] [--out file.jsonl] [--page-port 28193] [--timeout-s 60]
//
// It builds and serves the browser tests' host page (lib/harness.mjs: the package's dist/ mounted with
// `baseUrl` = --dashboard) on http://localhost:<page-port>, makes one unmeasured warm-up load, then --loads
// measured ones, each in a fresh browser context (no HTTP cache, no preflight cache, no view state). The
// clock runs in the page: a MutationObserver installed before any page script notes performance.now()
// (0 = navigation start) whenever a panel's data-state changes; a panel in `error` fails the run. The token
// (GET --token-url) reaches the page only through an exposed function, as in the browser tests, and every
// request is checked: only the page's and the dashboard's origins, bearer header on every API call, no token
// in a URL. Prints one line per load, the API requests of the median load (Resource Timing) and a summary;
// appends {"phase":"page-ready",…} to --out.
import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { buildHarness, serveHarness } from './lib/harness.mjs';
import { CHROMIUM } from './lib/paths.mjs';
import { PANELS } from './lib/view.mjs';

const { values: opts } = parseArgs({
  options: {
    dashboard: { type: 'string' },
    'token-url': { type: 'string' },
    loads: { type: 'string', default: '7' },
    out: { type: 'string' },
    'page-port': { type: 'string', default: '28193' },
    'timeout-s': { type: 'string', default: '60' },
  },
});
if (!opts.dashboard || !opts['token-url']) {
  console.error('usage: page-ready.mjs --dashboard URL --token-url URL [--loads 7] [--out file.jsonl] [--page-port 28193] [--timeout-s 60]');
  process.exit(2);
}
const dashboard = new URL(opts.dashboard).origin;
const loads = Number(opts.loads);
const timeout = Number(opts['timeout-s']) * 1000;

// The browser tests' Chromium flags (lib/session.mjs): no network except loopback, nothing in the background.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost'];

// Runs in the page before its scripts. Records, per panel, when it last entered ready/empty; `done` is the
// first moment every panel the view renders (at least the PANELS of the DOM contract) is ready or empty.
function watchPanels({ expected, terminal }) {
  const result = { panels: {}, done: null, error: null };
  window.__pageReady = result;
  const check = () => {
    const now = performance.now();
    const elements = [...document.querySelectorAll('[data-panel][data-state]')];
    for (const element of elements) {
      const name = element.getAttribute('data-panel');
      const state = element.getAttribute('data-state');
      if (state === 'error' && !result.error) result.error = { panel: name, text: element.textContent.slice(0, 300), at: now };
      if (!terminal.includes(state)) delete result.panels[name];
      else if (!(name in result.panels)) result.panels[name] = { state, at: now };
    }
    const names = elements.map((element) => element.getAttribute('data-panel'));
    if (result.done === null && expected.every((name) => names.includes(name))
      && names.every((name) => name in result.panels)) {
      result.done = now;
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
}

/** Nearest rank (the value at or above p of the samples), as the bench's HdrHistogram reports. */
const percentile = (sorted, p) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
const round = (ms) => Math.round(ms);

async function token() {
  const response = await fetch(opts['token-url']);
  if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
  return (await response.text()).trim();
}

/** Fails early (and readably) when the dashboard does not let the page's origin through CORS. */
async function checkCors(origin) {
  const response = await fetch(`${dashboard}/api/admin/analytics/overview`, {
    method: 'OPTIONS',
    headers: { Origin: origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
  }).catch((error) => {
    throw new Error(`no dashboard at ${dashboard}: ${error.cause?.code ?? error.message}`);
  });
  if (response.headers.get('access-control-allow-origin') !== origin) {
    throw new Error(`${dashboard} does not allow the origin ${origin} (start it with ANALYTICS_ALLOWED_ORIGINS=${origin})`);
  }
}

async function load(browser, url, origin) {
  const accessToken = await token();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'UTC', locale: 'en-US' });
  try {
    await context.exposeFunction('__testToken', () => accessToken);
    // `idle`: a panel that asks only once scrolled into view (Retention) costs nothing at load
    await context.addInitScript(watchPanels, { expected: PANELS, terminal: ['ready', 'empty', 'idle'] });
    const page = await context.newPage();
    const requests = [];
    page.on('request', (request) => requests.push({ url: request.url(), method: request.method(), headers: request.headers() }));
    await page.goto(url, { waitUntil: 'commit' });
    try {
      await page.waitForFunction(() => window.__pageReady.done !== null || window.__pageReady.error !== null, null,
        { timeout, polling: 50 });
    } catch (error) {
      const seen = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-panel][data-state]')]
        .map((element) => [element.getAttribute('data-panel'), element.getAttribute('data-state')])));
      throw new Error(`panels not ready after ${timeout / 1000} s: ${JSON.stringify(seen)}`, { cause: error });
    }
    const { done, panels, error } = await page.evaluate(() => window.__pageReady);
    if (error) throw new Error(`panel ${error.panel} is in error after ${round(error.at)} ms: ${error.text}`);
    const api = await page.evaluate((base) => performance.getEntriesByType('resource')
      .filter((entry) => entry.name.startsWith(base))
      .map((entry) => ({ path: entry.name.slice(base.length), start: entry.startTime, end: entry.responseEnd })), dashboard);
    checkRequests(requests, origin, accessToken);
    return { ms: done, panels: Object.fromEntries(Object.entries(panels).map(([name, p]) => [name, p.at])), api };
  } finally {
    await context.close();
  }
}

/** The browser tests' privacy rule: two origins only, the token only ever in the Authorization header. */
function checkRequests(requests, origin, accessToken) {
  const signature = accessToken.split('.')[2];
  for (const request of requests) {
    const to = new URL(request.url).origin;
    if (to !== origin && to !== dashboard) throw new Error(`request to a third host: ${request.url}`);
    if (request.url.includes(signature)) throw new Error(`token in a URL: ${request.url}`);
    if (to === dashboard && request.method !== 'OPTIONS' && !/^Bearer /.test(request.headers.authorization ?? '')) {
      throw new Error(`API request without a bearer token: ${request.method} ${request.url}`);
    }
  }
}

const describe = (run) => Object.entries(run.panels).sort((a, b) => a[1] - b[1]).map(([name, ms]) => `${name} ${round(ms)}`).join(', ');
const slowestOf = (run) => Object.entries(run.panels).reduce((a, b) => (b[1] > a[1] ? b : a))[0];

const outDir = await buildHarness();
const server = await serveHarness(outDir, { port: Number(opts['page-port']), baseUrl: dashboard });
let browser;
try {
  await checkCors(server.origin);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const url = `${server.origin}/?period=30d`;
  const warm = await load(browser, url, server.origin);
  console.log(`warm-up: ${round(warm.ms)} ms (${describe(warm)})`);
  const runs = [];
  for (let i = 1; i <= loads; i++) {
    const run = await load(browser, url, server.origin);
    runs.push(run);
    console.log(`load ${i}: ${round(run.ms)} ms (${describe(run)})`);
  }

  const sorted = runs.map((run) => run.ms).sort((a, b) => a - b);
  const median = percentile(sorted, 0.5);
  // the panel that was last most often (ties: the one with the higher median)
  const panelMedian = Object.fromEntries(Object.keys(runs[0].panels).map((name) =>
    [name, round(percentile(runs.map((run) => run.panels[name]).sort((a, b) => a - b), 0.5))]));
  const lastCount = {};
  for (const run of runs) lastCount[slowestOf(run)] = (lastCount[slowestOf(run)] ?? 0) + 1;
  const slowest = Object.keys(lastCount).sort((a, b) => lastCount[b] - lastCount[a] || panelMedian[b] - panelMedian[a])[0];

  const medianRun = runs.find((run) => run.ms === median);
  console.log(`API requests of the median load (ms from navigation start; preflights are inside each request):`);
  for (const request of [...medianRun.api].sort((a, b) => a.start - b.start)) {
    console.log(`  ${String(round(request.start)).padStart(6)} → ${String(round(request.end)).padStart(6)}  ${String(round(request.end - request.start)).padStart(6)} ms  ${request.path}`);
  }
  const summary = {
    phase: 'page-ready', loads, median_ms: round(median), p95_ms: round(percentile(sorted, 0.95)), max_ms: round(sorted.at(-1)),
    slowest_panel: slowest, panel_median_ms: panelMedian, samples_ms: runs.map((run) => round(run.ms)), dashboard, at: new Date().toISOString(),
  };
  console.log(`page-ready (30 days, ${loads} loads): median ${summary.median_ms} ms, p95 ${summary.p95_ms} ms, max ${summary.max_ms} ms;`
    + ` slowest panel ${slowest} (last in ${lastCount[slowest]}/${loads} loads)`);
  if (opts.out) appendFileSync(opts.out, `${JSON.stringify(summary)}\n`);
} finally {
  await browser?.close();
  await server.close();
  server.cleanup();
}
