// Deterministic events for the browser tests, inserted straight into analytics_events with psql (the
// columns of shared-model's V1 migration; rows shaped like the ingest service stores them: geo and browser
// only on login events, no user on a login failure). Spread over the last 60 UTC days and today, so every
// panel has data and the previous 30-day period is full but quieter than the current one.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';

export const CUSTOMERS = [48213, 48213, 777, 12, 3051, 9920, 1544, null];
export const SURFACES = ['dashboard', 'dashboard', 'marketing'];
export const PATHS = ['/messages/inbox', '/messages/inbox', '/messages/sent', '/settings/users', '/pricing', '/reports/:id'];
// More than ten paths, so the pages panel has a "show more"; the rare ones are picked one time in seven.
export const RARE_PATHS = ['/help/faq', '/help/contact', '/billing', '/billing/invoices', '/settings/profile',
  '/settings/security', '/reports', '/messages/drafts'];
export const CLICKS = [
  { label: 'nav_compose', element: 'button', href: null },
  { label: 'send_now', element: 'button', href: null },
  { label: 'pricing_cta', element: 'a', href: '/pricing' },
  { label: 'logout', element: 'a', href: '/logout' },
];
// Some people sign in from several browsers (anon ids map onto users modulo the list); null = never signed in.
export const USERS = ['auth0|erase-me', null, ...Array.from({ length: 20 }, (_, i) => `auth0|user-${String(i + 1).padStart(2, '0')}`),
  'google-oauth2|user-21', 'google-oauth2|user-22', null];
export const ERASE_SUB = 'auth0|erase-me';
const CODES = ['invalid_grant', 'access_denied', 'mfa_required'];
const GEO = [['Milton', 'WA', 'US'], ['London', 'ENG', 'GB'], ['Linköping', 'E', 'SE'], [null, null, null]];
const AGENTS = [['Chrome', 'Windows', 'desktop'], ['Safari', 'iOS', 'mobile'], ['Firefox', 'Linux', 'desktop']];
export const DAYS_BACK = 60;

// mulberry32: a tiny seeded PRNG, so every run stores the same shape of data.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Visits: each a browser session on one day (today's before `now`), made of page views, a time_on_page
 * per view, some clicks, and on some days a login (success, or a failure then a success).
 */
export function generateEvents(now = new Date(), seed = 7) {
  const random = prng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  const todayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const anons = Array.from({ length: 40 }, () => uuidFrom(random));
  const sessionCounts = new Map();
  const events = [];
  for (let day = DAYS_BACK; day >= 0; day--) {
    // more traffic recently, so the current 30 days clearly differ from the previous 30
    const visits = day === 0 ? 6 : int(2, day < 30 ? 8 : 6);
    for (let v = 0; v < visits; v++) {
      const anonIndex = int(0, anons.length - 1);
      const anon = anons[anonIndex];
      const user = USERS[anonIndex % USERS.length];
      const count = (sessionCounts.get(anon) ?? 0) + 1;
      sessionCounts.set(anon, count);
      const session = uuidFrom(random);
      const customer = user === null ? pick([null, 777]) : CUSTOMERS[anonIndex % CUSTOMERS.length];
      const surface = anonIndex % 4 === 3 ? 'marketing' : pick(SURFACES);
      // today's visits end at least 10 minutes before now; past days anywhere in the day
      let start = day === 0
        ? Math.max(todayStart, now.getTime() - int(15, 6 * 60) * 60_000 - 10 * 60_000)
        : todayStart - day * 86_400_000 + int(0, 86_400 - 3_600) * 1000;
      const base = { anon, session, count, user, customer, surface };
      const at = () => new Date((start += int(5, 90) * 1000)).toISOString();
      if (random() < 0.35) {
        const geo = pick(GEO);
        const agent = pick(AGENTS);
        const login = { ...base, page: '/login', geo, agent };
        if (random() < 0.4) events.push({ ...login, type: 'login_failure', user: null, error: pick(CODES), at: at() });
        events.push({ ...login, type: 'login_success', at: at() });
      }
      for (let p = int(1, 4); p > 0; p--) {
        const page = random() < 1 / 7 ? pick(RARE_PATHS) : pick(PATHS);
        events.push({ ...base, type: 'page_view', page, at: at() });
        for (let c = int(0, 2); c > 0; c--) {
          const click = pick(CLICKS);
          events.push({ ...base, type: 'click', page, label: click.label, element: click.element, href: click.href, at: at() });
        }
        const duration = int(2_000, 120_000);
        events.push({ ...base, type: 'time_on_page', page, duration, visible: int(500, duration), at: at() });
      }
    }
  }
  return events.filter((e) => Date.parse(e.at) < now.getTime());
}

