// End to end: headless Chromium on the built example Next.js app, beacons through the packaged ingest
// service (java -jar) into PostgreSQL, numbers out of the packaged dashboard service with real bearer
// tokens from Keycloak, an administrator who signs in on Keycloak's login page and sees those numbers in
// the admin view, and finally a dump of the whole database that must not contain any of the raw inputs
// the product promises never to store. The ingest service verifies identity assertions (verify mode) with
// a key pair made for the run: the example app signs its signed-in user's, and a forged beacon is stored
// anonymous.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { chromium } from 'playwright-core';
import { Processes, freePort, waitFor, waitForHttp } from './lib/processes.mjs';
import { startIngress } from './lib/ingress.mjs';
import { passwordToken, signInOnLoginPage, startKeycloak } from './lib/keycloak.mjs';
import { APP_CLIENT } from '../dev/keycloak/realm-for-origins.mjs';
import { identityKeys, loadJose } from '../dev/identity-keys.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const INGEST_APP = join(ROOT, 'ingest-service/target/quarkus-app');
const DASHBOARD_JAR = join(ROOT, 'dashboard-service/target/quarkus-app/quarkus-run.jar');
const EXAMPLE_APP = join(ROOT, 'snippet/examples/next-app');
const GEOIP_DB = join(ROOT, 'ingest-service/src/test/resources/geoip/GeoIP2-City-Test.mmdb');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Kept between runs (the first run fetches Keycloak through the Maven wrapper; `mvn clean` removes it).
const KEYCLOAK_DIR = join(ROOT, 'e2e/target/keycloak');

// Raw inputs that must never reach storage.
const VISITOR_IP = '81.2.69.142'; // London in MaxMind's test database; the ingress stand-in forwards it
const BURST_IP = '203.0.113.7';
const RECORD_ID = '9384721056';
const EMAIL = 'jane.doe@example.com';
const QUERY = 'diagnosis=influenza';
const FRAGMENT = 'sec-visit-notes';
// Headless Chromium announces itself as "HeadlessChrome", which isbot rightly treats as a bot: the
// visitor presents a headed Chrome's User-Agent.
const VISITOR_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 E2EVisitor/1';
const BOT_UA = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const BURST_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 BurstClient/7.7';
// The example app's demo user (app/demo-user.ts) and someone a forger would like to pass for.
const DEMO_SUB = 'auth0|demo-user-1';
const DEMO_CUSTOMER = 42;
const VICTIM_SUB = 'auth0|victim-0042';
const VICTIM_CUSTOMER = 7;
const FORGER_IP = '198.51.100.23';

const work = mkdtempSync(join(tmpdir(), 'paubox-e2e-'));
const logs = join(ROOT, 'e2e/target/logs');
mkdirSync(logs, { recursive: true });
const processes = new Processes(logs);
const ports = {};
let dbUrl;
let issuer; // Keycloak's realm: the issuer the dashboard trusts
let browser;
let ingress;
let identity; // the run's identity key pair: { privateKeyFile, jwksFile, kid }
const forgedAssertions = []; // must end up nowhere in the database

const sql = (query) => execFileSync('psql', [dbUrl, '-Atc', query], { encoding: 'utf8' }).trim();
const count = (where) => Number(sql(`SELECT count(*) FROM analytics_events WHERE ${where}`));

