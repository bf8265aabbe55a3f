import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadLib, mockNetwork, resetBrowser } from './helpers';

describe('privacy switches', () => {
  let lib: Awaited<ReturnType<typeof loadLib>>;
  let net: ReturnType<typeof mockNetwork>;
  beforeEach(async () => {
    resetBrowser();
    vi.useFakeTimers();
    net = mockNetwork();
    lib = await loadLib();
    document.body.innerHTML = '<button id="b" data-pb-track="x">x</button>';
  });
  afterEach(() => {
    lib.shutdown();
    vi.useRealTimers();
  });

  const activity = async () => {
    lib.trackLoginSuccess();
    history.pushState(null, '', '/elsewhere');
    document.getElementById('b')!.click();
    window.dispatchEvent(new Event('pagehide'));
    await vi.advanceTimersByTimeAsync(10_000);
  };

  it('sends nothing and stores nothing under Global Privacy Control', async () => {
    Object.defineProperty(navigator, 'globalPrivacyControl', { value: true, configurable: true });
    lib.init({ endpoint: '/e', surface: 'example' });
    await activity();
    expect(net.sent).toHaveLength(0);
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
  });

  it('sends nothing under Do Not Track', async () => {
    Object.defineProperty(navigator, 'doNotTrack', { value: '1', configurable: true });
    lib.init({ endpoint: '/e', surface: 'example' });
    await activity();
    expect(net.sent).toHaveLength(0);
  });

  it('can be told to ignore the signals (respectPrivacySignals: false)', async () => {
    Object.defineProperty(navigator, 'globalPrivacyControl', { value: true, configurable: true });
    lib.init({ endpoint: '/e', surface: 'example', respectPrivacySignals: false });
    await activity();
    expect(net.sent.length).toBeGreaterThan(0);
  });

  it('optOut stops tracking at once, forgets the queue, and persists across page loads', async () => {
    net.statuses.push(0);
    lib.init({ endpoint: '/e', surface: 'example' });
    await vi.advanceTimersByTimeAsync(2000);
    expect(localStorage.getItem('pb_q')).not.toBeNull(); // a failed page view waits
    const sentBefore = net.sent.length;
    lib.optOut();
    expect(lib.isOptedOut()).toBe(true);
    expect(localStorage.getItem('pb_q')).toBeNull();
    await activity();
    expect(net.sent).toHaveLength(sentBefore);

    lib.shutdown();
    lib = await loadLib(); // next page load
    lib.init({ endpoint: '/e', surface: 'example' });
    await activity();
    expect(net.sent).toHaveLength(sentBefore);

    lib.optIn();
    expect(lib.isOptedOut()).toBe(false);
    lib.shutdown();
    lib = await loadLib();
    lib.init({ endpoint: '/e', surface: 'example' });
    await vi.advanceTimersByTimeAsync(2000);
    expect(net.sent.length).toBeGreaterThan(sentBefore);
  });

  it('optOut before init is honoured', async () => {
    lib.optOut();
    lib.init({ endpoint: '/e', surface: 'example' });
    await activity();
    expect(net.sent).toHaveLength(0);
  });
});
