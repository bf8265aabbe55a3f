// Browser test: the built example app (next start) in headless Chromium (Debian package, driven by
// playwright-core) against a local collector. Fails, never skips, when Chromium is missing.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { identityKeys, loadJose } from '../../../dev/identity-keys.mjs';
import { startApp } from './app-server.mjs';
import { startCollector } from './collector.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe('example app in headless Chromium', { timeout: 300_000 }, () => {
  let collector;
  let app;
  let browser;
  let keys; // the app signs identity assertions with a key pair made for this run
  const keyDir = mkdtempSync(join(tmpdir(), 'pb-identity-'));

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (set CHROMIUM_PATH, or apt-get install chromium)`);
    collector = await startCollector();
    keys = await identityKeys(keyDir);
    app = await startApp({ PAUBOX_INGEST_URL: collector.url, TRACKING_IDENTITY_PRIVATE_KEY_FILE: keys.privateKeyFile });
    // launch() gives every run a fresh temporary profile (its own --user-data-dir), removed on close.
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await app?.stop();
    await collector?.close();
    rmSync(keyDir, { recursive: true, force: true });
    if (collector) assert.deepEqual(collector.violations, [], 'every body the browser sent matches the contract, as text/plain');
    if (collector) assert.equal(collector.requests.filter((r) => r.method === 'OPTIONS').length, 0, 'no CORS preflight');
  });

  /** A fresh browser profile-like context; the collector log starts empty once earlier pages went quiet. */
  async function fresh(init) {
    await collector.quiet();
    collector.reset();
    const context = await browser.newContext();
    if (init) await context.addInitScript(init);
    const page = await context.newPage();
    return { context, page };
  }

  /** Stored events in the order they happened (arrival order may differ across connections). */
  const happened = () => collector.stored().sort((a, b) => Date.parse(a.occurred_at) - Date.parse(b.occurred_at));
  const pageViews = () => happened().filter((e) => e.type === 'page_view').map((e) => e.page_path);

  it('page views per navigation, path only; tracked clicks only; the Pages Router page too', async () => {
    const { context, page } = await fresh();
    await page.goto(`${app.url}/?patient=Jane%20Doe#dob`);
    await collector.waitFor('page view of /', () => pageViews().includes('/'));
    await page.click('#hero-cta');
    await page.click('#hero-cta-inner'); // inside the tracked element
    await page.click('#untracked');
    await page.click('#nav-reports');
    await page.waitForSelector('#reports-title');
    await page.click('#nav-patient'); // link with ?name=…#notes
    await page.waitForSelector('#patient-title');
    await page.click('#nav-reports-top'); // /reports?from=nav#top
    await page.waitForSelector('#reports-title');
    await page.click('#nav-legacy'); // full load into the Pages Router
    await page.waitForSelector('#legacy-title');
    await collector.waitFor('page view of /legacy', () => pageViews().includes('/legacy'));
    await page.click('#legacy-action');
    await page.click('#legacy-tab'); // shallow, same path: no new page view
    await page.waitForURL(/tab=2/);
    await page.goto('about:blank'); // page exit: beacon
    await collector.waitFor('legacy click', () => collector.stored().some((e) => e.label === 'legacy_action'));
    await collector.quiet();
    await context.close();

    assert.deepEqual(pageViews(), ['/', '/reports', '/patients/48213', '/reports', '/legacy']);
    const clicks = happened().filter((e) => e.type === 'click');
    assert.deepEqual(
      clicks.map((e) => [e.label, e.element, e.href_path ?? null, e.page_path]),
      [
        ['hero_cta', 'button', null, '/'],
        ['hero_cta', 'button', null, '/'],
        ['nav_reports', 'a', '/reports', '/'],
        ['legacy_action', 'button', null, '/legacy'],
      ],
    );
    const all = collector.posts().map((r) => r.raw).join('\n');
    assert.doesNotMatch(all, /Jane|patient=|dob|notes|from=nav|tab=2|\?|#/, 'no query string, hash or page text on the wire');
    const ids = collector.events().map((e) => e.event_id);
    assert.ok(collector.stored().every((e) => e.surface === 'example'));
    assert.ok(new Set(ids).size >= collector.stored().length);
  });

  it('a click right after the page loaded counts (tracking starts with the first render)', async () => {
    const { context, page } = await fresh();
    await page.goto(`${app.url}/`);
    await page.click('#hero-cta');
    await page.goto('about:blank');
    await collector.waitFor('the click', () => collector.stored().some((e) => e.label === 'hero_cta'));
    await context.close();
  });

  it('time on page: sent on route change and on exit, visible ≤ total', async () => {
    const { context, page } = await fresh();
    await page.goto(`${app.url}/`);
    await collector.waitFor('page view of /', () => pageViews().includes('/'));
    await sleep(600);
    const setHidden = (hidden) =>
      page.evaluate((h) => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
        document.dispatchEvent(new Event('visibilitychange'));
      }, hidden);
    await setHidden(true); // the tab goes to the background for a measured moment
    await sleep(1000);
    await setHidden(false);
    await sleep(300);
    await page.click('#nav-reports');
    await page.waitForSelector('#reports-title');
    await sleep(300);
    await page.goto('about:blank');
    const tops = await collector.waitFor('two time_on_page events', () => {
      const t = collector.stored().filter((e) => e.type === 'time_on_page');
      return t.length >= 2 && t;
    });
    await context.close();
    const [home, reports] = tops;
    assert.equal(home.page_path, '/');
    assert.ok(home.duration_ms >= 1800, `duration ${home.duration_ms}`);
    assert.ok(home.duration_ms - home.visible_ms >= 900, `hidden time not measured: ${JSON.stringify(home)}`);
    assert.equal(reports.page_path, '/reports');
    assert.ok(reports.duration_ms >= 250, `duration ${reports.duration_ms}`);
    for (const t of tops) {
      assert.ok(t.visible_ms <= t.duration_ms, JSON.stringify(t));
      assert.ok(t.visible_ms > 0, JSON.stringify(t));
    }
  });

  it('login helpers: failure with the Auth0 code, success with the user sub and customer id', async () => {
    const { context, page } = await fresh();
    await page.goto(`${app.url}/login`);
    await collector.waitFor('page view of /login', () => pageViews().includes('/login'));
    await page.fill('#login-email', 'jane.doe@example.com');
    await page.fill('#login-password', 'wrong');
    await page.click('#login-submit');
    await page.waitForSelector('#login-error:has-text("Wrong")');
    await page.fill('#login-password', 'correct horse');
    await page.click('#login-submit');
    await page.waitForSelector('#whoami:has-text("auth0|demo-user-1")');
    await collector.waitFor('login success', () => collector.stored().some((e) => e.type === 'login_success'));
    await collector.waitFor('page view of / after login', () => pageViews().includes('/'));
    await page.goto('about:blank');
    await collector.quiet();
    await context.close();
    const failure = collector.stored().find((e) => e.type === 'login_failure');
    const success = collector.stored().find((e) => e.type === 'login_success');
    assert.equal(failure.error_code, 'invalid_grant');
    assert.equal(failure.page_path, '/login');
    assert.equal(failure.user_sub ?? null, null);
    assert.equal(success.user_sub, 'auth0|demo-user-1');
    assert.equal(success.customer_id, 42);
    const home = collector.stored().find((e) => e.type === 'page_view' && e.page_path === '/');
    assert.equal(home.user_sub, 'auth0|demo-user-1');
    assert.equal(home.customer_id, 42);
    assert.doesNotMatch(collector.posts().map((r) => r.raw).join(''), /jane|example\.com|horse/i);
  });

  it('retries after a 503 (Retry-After) and the event is stored once', async () => {
    const { context, page } = await fresh();
    let failed = 0;
    collector.plan = (r) => (failed++ === 0 ? [503, { 'Retry-After': '1' }] : 204);
    await page.goto(`${app.url}/reports`);
    const stored = await collector.waitFor('page view after retry', () => collector.stored().find((e) => e.page_path === '/reports'));
    await context.close();
    const attempts = collector.events().filter((e) => e.event_id === stored.event_id);
    assert.deepEqual(
      attempts.map((e) => e._status),
      [503, 204],
    );
    assert.ok(attempts[1]._at - attempts[0]._at >= 900, `retried after ${attempts[1]._at - attempts[0]._at} ms`);
  });

  it('events from before a reload are delivered after it', async () => {
    const { context, page } = await fresh();
    collector.plan = () => [503, { 'Retry-After': '1' }]; // collector down
    await page.goto(`${app.url}/`);
    await collector.waitFor('a refused page view', () => collector.events().some((e) => e.type === 'page_view' && e._status === 503));
    await page.click('#hero-cta');
    const click = await collector.waitFor('a refused click', () => collector.events().find((e) => e.label === 'hero_cta' && e._status === 503));
    const reloadAt = Date.now();
    await page.reload();
    await collector.waitFor('a refused attempt after the reload', () => collector.events().some((e) => e._at > reloadAt + 200 && e._status === 503 && e._via === 'fetch'));
    collector.plan = () => 204; // collector back
    const delivered = await collector.waitFor('the click delivered', () => collector.stored().find((e) => e.event_id === click.event_id), 30000);
    await context.close();
    assert.ok(delivered._at > reloadAt, 'delivered after the reload');
    assert.equal(delivered.occurred_at, click.occurred_at);
  });

  it('identity assertions: signed by the app for the signed-in user, sent with their events only, kept out of storage', async () => {
    const { context, page } = await fresh();
    await page.goto(`${app.url}/`);
    await collector.waitFor('page view of /', () => pageViews().includes('/'));
    // Nobody signed in: the app's route refuses (and is not cached), and the snippet does not ask it.
    const refused = await page.evaluate(() => fetch('/api/tracking-identity').then((r) => [r.status, r.headers.get('cache-control'), r.headers.get('content-type')]));
    assert.deepEqual(refused, [401, 'no-store', 'application/problem+json']);
    await page.goto(`${app.url}/login`);
    await page.fill('#login-password', 'correct horse');
    await page.click('#login-submit');
    await page.waitForSelector('#whoami:has-text("auth0|demo-user-1")');
    await page.click('#hero-cta');
    await collector.waitFor('the signed-in click', () => collector.stored().some((e) => e.label === 'hero_cta' && e.user_sub));
    const inPage = await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }]) + document.cookie + location.href);
    await page.click('#logout');
    await page.waitForSelector('#whoami:has-text("Signed out")');
    await page.click('#hero-cta');
    await page.goto('about:blank');
    await collector.quiet();
    await context.close();

    const events = happened();
    const signedIn = events.filter((e) => e.user_sub);
    assert.ok(signedIn.some((e) => e.type === 'login_success'), JSON.stringify(events.map((e) => [e.type, e.user_sub])));
    const { jwtVerify, createLocalJWKSet } = await loadJose();
    const jwks = createLocalJWKSet(JSON.parse(readFileSync(keys.jwksFile, 'utf8')));
    for (const e of signedIn) {
      assert.ok(e._token, `signed-in event without an assertion: ${e.type} ${e.page_path}`);
      const { payload, protectedHeader } = await jwtVerify(e._token, jwks, { audience: 'paubox-tracking-ingest', algorithms: ['ES256'] });
      assert.equal(protectedHeader.kid, keys.kid);
      assert.deepEqual([payload.sub, payload.customer_id], [e.user_sub, e.customer_id], 'the assertion names exactly the event\'s identity');
      assert.ok(payload.exp - payload.iat <= 3600, 'at most an hour');
      assert.ok(!inPage.includes(e._token.split('.')[1]), 'the assertion is in no storage, cookie or URL');
    }
    const before = events.filter((e) => e.type === 'login_failure' || (e.page_path === '/login' && e.type === 'page_view'));
    assert.ok(before.length && before.every((e) => !e.user_sub && !e._token), 'nothing signed before sign-in');
    const afterLogout = events.filter((e) => e.label === 'hero_cta').at(-1);
    assert.equal(afterLogout.user_sub, null, 'the click after signing out is anonymous');
    assert.equal(afterLogout._token, undefined, 'and goes without the old assertion');
  });

  it('sends no request at all under Global Privacy Control', async () => {
    const { context, page } = await fresh(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
    await page.goto(`${app.url}/`);
    assert.equal(await page.evaluate(() => navigator.globalPrivacyControl), true);
    await page.click('#hero-cta');
    await page.click('#nav-reports');
    await page.waitForSelector('#reports-title');
    await page.goto(`${app.url}/login`);
    await page.fill('#login-password', 'wrong');
    await page.click('#login-submit');
    await page.goto(`${app.url}/legacy`);
    await page.click('#legacy-action');
    await sleep(2500);
    const keys = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('pb_')));
    await page.goto('about:blank');
    await sleep(500);
    await context.close();
    assert.equal(collector.requests.length, 0, 'no request reached the collector');
    assert.deepEqual(keys, [], 'nothing stored either');
  });

  it('sends no request at all after opt-out, also after reloads', async () => {
    const { context, page } = await fresh();
    await page.goto(`${app.url}/`);
    await collector.waitFor('page view of /', () => pageViews().includes('/'));
    await page.click('#opt-out');
    await page.waitForSelector('#privacy-status:has-text("opted out")');
    await collector.quiet();
    collector.reset();
    await page.click('#hero-cta');
    await page.reload();
    await page.click('#hero-cta');
    await page.click('#nav-reports');
    await page.waitForSelector('#reports-title');
    await page.goto(`${app.url}/legacy`);
    await page.click('#legacy-action');
    await sleep(2500);
    await page.goto('about:blank');
    await sleep(500);
    await context.close();
    assert.equal(collector.requests.length, 0, 'no request reached the collector');
  });
});