async function dashboard(path, token) {
  const response = await fetch(`http://localhost:${ports.dashboard}/api/admin/analytics${path}`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : await response.text();
  return { status: response.status, body };
}

const adminToken = () => passwordToken(issuer, 'csm-admin');

// A forgery: the dev issuer signs a token with every claim Keycloak would put there, with its own key.
async function forgedToken() {
  return (await fetch(`http://localhost:${ports.forger}/token`)).text();
}

before(async () => {
  for (const [what, file] of [['ingest jar', join(INGEST_APP, 'quarkus-run.jar')], ['dashboard jar', DASHBOARD_JAR],
    ['example app build', join(EXAMPLE_APP, '.next')], ['GeoIP test database', GEOIP_DB], ['Chromium', CHROMIUM]]) {
    assert.ok(existsSync(file), `${what} missing: ${file} (run ./mvnw verify from the root; install chromium)`);
  }
  for (const name of ['db', 'keycloak', 'forger', 'ingest', 'ingress', 'dashboard', 'app']) ports[name] = await freePort();
  dbUrl = `postgresql://postgres:postgres@localhost:${ports.db}/postgres?sslmode=disable`;
  identity = await identityKeys(join(work, 'identity'));

  // Keycloak takes longest (~25-50 s; a first run fetches and builds it): started first, awaited last.
  issuer = startKeycloak(processes, { root: ROOT, dir: KEYCLOAK_DIR, port: ports.keycloak, appOrigin: `http://localhost:${ports.app}` });

  processes.start('db', 'java', ['-cp', `${INGEST_APP}/lib/boot/*:${INGEST_APP}/lib/main/*`, 'com.paubox.tracking.database.EmbeddedDatabase'], {
    env: { ANALYTICS_EMBEDDED_DB_PORT: String(ports.db), ANALYTICS_EMBEDDED_DB_DIR: join(work, 'db') },
  });
  await waitFor('embedded PostgreSQL', () => processes.log('db').includes('embedded PostgreSQL ready'));

  processes.start('forger', 'node', [join(ROOT, 'dev/local-issuer.mjs')], { env: { PORT: String(ports.forger), ISSUER: issuer } });
  processes.start('ingest', 'java', ['-jar', join(INGEST_APP, 'quarkus-run.jar')], {
    env: {
      ANALYTICS_DATABASE_URL: dbUrl,
      QUARKUS_HTTP_PORT: String(ports.ingest),
      ANALYTICS_ALLOWED_ORIGINS: `http://localhost:${ports.app}`,
      ANALYTICS_GEOIP_DATABASE: GEOIP_DB,
      // The ingress stand-in connects from loopback: X-Forwarded-For is trusted from there only.
      QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING: 'true',
      QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED: 'true',
      QUARKUS_HTTP_PROXY_TRUSTED_PROXIES: '127.0.0.1,::1',
      // A beacon's user_sub/customer_id are stored only under a valid assertion naming exactly them.
      ANALYTICS_IDENTITY_MODE: 'verify',
      ANALYTICS_IDENTITY_KEYS: identity.jwksFile,
    },
  });
  await waitForHttp(`http://localhost:${ports.forger}/.well-known/openid-configuration`);
  await waitForHttp(`http://localhost:${ports.ingest}/q/health/ready`);
  ingress = await startIngress({ port: ports.ingress, target: ports.ingest, clientAddress: () => VISITOR_IP });
  processes.start('app', 'npx', ['next', 'start', '-p', String(ports.app)], {
    cwd: EXAMPLE_APP,
    env: {
      PAUBOX_INGEST_URL: `http://localhost:${ports.ingress}/api/analytics/event`,
      PAUBOX_OIDC_AUTHORITY: issuer,
      PAUBOX_OIDC_CLIENT_ID: APP_CLIENT,
      PAUBOX_DASHBOARD_URL: `http://localhost:${ports.dashboard}`,
      TRACKING_IDENTITY_PRIVATE_KEY_FILE: identity.privateKeyFile,
      NEXT_TELEMETRY_DISABLED: '1',
    },
  });
  // The dashboard trusts Keycloak through QUARKUS_OIDC_AUTH_SERVER_URL alone; started once Keycloak answers.
  const keycloak = await waitFor('Keycloak (see e2e/target/logs/keycloak.log)', async () =>
    !processes.running('keycloak') ? 'exited' : (await fetch(`${issuer}/.well-known/openid-configuration`)).ok && 'ready',
  { timeoutMs: 600000, intervalMs: 500 });
  assert.equal(keycloak, 'ready', `dev/keycloak.sh exited:\n${processes.log('keycloak')}`);
  processes.start('dashboard', 'java', ['-jar', DASHBOARD_JAR], {
    env: {
      ANALYTICS_DATABASE_URL: dbUrl,
      QUARKUS_HTTP_PORT: String(ports.dashboard),
      QUARKUS_OIDC_AUTH_SERVER_URL: issuer,
      ANALYTICS_ALLOWED_ORIGINS: `http://localhost:${ports.app}`,
      // one visitor signs in here: with the shipped threshold (5 users) every login breakdown row would be folded
      // into "other", hiding the geo this test follows end to end; the rule itself: LoginBreakdownSuppressionTest
      ANALYTICS_MIN_GROUP_USERS: '0',
    },
  });
  await waitForHttp(`http://localhost:${ports.dashboard}/q/health/ready`);
  await waitForHttp(`http://localhost:${ports.app}/`);

});

// The User-Agent is set on the command line: a context-level override does not reach beacons the
// browser sends while a page is going away, and those would carry "HeadlessChrome".
function launch(userAgent) {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost',
      `--user-agent=${userAgent}`],
  });
}

