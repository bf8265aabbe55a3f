import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isValidBody, isValidEvent } from '../../src/validate';
import { loadLib, mockNetwork, resetBrowser, setVisibility } from './helpers';

const ENDPOINT = 'http://collector.test/api/analytics/event';
const SUB = 'auth0|demo-user-1';
type Lib = Awaited<ReturnType<typeof loadLib>>;

const b64url = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
/** A compact JWS as the host's server would sign it (the snippet never verifies, so the signature is filler). */
const assertion = (sub: string | null, customer_id: number | null, lifetimeS = 600, n = 1): string => {
  const iat = Math.floor(Date.now() / 1000);
  return `${b64url({ alg: 'ES256', kid: 'k1' })}.${b64url({ sub, customer_id, iat, exp: iat + lifetimeS, aud: 'paubox-tracking-ingest', n })}.c2lnbmF0dXJl${n}`;
};

describe('identity assertions', () => {
  let lib: Lib;
  let net: ReturnType<typeof mockNetwork>;

  beforeEach(async () => {
    resetBrowser();
    document.cookie.split(';').forEach((c) => (document.cookie = `${c.split('=')[0].trim()}=; max-age=0`));
    vi.useFakeTimers();
    net = mockNetwork();
    lib = await loadLib();
  });
  afterEach(() => {
    lib.shutdown();
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  const start = (extra = {}) => lib.init({ endpoint: ENDPOINT, surface: 'dashboard', validate: isValidEvent, ...extra });

  it('sends the assertion as identity_token in the batch body (batch form even for one event), text/plain, no header', async () => {
    const token = assertion(SUB, 42);
    start({ userSub: SUB, customerId: 42, identityToken: token });
    await vi.advanceTimersByTimeAsync(2000);
    expect(net.sent).toHaveLength(1);
    const s = net.sent[0];
    expect(s.body).toEqual({ events: [expect.objectContaining({ type: 'page_view', user_sub: SUB, customer_id: 42 })], identity_token: token });
    expect(s.init!.headers).toBeUndefined(); // still a simple CORS request: the assertion is in the body
    expect(isValidBody(s.body)).toBe(true);
  });

  it('asks getIdentityToken on first need only (a signed-in user\'s events), and not for anonymous events', async () => {
    const getIdentityToken = vi.fn(async () => assertion(SUB, 42));
    start({ getIdentityToken });
    await vi.advanceTimersByTimeAsync(2000);
    expect(getIdentityToken).not.toHaveBeenCalled();
    expect(net.sent[0].body).not.toHaveProperty('identity_token'); // anonymous: a bare event, as before

    lib.setUser(SUB, 42);
    lib.trackPageView('/reports');
    await vi.advanceTimersByTimeAsync(2000);
    expect(getIdentityToken).toHaveBeenCalledTimes(1);
    const last = net.sent.at(-1)!;
    expect(last.body.identity_token).toBe(await getIdentityToken.mock.results[0].value);
    expect(last.body.events.map((e: any) => e.user_sub)).toEqual([SUB, SUB]); // time on page + page view
  });

  it('asks for the assertion at sign-in, so that a page left right after it carries one', async () => {
    const token = assertion(SUB, 42);
    const getIdentityToken = vi.fn(async () => token);
    start({ getIdentityToken, initialPageView: false });
    lib.trackLoginSuccess({ userSub: SUB, customerId: 42 });
    await vi.advanceTimersByTimeAsync(0);
    expect(getIdentityToken).toHaveBeenCalledTimes(1); // at once, not at the next flush
    expect(net.sent).toHaveLength(0);
    window.dispatchEvent(new Event('pagehide')); // long before flushInterval
    const beacon = net.sent.find((s) => s.via === 'beacon')!;
    expect(beacon.body.identity_token).toBe(token);
    expect(beacon.body.events.find((e: any) => e.type === 'login_success')).toMatchObject({ user_sub: SUB, customer_id: 42 });
    expect(getIdentityToken).toHaveBeenCalledTimes(1);
  });

  it('refreshes 60 s before exp, before sending, and reuses the assertion until then', async () => {
    let n = 0;
    const getIdentityToken = vi.fn(async () => assertion(SUB, 42, 600, ++n));
    start({ userSub: SUB, customerId: 42, getIdentityToken, timeOnPage: false });
    await vi.advanceTimersByTimeAsync(2000);
    expect(getIdentityToken).toHaveBeenCalledTimes(1);
    const first = net.sent.at(-1)!.body.identity_token;

    // 8 minutes later (2 minutes left): the same assertion still goes.
    await vi.advanceTimersByTimeAsync(8 * 60e3);
    lib.trackPageView('/a');
    await vi.advanceTimersByTimeAsync(2000);
    expect(getIdentityToken).toHaveBeenCalledTimes(1);
    expect(net.sent.at(-1)!.body.identity_token).toBe(first);

    // Under 60 s left: a new one is fetched first, and the batch carries it.
    await vi.advanceTimersByTimeAsync(60e3);
    lib.trackPageView('/b');
    await vi.advanceTimersByTimeAsync(2000);
    expect(getIdentityToken).toHaveBeenCalledTimes(2);
    const second = net.sent.at(-1)!.body.identity_token;
    expect(second).not.toBe(first);
    expect(JSON.parse(Buffer.from(second.split('.')[1], 'base64url').toString()).n).toBe(2);
    expect(net.sent.at(-1)!.body.events.map((e: any) => e.page_path)).toEqual(['/b']);
  });

  it('keeps the assertion in memory only: not in localStorage, sessionStorage, cookies, the URL or the console', async () => {
    const logs = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m));
    const token = assertion(SUB, 42);
    start({ getIdentityToken: async () => token, batchSize: 2 });
    lib.setUser(SUB, 42);
    net.statuses.push(0); // collector down: the queue is persisted while it waits
    lib.trackPageView('/reports');
    await vi.advanceTimersByTimeAsync(2000);
    expect(net.sent.at(-1)!.body.identity_token).toBe(token);
    lib.trackLoginSuccess();
    await vi.advanceTimersByTimeAsync(0);

    const storage = [localStorage, sessionStorage].map((s) => Object.keys(s).map((k) => `${k}=${s.getItem(k)}`).join('\n')).join('\n');
    expect(storage).toContain('pb_q'); // the queued events are there …
    expect(storage).toContain(SUB);
    const payload = token.split('.')[1];
    for (const where of [storage, document.cookie, location.href, JSON.stringify(logs.map((l) => l.mock.calls))]) {
      expect(where).not.toContain(payload); // … the assertion is not
      expect(where).not.toContain('identity_token');
    }

    // A new page (library state gone) knows no assertion: it asks the host again.
    lib.shutdown();
    lib = await loadLib();
    const again = vi.fn(async () => assertion(SUB, 42, 600, 2));
    start({ userSub: SUB, customerId: 42, getIdentityToken: again });
    await vi.advanceTimersByTimeAsync(2000);
    expect(again).toHaveBeenCalled();
  });

  it('sends the events without an assertion when getIdentityToken rejects, throws or never answers (5 s)', async () => {
    for (const getIdentityToken of [
      () => Promise.reject(new Error('401')),
      () => {
        throw new Error('sync');
      },
      () => new Promise<string>(() => {}),
      async () => null,
    ]) {
      lib.shutdown();
      resetBrowser();
      net = mockNetwork();
      lib = await loadLib();
      start({ userSub: SUB, customerId: 42, getIdentityToken, timeOnPage: false });
      await vi.advanceTimersByTimeAsync(2000 + 5000);
      expect(net.sent).toHaveLength(1);
      expect(net.sent[0].body).toMatchObject({ type: 'page_view', user_sub: SUB, customer_id: 42 });
      expect(net.sent[0].body).not.toHaveProperty('identity_token');
    }
  });

  it('on page exit beacons with the assertion in memory, without asking (nothing can be awaited there)', async () => {
    const token = assertion(SUB, 42);
    const getIdentityToken = vi.fn(async () => token);
    start({ userSub: SUB, customerId: 42, getIdentityToken });
    await vi.advanceTimersByTimeAsync(2000);
    expect(getIdentityToken).toHaveBeenCalledTimes(1);
    lib.trackPageView('/compose');
    // Expired meanwhile: at exit it still goes as it is (the ingest service decides), no call made.
    vi.setSystemTime(Date.now() + 3600e3);
    window.dispatchEvent(new Event('pagehide'));
    expect(getIdentityToken).toHaveBeenCalledTimes(1);
    const beacon = net.sent.find((s) => s.via === 'beacon')!;
    expect(beacon.body.identity_token).toBe(token);
    expect(beacon.body.events.map((e: any) => e.type)).toEqual(['time_on_page', 'page_view', 'time_on_page']);
  });

  it('a change of user sends the queued events with the old assertion, then drops it (sign-out leaves none)', async () => {
    const tokenA = assertion(SUB, 42);
    const getIdentityToken = vi.fn(async () => tokenA);
    start({ userSub: SUB, customerId: 42, getIdentityToken, timeOnPage: false });
    await vi.advanceTimersByTimeAsync(2000);
    lib.trackPageView('/compose'); // queued, not yet sent …
    lib.setUser(null, null); // … when the user signs out
    await vi.advanceTimersByTimeAsync(0);
    expect(net.sent.at(-1)!.body).toEqual({ events: [expect.objectContaining({ page_path: '/compose', user_sub: SUB })], identity_token: tokenA });

    lib.trackPageView('/login');
    await vi.advanceTimersByTimeAsync(2000);
    expect(net.sent.at(-1)!.body).toMatchObject({ page_path: '/login', user_sub: null }); // no assertion any more
    expect(net.sent.at(-1)!.body).not.toHaveProperty('identity_token');
    expect(getIdentityToken).toHaveBeenCalledTimes(1);

    // Another user signs in: a new assertion is asked for, the old one never reused.
    const tokenB = assertion('auth0|other', 7);
    getIdentityToken.mockImplementation(async () => tokenB);
    lib.trackLoginSuccess({ userSub: 'auth0|other', customerId: 7 });
    await vi.advanceTimersByTimeAsync(2000);
    expect(getIdentityToken).toHaveBeenCalledTimes(2);
    expect(net.sent.at(-1)!.body).toEqual({ events: [expect.objectContaining({ type: 'login_success', user_sub: 'auth0|other' })], identity_token: tokenB });
  });

  it('ignores an answer asked for the previous user and asks again for the new one', async () => {
    let release!: (t: string) => void;
    const getIdentityToken = vi.fn(() => new Promise<string>((r) => (release = r)));
    start({ userSub: SUB, customerId: 42, getIdentityToken, timeOnPage: false });
    await vi.advanceTimersByTimeAsync(2000); // asking for SUB …
    expect(getIdentityToken).toHaveBeenCalledTimes(1);
    const late = release;
    lib.setUser('auth0|other', 7); // … when the user changes
    lib.trackPageView('/other');
    late(assertion(SUB, 42)); // the answer for SUB arrives late
    await vi.advanceTimersByTimeAsync(0);
    expect(getIdentityToken).toHaveBeenCalledTimes(2);
    release(assertion('auth0|other', 7, 600, 2));
    await vi.advanceTimersByTimeAsync(2000);
    const bodies = net.sent.map((s) => s.body);
    const tokenFor = (path: string) => bodies.find((b) => b.events?.some((e: any) => e.page_path === path))?.identity_token;
    expect(JSON.parse(Buffer.from(tokenFor('/other').split('.')[1], 'base64url').toString()).sub).toBe('auth0|other');
  });

  it('setIdentityToken: a token pushed by the host is used, null forgets it', async () => {
    start({ userSub: SUB, customerId: 42, timeOnPage: false });
    const token = assertion(SUB, 42);
    lib.setIdentityToken(token);
    await vi.advanceTimersByTimeAsync(2000);
    expect(net.sent.at(-1)!.body.identity_token).toBe(token);
    lib.setIdentityToken(null);
    lib.trackPageView('/x');
    await vi.advanceTimersByTimeAsync(2000);
    expect(net.sent.at(-1)!.body).not.toHaveProperty('identity_token');
  });

  it('flushes on visibilitychange with a fresh assertion (asked first) and the body validates', async () => {
    const token = assertion(SUB, 42);
    start({ userSub: SUB, customerId: 42, getIdentityToken: async () => token, flushInterval: 60e3 });
    setVisibility('hidden');
    await vi.advanceTimersByTimeAsync(0);
    expect(net.sent).toHaveLength(1);
    expect(net.sent[0].via).toBe('fetch');
    expect(net.sent[0].body.identity_token).toBe(token);
    expect(isValidBody(net.sent[0].body)).toBe(true);
    expect(isValidBody({ ...net.sent[0].body, identity_token: 42 })).toBe(false);
    expect(isValidBody({ ...net.sent[0].body, identity_token: 'x'.repeat(4097) })).toBe(false);
    expect(isValidBody({ ...net.sent[0].body, extra: 1 })).toBe(false);
  });
});
