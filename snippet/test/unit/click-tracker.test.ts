import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchClicks } from '../../src/click-tracker';
import { loadLib, mockNetwork, resetBrowser } from './helpers';

describe('click tracker', () => {
  let clicks: [string, string, string | null][];
  let off: () => void;
  beforeEach(() => {
    resetBrowser();
    clicks = [];
    off = watchClicks((...c) => clicks.push(c));
    document.body.innerHTML = `
      <button id="tracked" data-pb-track="hero_cta" class="secret-class" value="v">Jane Doe <span id="inner">SSN 123-45-6789</span></button>
      <button id="untracked">Untracked</button>
      <a id="link" data-pb-track="nav_reports" href="/reports?patient=48213#notes">Reports</a>
      <div data-pb-track="card"><a id="nested-link" href="https://elsewhere.example/docs/a?x=1">docs</a></div>
      <a id="mail" data-pb-track="mail" href="mailto:jane@example.com">mail</a>
      <button id="empty" data-pb-track="   ">empty</button>
      <my-widget id="custom" data-pb-track="widget"></my-widget>`;
  });
  afterEach(() => off());

  const click = (id: string) => document.getElementById(id)!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));

  it('counts only elements with data-pb-track (or inside one)', () => {
    click('tracked');
    click('inner');
    click('untracked');
    click('empty');
    expect(clicks).toEqual([
      ['hero_cta', 'button', null],
      ['hero_cta', 'button', null],
    ]);
  });

  it('reads label, tag and link path only: no text, query string or hash', () => {
    click('link');
    click('nested-link');
    click('mail');
    click('custom');
    expect(clicks).toEqual([
      ['nav_reports', 'a', '/reports'],
      ['card', 'div', '/docs/a'],
      ['mail', 'a', null],
      ['widget', 'my-widget', null],
    ]);
    expect(JSON.stringify(clicks)).not.toMatch(/Jane|SSN|secret|patient|notes|example\.com/);
  });

  it('listens once, in the capture phase (sees clicks whose propagation is stopped)', () => {
    document.getElementById('tracked')!.addEventListener('click', (e) => e.stopPropagation());
    document.body.addEventListener('click', (e) => e.stopPropagation(), true);
    click('tracked');
    expect(clicks).toHaveLength(1);
    off();
    click('tracked');
    expect(clicks).toHaveLength(1);
  });

  it('sends click events through init', async () => {
    vi.useFakeTimers();
    const net = mockNetwork();
    const lib = await loadLib();
    lib.init({ endpoint: '/e', surface: 'example', initialPageView: false });
    click('link');
    click('untracked');
    await vi.advanceTimersByTimeAsync(2000);
    expect(net.events()).toMatchObject([{ type: 'click', label: 'nav_reports', element: 'a', href_path: '/reports', page_path: '/' }]);
    lib.shutdown();
    vi.useRealTimers();
  });
});