after(async () => {
  await browser?.close();
  ingress?.close();
  await processes.stopAll();
  rmSync(work, { recursive: true, force: true });
});

const app = (path) => `http://localhost:${ports.app}${path}`;

test('a bot visit leaves no trace', async () => {
  const botBrowser = await launch(BOT_UA);
  const context = await botBrowser.newContext();
  const page = await context.newPage();
  await page.goto(app('/'));
  await page.click('[data-pb-track="hero_cta"]');
  await page.goto(app('/reports'));
  await page.close({ runBeforeUnload: true });
  await context.close();
  await botBrowser.close();
  // The bot's beacons do arrive (answered 204), and nothing of them is stored.
  await waitFor('the bot beacons', () => ingress.posts > 0);
  await new Promise((r) => setTimeout(r, 2000));
  assert.equal(count('true'), 0, 'no row from the bot');
});

test('a human visit is counted exactly, scrubbed and templated', async () => {
  browser = await launch(VISITOR_UA);
  const context = await browser.newContext();
  const page = await context.newPage();

  await page.goto(app('/'));
  await page.click('[data-pb-track="hero_cta"]');
  await page.click('#untracked');
  await page.click('[data-pb-track="nav_reports"]');
  await page.waitForURL('**/reports');
  // The URL changes before React renders /reports, and the provider counts the page view in an effect after that
  // render: wait for the page and one frame, or the next navigation can unload it first (a lost /reports view).
  await page.waitForSelector('#reports-title');
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
  await page.goto(app(`/patients/${RECORD_ID}?${QUERY}#${FRAGMENT}`));
  // Hide the tab for a measured moment: visible time must come out shorter than total time.
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await page.waitForTimeout(1500);
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await page.goto(app(`/patients/${encodeURIComponent(EMAIL)}`));
  await page.goto(app('/legacy'));
  // Server-rendered: its HTML is there before React hydrates and the provider counts the view in an effect; a person
  // stays longer than the load event, the test waits for the scripts and one frame (else a lost /legacy view, seen once).
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
  await page.goto(app('/login'));
  await page.fill('#login-password', 'wrong');
  await page.click('#login-submit');
  await page.waitForSelector('#login-error:has-text("Wrong")');
  await page.fill('#login-password', 'correct horse battery staple');
  await page.click('#login-submit'); // signs in and goes home: a 7th page view
  await page.waitForSelector('#whoami:has-text("Signed in")');
  // The snippet asks the app's server for the user's identity assertion at sign-in and sends the login with it;
  // a person stays on the page for that long (a page closed within milliseconds would beacon without one).
  await waitFor('the login to be stored', () => count("surface = 'example' AND type = 'login_success'") === 1);
  // The page-leave beacon carries the last page's events, and the snippet forgets what the browser accepted as a
  // beacon: a real browser stays open to send it, so wait for it to be answered before closing this one.
  await waitFor('in-flight beacons', () => ingress.answered === ingress.posts);
  const seen = ingress.posts;
  await page.close({ runBeforeUnload: true });
  await waitFor('the page-leave beacon', () => ingress.posts > seen && ingress.answered === ingress.posts);
  await context.close();

  const surface = "surface = 'example'";
  await waitFor('the visit to be stored', async () => {
    const before = count(surface);
    await new Promise((r) => setTimeout(r, 1500));
    return before > 0 && count(surface) === before; // settled
  });

  assert.equal(count(`${surface} AND type = 'page_view'`), 7, `page views: /, /reports, two patients, /legacy, /login, / again; stored: ${
    sql(`SELECT string_agg(type || ' ' || page_path || coalesce(' ' || label, ''), ', ' ORDER BY occurred_at) FROM analytics_events WHERE ${surface}`)}`);
  assert.equal(Number(sql(`SELECT count(DISTINCT anon_id) FROM analytics_events WHERE ${surface}`)), 1);
  assert.equal(Number(sql(`SELECT count(DISTINCT session_id) FROM analytics_events WHERE ${surface}`)), 1);
  const paths = sql(`SELECT DISTINCT page_path FROM analytics_events WHERE ${surface} ORDER BY 1`).split('\n');
  for (const path of paths) {
    assert.ok(!/[?#@]/.test(path) && !path.includes(RECORD_ID) && !path.includes('jane'), `raw path stored: ${path}`);
  }
  assert.ok(paths.includes('/patients/:id'), `templated path present in ${paths}`);
  assert.equal(count(`${surface} AND type = 'time_on_page' AND visible_ms > duration_ms`), 0, 'visible ≤ total');
  assert.ok(count(`${surface} AND type = 'time_on_page' AND duration_ms - visible_ms >= 1000`) >= 1, 'the hidden moment is measured');
  assert.equal(sql(`SELECT string_agg(DISTINCT geo_country, ',') FROM analytics_events WHERE ${surface} AND type LIKE 'login_%'`), 'GB');
  assert.equal(count(`${surface} AND type NOT LIKE 'login_%' AND (geo_country IS NOT NULL OR browser IS NOT NULL)`), 0,
    'geo and browser only on login events');

  // Identity, verified: the signed-in user's events (the login and what follows) carry the user and customer the
  // app's server vouched for; what came before the sign-in is anonymous.
  const demo = `user_sub = '${DEMO_SUB}' AND customer_id = ${DEMO_CUSTOMER}`;
  assert.equal(count(`${surface} AND type = 'login_success' AND ${demo}`), 1, 'the login success is attributed');
  assert.equal(count(`${surface} AND type = 'page_view' AND page_path = '/' AND ${demo}`), 1, 'the page view after the login is attributed');
  assert.equal(count(`${surface} AND type = 'login_failure' AND user_sub IS NULL AND customer_id IS NULL`), 1, 'the failed attempt is anonymous');
  assert.equal(count(`${surface} AND type = 'page_view' AND page_path = '/reports' AND user_sub IS NULL`), 1, 'before the sign-in: anonymous');
  assert.equal(count(`${surface} AND user_sub IS NOT NULL AND NOT (${demo})`), 0, 'no other identity');
});

test('a forged beacon cannot attribute events to a user or a customer (verify mode)', async () => {
  const { SignJWT, generateKeyPair } = await loadJose();
  const claims = (sub, customerId) => new SignJWT({ customer_id: customerId }).setSubject(sub).setAudience('paubox-tracking-ingest')
    .setIssuedAt().setExpirationTime('10m');
  // The forger's own key, presented under the real key id.
  const { privateKey: otherKey } = await generateKeyPair('ES256');
  const otherKeyToken = await claims(VICTIM_SUB, VICTIM_CUSTOMER).setProtectedHeader({ alg: 'ES256', kid: identity.kid }).sign(otherKey);
  // A genuine assertion the forger got by signing in to the app as the demo user, sent with the victim's identity.
  const genuine = await fetch(`http://localhost:${ports.app}/api/tracking-identity`, { headers: { cookie: 'demo_session=1' } });
  assert.equal(genuine.status, 200);
  assert.equal(genuine.headers.get('cache-control'), 'no-store');
  const demoToken = await genuine.text();
  assert.equal((await fetch(`http://localhost:${ports.app}/api/tracking-identity`)).status, 401, 'nobody signed in: no assertion');
  forgedAssertions.push(otherKeyToken, demoToken);

  const attempts = { none: undefined, 'another key': otherKeyToken, 'another user\'s assertion': demoToken };
  for (const [name, token] of Object.entries(attempts)) {
    const event = {
      event_id: randomUUID(), type: 'login_failure', error_code: 'invalid_grant', occurred_at: new Date().toISOString(),
      anon_id: randomUUID(), session_id: randomUUID(), session_count: 1, surface: 'forged', page_path: `/${name.replace(/\W+/g, '-')}`,
      user_sub: VICTIM_SUB, customer_id: VICTIM_CUSTOMER,
    };
    const response = await fetch(`http://localhost:${ports.ingest}/api/analytics/event`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': VISITOR_UA, 'x-forwarded-for': FORGER_IP },
      body: JSON.stringify({ events: [event], ...(token && { identity_token: token }) }),
    });
    assert.equal(response.status, 204, `${name}: answered like any beacon`);
    await waitFor(`the ${name} beacon to be stored`, () => count(`event_id = '${event.event_id}'`) === 1);
    assert.equal(count(`event_id = '${event.event_id}' AND user_sub IS NULL AND customer_id IS NULL`), 1, `${name}: stored anonymous`);
  }
  assert.equal(count(`user_sub = '${VICTIM_SUB}' OR customer_id = ${VICTIM_CUSTOMER}`), 0, 'nothing attributed to the victim');

  const metrics = await (await fetch(`http://localhost:${ports.ingest}/q/metrics`)).text();
  const rejected = (reason) => Number(metrics.match(new RegExp(`^analytics_identity_rejected_events_total\\{[^}]*reason="${reason}"[^}]*\\} (\\S+)`, 'm'))?.[1] ?? 0);
  assert.ok(rejected('missing') >= 1, 'counted: missing');
  assert.ok(rejected('invalid') >= 1, 'counted: invalid (another key)');
  assert.ok(rejected('mismatch') >= 1, 'counted: mismatch (another user\'s assertion)');
});

test('a burst from one IP stores exactly the rate limit', async () => {
  const base = { anon_id: randomUUID(), session_id: randomUUID(), session_count: 1, surface: 'burst', page_path: '/burst' };
  for (let batch = 0; batch < 10; batch++) {
    const events = Array.from({ length: 10 }, () => ({
      ...base, event_id: randomUUID(), type: 'page_view', occurred_at: new Date().toISOString(),
    }));
    const response = await fetch(`http://localhost:${ports.ingest}/api/analytics/event`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': BURST_UA, 'x-forwarded-for': BURST_IP },
      body: JSON.stringify({ events }),
    });
    assert.equal(response.status, 204, 'the answer never reveals the limit');
  }
  assert.equal(count("surface = 'burst'"), 60);
});

