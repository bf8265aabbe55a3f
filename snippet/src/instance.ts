import { watchClicks } from './click-tracker';
import { setToken } from './identity';
import { createRouteHandler, watchHistory } from './page-view';
import { pathOf } from './path';
import { isOptedOut, privacySignal, setOptedOut } from './privacy';
import { createTimeOnPage } from './time-on-page';
import { clear, identify, send, start, stop, track } from './tracker';
import type { EventType, TrackerConfig, TrackingEvent } from './types';

/*
 * Wiring the modules to the page. Every public call is safe before init (buffered, up to 50 calls,
 * replayed with their original time and path), on the server (no-op) and when tracking is off
 * (no-op). Nothing here throws into the host page.
 */

let config: TrackerConfig | undefined;
let on: unknown;
let route: ((url?: string | null) => void) | undefined;
let offs: (() => void)[] = [];
let buffered: (() => unknown)[] = [];
let identity: [(string | null)?, (number | string | null)?] = [];
let onHistory: (() => unknown) | undefined;

// Only in a browser: on the server (SSR) there is nothing to replay.
const later = (f: () => unknown): unknown => !config && typeof window == 'object' && buffered.length < 50 && buffered.push(f);

/** Queue an event of `type` for the current page (used by the helpers). */
export function emit(type: EventType, fields?: Partial<TrackingEvent>): void {
  const at = new Date();
  const path = pathOf();
  if (on) track(type, fields);
  else later(() => track(type, fields, at, path));
}

/** Who is signed in: Auth0 `sub` and Paubox customer id (null when signed out). */
export function setUser(userSub?: string | null, customerId?: number | string | null): void {
  identify(...(identity = [userSub, customerId]));
}

/**
 * The host's identity assertion for the signed-in user (a compact JWS from its own server), sent with
 * each batch; null forgets it. Memory only. Set it after setUser(): a change of user drops it.
 */
export function setIdentityToken(token?: string | null): void {
  setToken(token);
}

/** Report a route change (any URL; only its path is used). Repeats of the current path are ignored. */
export function trackPageView(url?: string | null): void {
  const path = pathOf(url);
  if (route) route(path);
  else later(() => route && route(path));
}

/** Send whatever is queued now. */
export function flush(): void {
  if (on) send();
}

/** Start tracking on this page. Call once; later calls are ignored until shutdown(). */
export function init(c: TrackerConfig): void {
  if (config || typeof window != 'object') return;
  const replay = buffered;
  buffered = [];
  config = c;
  try {
    if (isOptedOut() || (c.respectPrivacySignals !== false && privacySignal())) return;
    start(c);
    on = 1;
    if ('userSub' in c || 'customerId' in c) identity = [c.userSub, c.customerId];
    identify(...identity);
    if (c.identityToken) setToken(c.identityToken);
    const top = createTimeOnPage((path, duration_ms, visible_ms) => c.timeOnPage !== false && track('time_on_page', { duration_ms, visible_ms }, undefined, path));
    const r = (route = createRouteHandler((path) => {
      top.end();
      top.start(path);
      track('page_view', {}, undefined, path);
    }));
    const listen = (target: EventTarget, type: string, f: () => void): void => {
      target.addEventListener(type, f);
      offs.push(() => target.removeEventListener(type, f));
    };
    listen(window, 'pagehide', () => {
      top.end();
      send(true);
    });
    listen(document, 'visibilitychange', () => {
      top.visibility();
      if (document.hidden) send();
    });
    if (c.clicks !== false) offs.push(watchClicks((label, element, href_path) => track('click', { label, element, href_path })));
    if (c.history !== false) {
      if (!onHistory) watchHistory(() => onHistory!());
      onHistory = () => route == r && r();
    }
    replay.map((f) => f());
    if (c.initialPageView !== false) r();
  } catch {
    /* never throw into the host page */
  }
}

/** Stop tracking on this page: listeners and timers go; queued events stay persisted. */
export function shutdown(): void {
  offs.map((f) => f());
  offs = [];
  stop();
  config = on = route = undefined;
}

/** Stop tracking in this browser, now and on later visits, and forget queued events. */
export function optOut(): void {
  const c = config;
  setOptedOut(true);
  clear();
  shutdown();
  config = c;
}

/** Undo optOut(). Tracking starts again at the next init() (the next page load). */
export function optIn(): void {
  setOptedOut(false);
}

export { isOptedOut };