function uuidFrom(random) {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const literal = (value) => (value === null || value === undefined ? 'NULL'
  : typeof value === 'number' ? String(value) : `'${String(value).replaceAll("'", "''")}'`);

export function insertSql(events) {
  const rows = events.map((e) => `(${[
    randomUUID(), e.at, e.type, e.anon, e.session, e.count, e.user, e.customer, e.surface, e.page,
    e.duration, e.visible, e.label, e.element, e.href, e.error,
    e.geo?.[0], e.geo?.[1], e.geo?.[2], e.agent?.[0], e.agent?.[1], e.agent?.[2],
  ].map(literal).join(', ')})`);
  return `INSERT INTO analytics_events (event_id, occurred_at, type, anon_id, session_id, session_count, user_sub, customer_id,
    surface, page_path, duration_ms, visible_ms, label, element, href_path, error_code, geo_city, geo_region, geo_country,
    browser, os, device_type) VALUES\n${rows.join(',\n')};`;
}

export function psql(dbUrl, sql) {
  return execFileSync('psql', [dbUrl, '-v', 'ON_ERROR_STOP=1', '-Atq', '-f', '-'], { input: sql, encoding: 'utf8' }).trim();
}

// Accounts (issue 27): customers shaped so the Accounts tab has every kind of row the seed above lacks.
export const ACCOUNTS = {
  dormant: 5001, // active 20–40 days ago, nothing in the last 14 days
  fresh: 5002, // first event ever 1–3 days ago (status new), with key actions
  declining: 5003, // 8 users in the previous 30 days, 2 in the current ones
  fillerFrom: 6000, // FILLERS customers with one page view each: more than one page of the list
};
export const FILLERS = 55;

/** Page views (and a few key-action clicks) of the accounts above, relative to `now` (UTC days back). */
export function accountEvents(now = new Date()) {
  const todayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const events = [];
  const visit = (customer, user, daysBack, { page = '/messages/inbox', click } = {}) => {
    const base = { anon: randomUUID(), session: randomUUID(), count: 1, user, customer, surface: 'dashboard', page };
    const start = todayStart - daysBack * 86_400_000 + 10 * 3_600_000 + events.length * 1000;
    events.push({ ...base, type: 'page_view', at: new Date(start).toISOString() });
    if (click) events.push({ ...base, type: 'click', label: click, element: 'button', at: new Date(start + 20_000).toISOString() });
  };
  const sub = (customer, i) => `auth0|acct-${customer}-${i}`;
  for (let i = 0; i < 3; i++) {
    for (const day of [20, 23, 25, 35, 38]) visit(ACCOUNTS.dormant, sub(ACCOUNTS.dormant, i), day);
  }
  for (let i = 0; i < 2; i++) {
    for (const day of [1, 2, 3]) visit(ACCOUNTS.fresh, sub(ACCOUNTS.fresh, i), day, { click: i === 0 ? 'send_email_btn' : 'nav_compose' });
  }
  for (let i = 0; i < 8; i++) visit(ACCOUNTS.declining, sub(ACCOUNTS.declining, i), 31 + i * 2, { click: 'send_email_btn' });
  for (let i = 0; i < 2; i++) visit(ACCOUNTS.declining, sub(ACCOUNTS.declining, i), 1 + i);
  for (let c = 0; c < FILLERS; c++) visit(ACCOUNTS.fillerFrom + c, sub(ACCOUNTS.fillerFrom + c, 0), 2 + (c % 5), { page: '/settings/users' });
  return events.filter((e) => Date.parse(e.at) < now.getTime());
}

// Funnel (issue 28): sessions of customer FUNNEL_CUSTOMER that open /compose, most then click send_email_btn and
// some then view /messages/sent — and sessions that do it out of order or across sessions, which must not count.
export const FUNNEL_CUSTOMER = 5100;
export const FUNNEL_STEPS = ['page:/compose', 'click:send_email_btn', 'page:/messages/sent'];

/** Events of the funnel above over the last 12 UTC days (one session a day, 6 users), relative to `now`. */
export function funnelEvents(now = new Date()) {
  const todayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const events = [];
  for (let day = 1; day <= 12; day++) {
    const user = `auth0|funnel-${day % 6}`;
    const base = { anon: `00000000-0000-4000-a000-0000000051${String(day).padStart(2, '0')}`, session: randomUUID(), count: day,
      user, customer: FUNNEL_CUSTOMER, surface: 'dashboard' };
    let at = todayStart - day * 86_400_000 + 9 * 3_600_000;
    const next = (seconds) => new Date((at += seconds * 1000)).toISOString();
    const view = (page, seconds) => events.push({ ...base, type: 'page_view', page, at: next(seconds) });
    const click = (label, page, seconds) => events.push({ ...base, type: 'click', page, label, element: 'button', at: next(seconds) });
    if (day === 12) click('send_email_btn', '/messages/inbox', 5); // a click before /compose: only step 1 follows
    view('/compose', 10);
    if (day <= 8) click('send_email_btn', '/compose', 20 + day * 7);
    if (day <= 5) view('/messages/sent', 3 + day);
    if (day === 9) {
      // the send happens in another session: it does not continue this session's funnel
      base.session = randomUUID();
      click('send_email_btn', '/compose', 30);
    }
  }
  return events.filter((e) => Date.parse(e.at) < now.getTime());
}

// Retention (issue 28): the seed above meets nearly all its users in its first days, so the cohorts of a recent
// range would be empty. These are customer RETENTION_CUSTOMER's users, first seen in each of the last 12 weeks
// (8–14 a week) and coming back fewer each later week; some return on a second browser, and signed-out visitors
// come back too, so users and visitors differ. Deterministic (PRNG), relative to `now` (UTC days back).
export const RETENTION_CUSTOMER = 7001;

export function retentionEvents(now = new Date(), seed = 28) {
  const random = prng(seed);
  const todayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const events = [];
  const visit = (user, anon, daysBack, hour) => {
    const at = todayStart - Math.max(1, daysBack) * 86_400_000 + hour * 3_600_000 + events.length * 1000;
    events.push({
      anon, session: uuidFrom(random), count: 1, user, customer: RETENTION_CUSTOMER, surface: 'dashboard',
      page: '/messages/inbox', type: 'page_view', at: new Date(at).toISOString(),
    });
  };
  for (let week = 11; week >= 0; week--) {
    const size = 8 + ((week * 5) % 7);
    for (let i = 0; i < size; i++) {
      const user = i % 5 === 4 ? null : `auth0|ret-w${week}-${i}`; // every fifth one never signs in
      const anon = uuidFrom(random);
      const day = week * 7 + (i % 4);
      visit(user, anon, day, 9 + (i % 8));
      for (let later = 1; later <= week; later++) {
        if (random() < 0.8 * 0.85 ** later) {
          visit(user, random() < 0.2 ? uuidFrom(random) : anon, day - later * 7, 10 + (i % 6));
        }
      }
    }
  }
  return events.filter((e) => Date.parse(e.at) < now.getTime());
}

// Small groups (issue 29): sign-ins from two towns the seed above never uses — Bigtown by LOGIN_TOWNS.kept users (the
// service's default threshold, 5: its rows are shown), Smallville by one fewer (folded into "other" in the city and
// region breakdowns) — each user twice, a failed attempt (invalid_grant) first in Bigtown, so that error code has 5
// users and is shown while the seed's anonymous failures are folded.
export const LOGIN_TOWNS = { kept: 5, big: ['Bigtown', 'BT', 'US'], small: ['Smallville', 'SV', 'US'] };

/** The sign-ins above, 2 to 3 UTC days back, relative to `now`. */
export function loginEvents(now = new Date()) {
  const todayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const events = [];
  const signIn = (user, geo, daysBack, failed) => {
    const base = { anon: randomUUID(), session: randomUUID(), count: 1, user, customer: 48213, surface: 'dashboard', page: '/login',
      geo, agent: ['Chrome', 'Windows', 'desktop'] };
    const at = todayStart - daysBack * 86_400_000 + 9 * 3_600_000 + events.length * 60_000;
    if (failed) events.push({ ...base, type: 'login_failure', error: 'invalid_grant', at: new Date(at).toISOString() });
    events.push({ ...base, type: 'login_success', at: new Date(at + 20_000).toISOString() });
  };
  for (let i = 0; i < LOGIN_TOWNS.kept; i++) {
    for (const day of [2, 3]) signIn(`auth0|bigtown-${i}`, LOGIN_TOWNS.big, day, day === 2);
  }
  for (let i = 0; i < LOGIN_TOWNS.kept - 1; i++) {
    for (const day of [2, 3]) signIn(`auth0|smallville-${i}`, LOGIN_TOWNS.small, day, false);
  }
  return events;
}
