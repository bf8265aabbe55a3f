import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isValidEvent } from '../../src/validate';
import { loadLib, mockNetwork, resetBrowser, setVisibility } from './helpers';

const ENDPOINT = 'http://collector.test/api/analytics/event';
type Lib = Awaited<ReturnType<typeof loadLib>>;

describe('tracker: queue, batches, transport, retries', () => {
  let lib: Lib;
  let net: ReturnType<typeof mockNetwork>;

  beforeEach(async () => {
    resetBrowser();
    vi.useFakeTimers();
    net = mockNetwork();
    lib = await loadLib();
  });
  afterEach(() => {
    lib.shutdown();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  const start = (extra = {}) => lib.init({ endpoint: ENDPOINT, surface: 'dashboard', validate: isValidEvent, ...extra });

  it('sends a page view on init, after flushInterval, as text/plain JSON with keepalive and no credentials', async () => {
    history.replaceState(null, '', '/messages/inbox?patient=Jane%20Doe#ssn');
    start();
    expect(net.sent).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2000);
    expect(net.sent).toHaveLength(1);
    const s = net.sent[0];
    expect(s.url).toBe(ENDPOINT);
    expect(s.init).toMatchObject({ method: 'POST', keepalive: true, credentials: 'omit' });
    expect(s.init!.headers).toBeUndefined(); // string body: the browser sends text/plain, no preflight
    expect(typeof s.init!.body).toBe('string');
    expect(s.body).toMatchObject({ type: 'page_view', page_path: '/messages/inbox', surface: 'dashboard', session_count: 1 });
    expect(s.raw).not.toMatch(/patient|Jane|ssn|\?|#/);
  });

  it('gives every event a fresh event_id and the same anon/session ids', async () => {
    start({ batchSize: 50 });
    lib.trackLoginFailure('invalid_grant');
    lib.trackLoginSuccess();
    lib.trackPageView('/reports');
    await vi.advanceTimersByTimeAsync(2000);
    const events = net.events();
    expect(events.map((e) => e.type)).toEqual(['page_view', 'login_failure', 'login_success', 'time_on_page', 'page_view']);
    expect(new Set(events.map((e) => e.event_id)).size).toBe(events.length);
    expect(new Set(events.map((e) => e.anon_id)).size).toBe(1);
    expect(new Set(events.map((e) => e.session_id)).size).toBe(1);
    expect(net.sent).toHaveLength(1); // one batch
    expect(net.sent[0].body.events).toHaveLength(5);
  });

  it('flushes at once when batchSize events wait, and never puts more than 50 events in one request', async () => {
    start({ batchSize: 5, initialPageView: false });
    for (let i = 0; i < 4; i++) lib.trackLoginFailure('e' + i);
    await vi.advanceTimersByTimeAsync(0);
    expect(net.sent).toHaveLength(0);
    lib.trackLoginFailure('e4');
    await vi.advanceTimersByTimeAsync(0);
    expect(net.sent).toHaveLength(1);
    expect(net.sent[0].body.events).toHaveLength(5);

    lib.shutdown();
    net.statuses.push(0); // collector down: 120 events pile up
    lib = await loadLib();
    start({ batchSize: 50, initialPageView: false });
    for (let i = 0; i < 120; i++) lib.trackLoginFailure('x' + i);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(net.stored()).toHaveLength(125);
    for (const s of net.sent) expect(s.body.events?.length ?? 1).toBeLessThanOrEqual(50);
    for (const s of net.sent) expect(new Blob([s.raw]).size).toBeLessThan(65536);
  });

  it('retries a 503 after Retry-After (and at least the backoff), then stops', async () => {
    net.statuses.push([503, { 'Retry-After': '3' }]);
    start();
    await vi.advanceTimersByTimeAsync(2000);
    expect(net.sent.map((s) => s.status)).toEqual([503]);
    await vi.advanceTimersByTimeAsync(2900);
    expect(net.sent).toHaveLength(1); // Retry-After: 3 s not yet over
    await vi.advanceTimersByTimeAsync(200);
    expect(net.sent.map((s) => s.status)).toEqual([503, 204]);
    expect(net.sent[1].body.event_id).toBe(net.sent[0].body.event_id); // same event, resent
    await vi.advanceTimersByTimeAsync(120_000);
    expect(net.sent).toHaveLength(2);
    expect(localStorage.getItem('pb_q')).toBeNull();
  });

  it('backs off exponentially with jitter, capped, on network errors', async () => {
    net.statuses.push(0, 0, 0, 0, 0, 0, 0, 0);
    vi.spyOn(Math, 'random').mockReturnValue(1); // upper end of the jitter
    start();
    await vi.advanceTimersByTimeAsync(2000);
    const times: number[] = [];
    for (let i = 0; i < 9; i++) {
      const n = net.sent.length;
      let waited = 0;
      while (net.sent.length === n && waited < 120_000) {
        await vi.advanceTimersByTimeAsync(100);
        waited += 100;
      }
      times.push(waited);
    }
    // 1 s, 2 s, 4 s … doubling, capped at 60 s
    expect(times.slice(0, 7)).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000]);
    expect(net.sent.at(-1)!.status).toBe(204);
  });

  it('does not retry a 400 (or 413/415)', async () => {
    net.statuses.push(400);
    start();
    await vi.advanceTimersByTimeAsync(2000);
    await vi.advanceTimersByTimeAsync(300_000);
    expect(net.sent).toHaveLength(1);
    expect(localStorage.getItem('pb_q')).toBeNull();
  });

  it('gives an event up after 10 failed attempts', async () => {
    net.statuses.push(...Array(20).fill(503));
    start();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(net.sent).toHaveLength(10);
  });

  it('keeps unsent events in localStorage so they are delivered after a reload', async () => {
    net.statuses.push(503, 503);
    history.replaceState(null, '', '/before-reload');
    start();
    lib.trackLoginFailure('access_denied');
    await vi.advanceTimersByTimeAsync(2000);
    expect(net.stored()).toHaveLength(0);
    const before = JSON.parse(localStorage.getItem('pb_q')!).map((i: any) => i.e.event_id);
    expect(before).toHaveLength(2);

    // reload: the page goes away (beacon, which the collector also refuses), a new page starts
    net.beaconAccepts = false;
    window.dispatchEvent(new Event('pagehide'));
    lib.shutdown();
    lib = await loadLib();
    history.replaceState(null, '', '/after-reload');
    start();
    await vi.advanceTimersByTimeAsync(2000);
    const stored = net.stored().map((e) => e.event_id);
    for (const id of before) expect(stored).toContain(id);
    expect(net.stored().find((e) => e.page_path === '/after-reload')).toBeTruthy();
    expect(localStorage.getItem('pb_q')).toBeNull();
  });

  it('uses sendBeacon on pagehide, with time on page, and forgets what the browser took', async () => {
    start();
    lib.trackLoginSuccess();
    window.dispatchEvent(new Event('pagehide'));
    expect(net.beaconMock).toHaveBeenCalledTimes(1);
    expect(net.fetchMock).not.toHaveBeenCalled();
    expect(net.events().map((e) => e.type)).toEqual(['page_view', 'login_success', 'time_on_page']);
    expect(localStorage.getItem('pb_q')).toBeNull();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(net.sent).toHaveLength(1);
  });

  it('keeps events that already failed when beaconing them, and falls back to fetch when the beacon is refused', async () => {
    net.statuses.push(503);
    start();
    await vi.advanceTimersByTimeAsync(2000);
    window.dispatchEvent(new Event('pagehide'));
    expect(JSON.parse(localStorage.getItem('pb_q')!)).toHaveLength(1); // the failed page view stays
    net.beaconAccepts = false;
    lib.trackLoginSuccess();
    window.dispatchEvent(new Event('pagehide'));
    expect(net.sent.at(-1)!.via).toBe('fetch');
  });

  it('flushes with fetch keepalive when the tab is hidden', async () => {
    start();
    setVisibility('hidden');
    await vi.advanceTimersByTimeAsync(0);
    expect(net.sent).toHaveLength(1);
    expect(net.sent[0].via).toBe('fetch');
  });

  it('bounds the queue (oldest dropped)', async () => {
    net.statuses.push(...Array(10).fill(0));
    start({ initialPageView: false });
    for (let i = 0; i < 250; i++) lib.trackLoginFailure('c' + i);
    const q = JSON.parse(localStorage.getItem('pb_q')!);
    expect(q).toHaveLength(200);
    expect(q[0].e.error_code).toBe('c50');
  });

  it('queues calls made before init and sends them with their own time and path', async () => {
    history.replaceState(null, '', '/early');
    lib.trackLoginFailure('too_many_attempts');
    lib.setUser('auth0|abc', 7);
    vi.advanceTimersByTime(5000);
    history.replaceState(null, '', '/later');
    start();
    await vi.advanceTimersByTimeAsync(2000);
    const [fail, view] = net.events();
    expect(fail).toMatchObject({ type: 'login_failure', page_path: '/early', error_code: 'too_many_attempts' });
    expect(view).toMatchObject({ type: 'page_view', page_path: '/later', user_sub: 'auth0|abc', customer_id: 7 });
    expect(Date.parse(view.occurred_at) - Date.parse(fail.occurred_at)).toBe(5000);
  });

  it('beforeSend may drop or trim events; invalid results are dropped, not sent', async () => {
    start({
      initialPageView: false,
      beforeSend: (e: any) => {
        if (e.error_code === 'drop') return null;
        if (e.error_code === 'bad') return { ...e, ip_address: '10.0.0.1' };
        const { user_sub, ...rest } = e;
        return rest;
      },
    });
    lib.setUser('auth0|x', 1);
    lib.trackLoginFailure('drop');
    lib.trackLoginFailure('bad');
    lib.trackLoginFailure('keep');
    await vi.advanceTimersByTimeAsync(2000);
    const events = net.events();
    expect(events).toHaveLength(1);
    expect(events[0].error_code).toBe('keep');
    expect('user_sub' in events[0]).toBe(false);
    expect(events[0].customer_id).toBe(1);
  });

  it('never throws into the page: fetch, beforeSend and storage failures are swallowed', async () => {
    vi.stubGlobal('fetch', () => {
      throw new Error('boom');
    });
    const original = Object.getOwnPropertyDescriptor(window, 'localStorage')!;
    Object.defineProperty(window, 'localStorage', { get: () => { throw new Error('blocked'); }, configurable: true });
    try {
      expect(() => start({ beforeSend: () => { throw new Error('hook'); } })).not.toThrow();
      expect(() => lib.trackLoginSuccess()).not.toThrow();
      await vi.advanceTimersByTimeAsync(5000);
      expect(() => window.dispatchEvent(new Event('pagehide'))).not.toThrow();
      expect(() => lib.flush()).not.toThrow();
    } finally {
      Object.defineProperty(window, 'localStorage', original);
    }
  });

  it('ignores invalid identities instead of sending them', async () => {
    start({ initialPageView: false });
    lib.setUser('jane doe@example.com', 'abc');
    lib.trackLoginSuccess();
    lib.setUser('auth0|ok', '42');
    lib.trackLoginSuccess();
    await vi.advanceTimersByTimeAsync(2000);
    const [a, b] = net.events();
    expect([a.user_sub, a.customer_id]).toEqual([null, null]);
    expect([b.user_sub, b.customer_id]).toEqual(['auth0|ok', 42]);
  });
});

describe('on the server (no window)', () => {
  it('every call is a harmless no-op', async () => {
    const lib = await loadLib();
    const w = globalThis.window;
    // @ts-expect-error simulate SSR
    delete globalThis.window;
    try {
      expect(() => {
        lib.trackLoginFailure('invalid_grant');
        lib.trackPageView('/x');
        lib.setUser('auth0|x', 1);
        lib.init({ surface: 'example' });
        lib.flush();
      }).not.toThrow();
    } finally {
      globalThis.window = w;
    }
  });
});
