import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRouteHandler, watchHistory } from '../../src/page-view';
import { pathOf } from '../../src/path';
import { loadLib, mockNetwork, resetBrowser } from './helpers';

describe('pathOf', () => {
  it('keeps the path only', () => {
    history.replaceState(null, '', '/base/page');
    expect(pathOf('/patients/48213?name=Jane#dob')).toBe('/patients/48213');
    expect(pathOf('https://other.example/x/y?q=1')).toBe('/x/y');
    expect(pathOf('relative?x')).toBe('/base/relative');
    expect(pathOf('?only=query')).toBe('/base/page');
    expect(pathOf()).toBe('/base/page');
    expect(pathOf('mailto:jane@example.com')).toBeNull();
    expect(pathOf('javascript:void(0)')).toBeNull();
    expect(pathOf('http://[bad')).toBeNull();
    expect(pathOf('/' + 'a'.repeat(2000))).toHaveLength(1024);
  });
});

describe('page views', () => {
  it('deduplicates repeats of the same path (frameworks firing twice, query/hash-only changes)', () => {
    const seen: string[] = [];
    const route = createRouteHandler((p) => seen.push(p));
    route('/a');
    route('/a');
    route('/a?tab=2');
    route('/a#x');
    route('/b');
    route('/a');
    expect(seen).toEqual(['/a', '/b', '/a']);
  });

  it('follows plain History API navigation', () => {
    const calls = vi.fn();
    watchHistory(calls);
    history.pushState(null, '', '/one');
    history.replaceState(null, '', '/two');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(calls).toHaveBeenCalledTimes(3);
    expect(location.pathname).toBe('/two'); // the original methods still run
  });

  describe('wired into init', () => {
    let lib: Awaited<ReturnType<typeof loadLib>>;
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
    });

    it('sends one page view per route change, path only, with time on page for the page left', async () => {
      history.replaceState(null, '', '/?utm=x#top');
      lib.init({ endpoint: '/e', surface: 'example', batchSize: 50 });
      vi.advanceTimersByTime(1500);
      history.pushState(null, '', '/reports?from=home');
      history.replaceState(null, '', '/reports?from=home'); // same path again
      lib.trackPageView('/reports'); // router reporting it too
      history.pushState(null, '', '/patients/48213#notes');
      await vi.advanceTimersByTimeAsync(2000);
      const events = net.events();
      expect(events.map((e) => [e.type, e.page_path])).toEqual([
        ['page_view', '/'],
        ['time_on_page', '/'],
        ['page_view', '/reports'],
        ['time_on_page', '/reports'],
        ['page_view', '/patients/48213'],
      ]);
      expect(events[1].duration_ms).toBeGreaterThanOrEqual(0);
      expect(JSON.stringify(events)).not.toMatch(/utm|from=|notes|#|\?/);
    });

    it('with history: false only explicit trackPageView calls count', async () => {
      lib.init({ endpoint: '/e', surface: 'example', history: false, initialPageView: false });
      history.pushState(null, '', '/ignored');
      lib.trackPageView('/counted?x=1');
      await vi.advanceTimersByTimeAsync(2000);
      expect(net.events().map((e) => e.page_path)).toEqual(['/counted']);
    });
  });
});
