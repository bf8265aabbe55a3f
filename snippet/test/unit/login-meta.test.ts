import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadLib, mockNetwork, resetBrowser } from './helpers';

describe('login helpers', () => {
  let lib: Awaited<ReturnType<typeof loadLib>>;
  let net: ReturnType<typeof mockNetwork>;
  beforeEach(async () => {
    resetBrowser();
    vi.useFakeTimers();
    net = mockNetwork();
    lib = await loadLib();
    history.replaceState(null, '', '/login?returnTo=%2Fpatients%2F1');
    lib.init({ endpoint: '/e', surface: 'dashboard', initialPageView: false });
  });
  afterEach(() => {
    lib.shutdown();
    vi.useRealTimers();
  });

  it('trackLoginFailure sends the Auth0 error code, anonymously', async () => {
    lib.trackLoginFailure('invalid_grant');
    lib.trackLoginFailure('x'.repeat(100));
    lib.trackLoginFailure('' as string);
    await vi.advanceTimersByTimeAsync(2000);
    const events = net.events();
    expect(events[0]).toMatchObject({ type: 'login_failure', error_code: 'invalid_grant', page_path: '/login', user_sub: null, customer_id: null });
    expect(events[1].error_code).toHaveLength(64);
    expect(events[2].error_code).toBe('unknown');
  });

  it('trackLoginSuccess carries the new identity and keeps it for later events', async () => {
    lib.trackLoginSuccess({ userSub: 'auth0|demo-user-1', customerId: 42 });
    lib.trackPageView('/');
    await vi.advanceTimersByTimeAsync(2000);
    const [success, view] = net.events();
    expect(success).toMatchObject({ type: 'login_success', user_sub: 'auth0|demo-user-1', customer_id: 42 });
    expect(Object.keys(success)).not.toContain('error_code');
    expect(view).toMatchObject({ type: 'page_view', user_sub: 'auth0|demo-user-1', customer_id: 42 });
  });
});