const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
const range = `from=${day(-1)}&to=${day(1)}&surface=example`;

test('the dashboard reports the visit through a real bearer token', async () => {
  const admin = await adminToken();

  assert.equal((await dashboard(`/overview?${range}`)).status, 401, 'no token');
  assert.equal((await dashboard(`/overview?${range}`, await forgedToken())).status, 401, 'a token signed with another key');
  assert.equal((await dashboard(`/overview?${range}`, await passwordToken(issuer, 'csm-viewer'))).status, 403, 'no role');

  const overview = await dashboard(`/overview?${range}`, admin);
  assert.equal(overview.status, 200, JSON.stringify(overview.body));
  assert.equal(overview.body.page_views, 7);
  assert.equal(overview.body.unique_visitors, 1);
  assert.equal(overview.body.sessions, 1);
  assert.equal(overview.body.login_successes, 1);
  assert.equal(overview.body.login_failures, 1);
  assert.ok(overview.body.avg_visible_ms <= overview.body.avg_duration_ms, 'visible ≤ total');

  const clicks = await dashboard(`/clicks?${range}`, admin);
  assert.equal(clicks.status, 200);
  const byLabel = Object.fromEntries(clicks.body.rows.map((row) => [row.label, row.clicks]));
  assert.equal(byLabel.hero_cta, 1);
  assert.equal(byLabel.nav_reports, 1);
  assert.equal(overview.body.clicks, clicks.body.rows.reduce((sum, row) => sum + row.clicks, 0), 'untracked clicks are not counted');

  const logins = await dashboard(`/logins?${range}`, admin);
  assert.equal(logins.status, 200);
  assert.equal(logins.body.successes, 1);
  assert.equal(logins.body.failures, 1);
  assert.deepEqual(logins.body.failures_by_code, [{ error_code: 'invalid_grant', failures: 1, suppressed: false }]);
  assert.deepEqual(logins.body.by_country.map((row) => row.key), ['GB'], 'geo from the visitor address, via the trusted ingress');

  const pages = await dashboard(`/pages?${range}`, admin);
  assert.equal(pages.status, 200);
  const views = Object.fromEntries(pages.body.rows.map((row) => [row.page_path, row.views]));
  // The record id is templated; the e-mail is scrubbed to its placeholder first.
  assert.equal(views['/patients/:id'], 1, JSON.stringify(views));
  assert.equal(views['/patients/[email]'], 1, JSON.stringify(views));
  assert.equal(views['/'], 2, JSON.stringify(views));
  assert.equal(views['/legacy'], 1, JSON.stringify(views));

  assert.ok(Number(sql('SELECT count(*) FROM audit_log')) >= 7, 'every dashboard call is audited');
  assert.equal(sql("SELECT DISTINCT subject FROM audit_log WHERE status = 200"), '00000000-0000-4000-a000-000000000001',
    "the audit names Keycloak's fixed subject of csm-admin");
});

