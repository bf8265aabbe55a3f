import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTimeOnPage } from '../../src/time-on-page';
import { loadLib, mockNetwork, resetBrowser, setVisibility } from './helpers';

describe('time on page', () => {
  let now = 0;
  beforeEach(() => {
    resetBrowser();
    now = 1000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
  });
  afterEach(() => vi.restoreAllMocks());

  it('measures total and visible time with the Page Visibility API', () => {
    const out: [string, number, number][] = [];
    const top = createTimeOnPage((...r) => out.push(r));
    top.start('/a');
    now += 3000;
    setVisibility('hidden');
    top.visibility();
    now += 10_000;
    setVisibility('visible');
    top.visibility();
    now += 2000;
    top.end();
    top.end(); // reported once
    expect(out).toEqual([['/a', 15_000, 5000]]);
  });

  it('starts hidden pages with no visible time and never reports visible > total', () => {
    const out: [string, number, number][] = [];
    const top = createTimeOnPage((...r) => out.push(r));
    setVisibility('hidden');
    top.start('/bg');
    now += 4000;
    top.end();
    setVisibility('visible');
    top.start('/b');
    top.visibility();
    top.visibility();
    now += 1234.6;
    top.end();
    expect(out).toEqual([
      ['/bg', 4000, 0],
      ['/b', 1235, 1235],
    ]);
  });

  it('caps at one day', () => {
    const out: [string, number, number][] = [];
    const top = createTimeOnPage((...r) => out.push(r));
    top.start('/x');
    now += 3 * 86_400_000;
    top.end();
    expect(out).toEqual([['/x', 86_400_000, 86_400_000]]);
  });

  it('is sent on route change and on page exit', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const net = mockNetwork();
    const lib = await loadLib();
    history.replaceState(null, '', '/first');
    lib.init({ endpoint: '/e', surface: 'example' });
    now += 2000;
    setVisibility('hidden');
    now += 1000;
    setVisibility('visible');
    history.pushState(null, '', '/second');
    now += 500;
    window.dispatchEvent(new Event('pagehide'));
    const tops = net.events().filter((e) => e.type === 'time_on_page');
    expect(tops).toMatchObject([
      { page_path: '/first', duration_ms: 3000, visible_ms: 2000 },
      { page_path: '/second', duration_ms: 500, visible_ms: 500 },
    ]);
    lib.shutdown();
    vi.useRealTimers();
  });
});
