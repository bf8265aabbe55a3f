import { dropToken, freshToken, token } from './identity';
import { pathOf } from './path';
import { loadQueue, saveQueue, type Item } from './queue';
import { touchSession } from './session';
import { beacon, post } from './transport';
import type { EventType, TrackerConfig, TrackingEvent } from './types';
import { uuid } from './uuid';

/*
 * Queue and delivery (one per page). Events wait in a bounded queue mirrored to localStorage until
 * the collector acknowledges them, so they survive reloads. Flushes when `batchSize` events wait,
 * `flushInterval` ms after an event, and on demand. 2xx and 4xx (400, 413, 415) answers end an
 * event's journey; network errors, 408, 429 and 5xx (503 with Retry-After) are retried with capped
 * exponential backoff and jitter, up to MAX_ATTEMPTS times. A batch holding events of a signed-in user
 * waits for a fresh identity assertion from the host (identity.ts) first, except on page exit: then
 * whatever assertion is in memory goes along, since nothing can be awaited there.
 */

/** Most events per request (the ingest service takes 50). */
export const MAX_BATCH = 50;
/** Most characters per body: 21,000 × 3 bytes stays under the ingest service's 64 KiB. */
export const MAX_CHARS = 21000;
/** Retry delays: 1 s doubling per consecutive failure, capped at 60 s, with jitter (½ to 1 ×). */
export const RETRY_BASE_MS = 1e3;
export const RETRY_MAX_MS = 6e4;
/** Sending attempts per event before it is given up. */
export const MAX_ATTEMPTS = 10;
/** Events kept while the collector is unreachable (oldest dropped first). */
export const MAX_QUEUE = 200;

let c: TrackerConfig | undefined;
let q: Item[] = [];
let busy: Record<string, number> = {};
let timer: ReturnType<typeof setTimeout> | undefined;
let retryAt = 0;
let fails = 0;
let user: (string | number | null)[] = [];

const drop = (items: Item[]): void => saveQueue((q = q.filter((i) => !items.includes(i))));

const schedule = (ms: number): void => {
  if (timer && ms) return;
  clearTimeout(timer);
  timer = c && setTimeout(send, ms);
};

const post1 = (url: string, batch: Item[], body: string, exit?: boolean): void => {
  // A beacon cannot say whether it was stored: keep the events that already failed once (the
  // collector may still be down) to send again after a reload; the server deduplicates event ids.
  if (exit && beacon(url, body)) return drop(batch.filter((i) => !i.n));
  batch.map((i) => (busy[i.e.event_id] = 1));
  post(url, body).then(([status, after]) => {
    batch.map((i) => delete busy[i.e.event_id]);
    if (status && status < 500 && status != 408 && status != 429) {
      fails = retryAt = 0;
      drop(batch);
      if (q.length) schedule(0);
    } else {
      drop(batch.filter((i) => ++i.n >= MAX_ATTEMPTS));
      const d = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** fails++);
      const wait = Math.max(d / 2 + (Math.random() * d) / 2, Math.min(after * 1e3, RETRY_MAX_MS));
      retryAt = Date.now() + wait;
      schedule(wait);
    }
  });
};

/**
 * Send what is queued now (in batches of ≤ 50 events, ≤ 64 KiB); `exit` = the page is going away:
 * sendBeacon. `asked` = the host was just asked for an assertion: send with what it gave (or without).
 */
export function send(exit?: boolean, asked?: boolean): void {
  try {
    clearTimeout(timer);
    timer = undefined;
    const wait = retryAt - Date.now();
    if (!c || (!exit && wait > 0)) return schedule(wait);
    const items = q.filter((i) => !busy[i.e.event_id]);
    const ask = !exit && !asked && items.some((i) => i.e.user_sub || i.e.customer_id) && freshToken(c.getIdentityToken);
    if (ask) return void ask.then((same) => send(false, same));
    while (items.length) {
      let n = Math.min(items.length, MAX_BATCH) * 2;
      let body: string;
      // With an assertion always the batch form: the assertion is a field of the batch.
      while ((body = JSON.stringify((n >>= 1) > 1 || token ? { events: items.slice(0, n).map((i) => i.e), identity_token: token } : items[0].e)).length > MAX_CHARS && n > 1);
      post1(c.endpoint || '/api/analytics/event', items.splice(0, n), body, exit);
    }
  } catch {
    /* never throw into the host page */
  }
}

/** Start the queue with `config`, picking up events an earlier page left unsent. */
export function start(config: TrackerConfig): void {
  c = config;
  q = loadQueue(config.validate);
  busy = {};
  retryAt = fails = 0;
  if (q.length) schedule(0);
}

/** Stop sending (timers); queued events stay in localStorage. */
export function stop(): void {
  c = undefined;
  clearTimeout(timer);
}

/** Forget every queued event, here and in localStorage (opt-out). */
export function clear(): void {
  drop(q);
}

/** Events waiting to be acknowledged (for tests and debugging). */
export const queued = (): TrackingEvent[] => q.map((i) => i.e);

/**
 * Who is signed in; invalid values (an e-mail with spaces, a non-numeric id) become null. On a change
 * the queued events go first, with the assertion of the identity they were tracked under, and that
 * assertion is dropped (signing out leaves none behind); a signed-in identity's own is asked for.
 */
export function identify(sub?: string | null, id?: number | string | null): void {
  const next = [sub && /^\S{1,128}$/.test(sub) ? sub : null, Number.isSafeInteger(+id!) && +id! > 0 ? +id! : null];
  if (next + '' != user + '') {
    send();
    dropToken();
    // Ask for the new user's assertion at once: a page left right after a sign-in cannot wait for it.
    if (c && (next[0] || next[1])) freshToken(c.getIdentityToken);
  }
  user = next;
}

/** Build an event (fresh event_id), run beforeSend, validate, queue it. Returns it, or nothing if dropped. */
export function track(type: EventType, fields?: Partial<TrackingEvent>, at = new Date(), path = pathOf()): TrackingEvent | undefined {
  try {
    let e: TrackingEvent | null | undefined | false = {
      event_id: uuid(),
      type,
      occurred_at: at.toISOString(),
      ...touchSession(+at),
      user_sub: user[0] as string | null,
      customer_id: user[1] as number | null,
      surface: c!.surface,
      page_path: path || '/',
      ...fields,
    };
    if (c!.beforeSend) e = c!.beforeSend(e);
    if (e && (!c!.validate || c!.validate(e))) {
      if (q.push({ e, n: 0 }) > MAX_QUEUE) q.shift();
      saveQueue(q);
      schedule(q.length < (c!.batchSize || 10) ? (c!.flushInterval ?? 2e3) : 0);
      return e;
    }
  } catch {
    /* never throw into the host page */
  }
}
