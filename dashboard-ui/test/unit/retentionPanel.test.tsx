// @vitest-environment jsdom
// The Retention panel rendered in jsdom over a stubbed fetch: the triangle's DOM contract (every cell's number
// and percent as text, its shade, the empty cells), the loading text, and toggle → URL → request.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AnalyticsDashboard } from '../../src/AnalyticsDashboard';
import type { Retention } from '../../src/api/types';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const BASE = 'http://dashboard.test';

const WEEKS: Retention = {
  cohort: 'week', counted: 'users', periods: ['2026-11-02', '2026-11-09', '2026-11-16'],
  cohorts: [
    { period: '2026-11-02', size: 120, active: [120, 64, 51], active_pct: [100.0, 53.3, 42.5] },
    { period: '2026-11-09', size: 0, active: [0, 0], active_pct: [null, null] },
    { period: '2026-11-16', size: 45, active: [45], active_pct: [100.0] },
  ],
};
const MONTHS: Retention = {
  cohort: 'month', counted: 'visitors', periods: ['2026-10-01', '2026-11-01'],
  cohorts: [
    { period: '2026-10-01', size: 10, active: [10, 3], active_pct: [100.0, 30.0] },
    { period: '2026-11-01', size: 4, active: [4], active_pct: [100.0] },
  ],
};

let container: HTMLDivElement;
let root: Root;
let requests: URL[];
let hold: Promise<void> | null;

async function mount(search: string): Promise<void> {
  window.history.replaceState(null, '', `/admin${search}`);
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  await act(async () => root.render(<AnalyticsDashboard baseUrl={BASE} getAccessToken={async () => 'tok'} timeZone="UTC" />));
  await settled();
}

beforeEach(() => {
  requests = [];
  hold = null;
  vi.stubGlobal('fetch', vi.fn(async (input: string) => {
    const url = new URL(input);
    requests.push(url);
    if (url.pathname !== '/api/admin/analytics/retention') {
      return new Response('{"status":404}', { status: 404, headers: { 'content-type': 'application/json' } });
    }
    if (hold) await hold;
    const body = url.searchParams.get('cohort') === 'month' ? MONTHS : WEEKS;
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  }));
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
  vi.unstubAllGlobals();
});

async function settled(): Promise<void> {
  for (let i = 0; i < 5; i++) await act(async () => { await new Promise((resolve) => setTimeout(resolve, 0)); });
}

const $ = (selector: string) => container.querySelector<HTMLElement>(selector);
const retentionRequests = () => requests.filter((u) => u.pathname === '/api/admin/analytics/retention');

describe('the Retention panel', () => {
  it('shows one row per cohort, every cell\'s percent and number as text, shaded by the percent, empty cells past the range', async () => {
    await mount('?period=custom&from=2026-11-02&to=2026-11-22');
    expect($('[data-panel="retention"]')?.getAttribute('data-state')).toBe('ready');
    const rows = [...container.querySelectorAll('[data-panel="retention"] tbody tr[data-cohort]')];
    expect(rows.map((r) => [r.getAttribute('data-cohort'), r.getAttribute('data-size')]))
      .toEqual([['2026-11-02', '120'], ['2026-11-09', '0'], ['2026-11-16', '45']]);
    const headers = [...container.querySelectorAll('[data-panel="retention"] thead th')].map((th) => th.textContent);
    expect(headers).toEqual(['Cohort', 'Users', 'Week 0', 'Week 1', 'Week 2']);
    const first = [...rows[0].querySelectorAll('td[data-k]')];
    expect(first.map((td) => [td.getAttribute('data-value'), td.getAttribute('data-pct'), td.textContent]))
      .toEqual([['120', '100', '100.0%120'], ['64', '53.3', '53.3%64'], ['51', '42.5', '42.5%51']]);
    expect(first.map((td) => td.className)).toEqual([
      'pbd-retention-cell pbd-heat-10', 'pbd-retention-cell pbd-heat-5', 'pbd-retention-cell pbd-heat-4']);
    // a cohort without users: numbers, no percentage, no shade
    expect([...rows[1].querySelectorAll('td[data-k]')].map((td) => td.textContent)).toEqual(['–0', '–0', '']);
    expect(rows[2].querySelectorAll('td[data-empty]').length).toBe(2);
    expect(rows[0].querySelector('th[scope="row"]')?.textContent).toBe('Nov 2, 2026');
    const sent = retentionRequests().at(-1)!;
    expect(Object.fromEntries(sent.searchParams)).toEqual({ from: '2026-11-02', to: '2026-11-22', tz: 'UTC' });
  });

  it('the month and visitors toggles go to the URL and the request; the path filter is never sent', async () => {
    await mount('?tab=keep&path_prefix=/messages');
    expect($('[data-retention-cohort="week"]')?.getAttribute('aria-pressed')).toBe('true');
    expect(retentionRequests().every((u) => !u.searchParams.has('path_prefix'))).toBe(true);
    expect($('[data-panel="retention"]')?.textContent).toContain('The path filter does not apply here');

    await act(async () => $('[data-retention-cohort="month"]')!.click());
    await settled();
    expect(new URLSearchParams(window.location.search).get('retention_cohort')).toBe('month');
    expect(retentionRequests().at(-1)!.searchParams.get('cohort')).toBe('month');

    await act(async () => $('[data-retention-counted="visitors"]')!.click());
    await settled();
    expect(window.location.search).toBe('?tab=keep&path_prefix=/messages&retention_cohort=month&retention_visitors=1');
    const sent = retentionRequests().at(-1)!;
    expect(sent.searchParams.get('visitors')).toBe('true');
    expect(sent.searchParams.has('path_prefix')).toBe(false);
    expect($('[data-retention-counted="visitors"]')?.getAttribute('aria-pressed')).toBe('true');
    expect([...container.querySelectorAll('[data-panel="retention"] thead th')].map((th) => th.textContent))
      .toEqual(['Cohort', 'Visitors', 'Month 0', 'Month 1']);
    expect($('tr[data-cohort="2026-10-01"] th')?.textContent).toBe('Oct 2026');

    await act(async () => $('[data-retention-cohort="week"]')!.click());
    await settled();
    expect(window.location.search).toBe('?tab=keep&path_prefix=/messages&retention_visitors=1');
  });

  it('says what it is doing while the (slow) first answer loads', async () => {
    let release!: () => void;
    hold = new Promise((resolve) => { release = resolve; });
    await mount('?retention_cohort=month');
    const panel = $('[data-panel="retention"]')!;
    expect(panel.getAttribute('data-state')).toBe('loading');
    expect(panel.querySelector('[role="status"]')?.textContent).toMatch(/Loading monthly cohorts of signed-in users… .*few seconds/);
    // the toggles are there before the data, so a slow answer can be replaced by another question
    expect(panel.querySelector('[data-retention-cohort="week"]')).not.toBeNull();
    await act(async () => release());
    await settled();
    expect(panel.getAttribute('data-state')).toBe('ready');
  });
});
