import { act, createElement, StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockNetwork, resetBrowser } from './helpers';

let pathname = '/';
vi.mock('next/navigation.js', () => ({ usePathname: () => pathname }));

(globalThis as any).IS_REACT_ACT_ENVIRONMENT = true;

describe('PauboxAnalyticsProvider', () => {
  let root: Root;
  let net: ReturnType<typeof mockNetwork>;
  let lib: typeof import('@paubox/tracking');
  let react: typeof import('../../src/react');

  beforeEach(async () => {
    resetBrowser();
    vi.useFakeTimers();
    net = mockNetwork();
    vi.resetModules();
    lib = await import('@paubox/tracking');
    react = await import('../../src/react');
    document.body.innerHTML = '<div id="root"></div>';
    root = createRoot(document.getElementById('root')!);
  });
  afterEach(() => {
    act(() => root.unmount());
    lib.shutdown();
    vi.useRealTimers();
  });

  const render = (props: Record<string, unknown>, strict = true) =>
    act(() => {
      const el = createElement(react.PauboxAnalyticsProvider, { endpoint: '/e', surface: 'example', ...props }, createElement('p', { id: 'child' }, 'hello'));
      root.render(strict ? createElement(StrictMode, null, el) : el);
    });

  it('renders its children only', () => {
    render({});
    expect(document.getElementById('root')!.innerHTML).toBe('<p id="child">hello</p>');
  });

  it('App Router: one page view per usePathname() change (StrictMode double effects deduplicated), with identity', async () => {
    history.replaceState(null, '', '/?q=1');
    pathname = '/';
    render({ userSub: 'auth0|demo-user-1', customerId: '42' });
    pathname = '/reports';
    render({ userSub: 'auth0|demo-user-1', customerId: '42' });
    pathname = '/patients/48213';
    render({ userSub: null, customerId: null });
    await act(() => vi.advanceTimersByTimeAsync(2000));
    const views = net.events().filter((e) => e.type === 'page_view');
    expect(views.map((e) => [e.page_path, e.user_sub, e.customer_id])).toEqual([
      ['/', 'auth0|demo-user-1', 42],
      ['/reports', 'auth0|demo-user-1', 42],
      ['/patients/48213', null, null],
    ]);
    expect(net.events().filter((e) => e.type === 'time_on_page').map((e) => e.page_path)).toEqual(['/', '/reports']);
  });

  it('Pages Router: page views from router.events routeChangeComplete', async () => {
    const handlers = new Set<(url: string) => void>();
    const events = { on: (_: string, h: (u: string) => void) => handlers.add(h), off: (_: string, h: (u: string) => void) => handlers.delete(h) };
    history.replaceState(null, '', '/legacy');
    pathname = '/ignored-when-router-events-given';
    render({ routerEvents: events }, false);
    expect(handlers.size).toBe(1);
    act(() => handlers.forEach((h) => h('/legacy?tab=2')));
    act(() => handlers.forEach((h) => h('/legacy/details?id=5#x')));
    await act(() => vi.advanceTimersByTimeAsync(2000));
    expect(net.events().filter((e) => e.type === 'page_view').map((e) => e.page_path)).toEqual(['/legacy', '/legacy/details']);
    act(() => root.unmount());
    expect(handlers.size).toBe(0);
    root = createRoot(document.getElementById('root')!);
  });

  it('checks events against the contract by default (invalid beforeSend results dropped)', async () => {
    render({ beforeSend: (e: any) => ({ ...e, email: 'jane@example.com' }) });
    await act(() => vi.advanceTimersByTimeAsync(2000));
    expect(net.sent).toHaveLength(0);
  });

  const jws = (sub: string | null, n: number) => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    return `${b64({ alg: 'ES256', kid: 'k1' })}.${b64({ sub, iat: now, exp: now + 600, n })}.c2ln`;
  };

  it('identityToken prop: sent with the batch; a new user with a new token replaces it, sign-out drops it', async () => {
    const a = jws('auth0|demo-user-1', 1);
    render({ userSub: 'auth0|demo-user-1', customerId: 42, identityToken: a });
    await act(() => vi.advanceTimersByTimeAsync(2000));
    expect(net.sent.at(-1)!.body.identity_token).toBe(a);

    const b = jws('auth0|other', 2);
    pathname = '/b';
    render({ userSub: 'auth0|other', customerId: 7, identityToken: b });
    await act(() => vi.advanceTimersByTimeAsync(2000));
    const last = net.sent.at(-1)!.body;
    expect(last.identity_token).toBe(b);
    expect(last.events.find((e: any) => e.type === 'page_view')).toMatchObject({ page_path: '/b', user_sub: 'auth0|other' });

    pathname = '/c';
    render({ userSub: null, customerId: null, identityToken: b }); // signed out, the host still passes the old token
    await act(() => vi.advanceTimersByTimeAsync(2000));
    expect(net.sent.at(-1)!.body).not.toHaveProperty('identity_token');
  });

  it('getIdentityToken prop: asked when a signed-in user\'s events are due, the latest function used', async () => {
    const first = vi.fn(async () => jws('auth0|demo-user-1', 1));
    render({ userSub: null, getIdentityToken: first });
    await act(() => vi.advanceTimersByTimeAsync(2000));
    expect(first).not.toHaveBeenCalled(); // nobody signed in: nothing to vouch for

    const latest = vi.fn(async () => jws('auth0|demo-user-1', 2));
    pathname = '/signed-in';
    render({ userSub: 'auth0|demo-user-1', customerId: 42, getIdentityToken: latest });
    await act(() => vi.advanceTimersByTimeAsync(2000));
    expect(first).not.toHaveBeenCalled();
    expect(latest).toHaveBeenCalledTimes(1);
    expect(net.sent.at(-1)!.body.identity_token).toBe(await latest.mock.results[0].value);
  });
});