/** Opens the admin view in a fresh context: it sends the visitor to Keycloak's own login page, where we sign in. */
async function signInToAdminView(username) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const dashboardRequests = [];
  page.on('request', (request) => {
    if (request.url().startsWith(`http://localhost:${ports.dashboard}/`)) dashboardRequests.push(request);
  });
  // surface=example: a parameter of the view that must survive the round trip through Keycloak.
  await page.goto(app('/admin/analytics?surface=example'));
  await page.waitForURL((url) => url.port === String(ports.keycloak));
  await signInOnLoginPage(page, username);
  await page.waitForSelector('[data-admin-auth="signed-in"]');
  return { context, page, dashboardRequests };
}

test('an administrator signs in through Keycloak and sees the numbers the visit produced', async () => {
  const { context, page, dashboardRequests } = await signInToAdminView('csm-admin');
  const landed = new URL(page.url());
  assert.equal(landed.pathname, '/admin/analytics');
  assert.equal(landed.searchParams.get('surface'), 'example', 'the view keeps its own parameters');
  for (const param of ['code', 'state', 'session_state', 'iss']) assert.ok(!landed.searchParams.has(param), `${param} removed from ${landed}`);

  await page.waitForSelector('[data-panel="overview"][data-state="ready"]', { timeout: 60000 });
  const card = (metric) => page.getAttribute(`[data-panel="overview"] [data-card="${metric}"]`, 'data-value').then(Number);
  const overview = await dashboard(`/overview?${range}`, await adminToken());
  assert.equal(overview.status, 200);
  const storedViews = count("surface = 'example' AND type = 'page_view'");
  const storedClicks = count("surface = 'example' AND type = 'click'");
  assert.equal(storedViews, 7);
  assert.equal(await card('page_views'), storedViews, 'page views card = SQL count');
  assert.equal(await card('page_views'), overview.body.page_views, 'page views card = API');
  assert.equal(await card('clicks'), storedClicks, 'clicks card = SQL count');
  assert.equal(await card('clicks'), overview.body.clicks, 'clicks card = API');

  // The access token travels in the Authorization header only: never in a URL, never in storage.
  const authorized = dashboardRequests.find((request) => request.headers().authorization);
  assert.ok(authorized, 'the view called the dashboard with a bearer token');
  const accessToken = authorized.headers().authorization.replace(/^Bearer /, '');
  assert.ok(dashboardRequests.every((request) => !request.url().includes(accessToken)), 'no token in a URL');
  const stored = await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }]) + document.cookie);
  assert.ok(!stored.includes(accessToken) && !stored.includes(accessToken.split('.')[1]), 'no token in web storage or cookies');

  // So a reload starts signed out, and signs in again through Keycloak's session: no password, same view.
  await page.reload();
  await page.waitForSelector('[data-admin-auth="signed-in"]');
  assert.equal(new URL(page.url()).searchParams.get('surface'), 'example');
  await page.waitForSelector('[data-panel="overview"][data-state="ready"]', { timeout: 60000 });
  await context.close();
});

test('a signed-in user without the super_admin role sees the 403 message', async () => {
  const { context, page } = await signInToAdminView('csm-viewer');
  await page.waitForSelector('[data-panel="overview"][data-state="error"]', { timeout: 60000 });
  assert.match(await page.textContent('[data-panel="overview"]'), /lacks the super_admin role/);
  await context.close();
});

test('nothing that must never be stored is in the database', () => {
  const dump = execFileSync('pg_dump', ['--data-only', dbUrl], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  assert.ok(dump.includes('/patients/:id'), 'the dump holds the data');
  for (const raw of [VISITOR_IP, BURST_IP, '127.0.0.1', VISITOR_UA, 'E2EVisitor', BOT_UA, BURST_UA, 'Googlebot', QUERY, 'diagnosis',
    FRAGMENT, EMAIL, 'jane.doe', RECORD_ID, VICTIM_SUB, ...forgedAssertions.map((token) => token.split('.')[2])]) {
    assert.ok(!dump.includes(raw), `the database contains a raw input: ${raw}`);
  }
});
