// @vitest-environment jsdom
// The Logins panel rendered in jsdom over a stubbed fetch: the service's folded row "other" (small groups kept from
// view, issue 29) is labelled with the answer's threshold, marked, never hidden behind "Show more", and in the CSV.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AnalyticsDashboard } from '../../src/AnalyticsDashboard';
import type { LoginBreakdownRow, Logins } from '../../src/api/types';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const BASE = 'http://dashboard.test';

// 12 cities shown (more than the top 10), then the folded row, smaller than most of them
const CITIES: LoginBreakdownRow[] = [
  ...Array.from({ length: 12 }, (_, i) => ({ key: `City ${i + 1}`, successes: 100 - i, failures: 1, suppressed: false })),
  { key: 'other', successes: 7, failures: 2, suppressed: true },
];
const LOGINS: Logins = {
  successes: CITIES.reduce((sum, r) => sum + r.successes, 0),
  failures: CITIES.reduce((sum, r) => sum + r.failures, 0),
  failure_rate: null,
  min_group_users: 7,
  failures_by_code: [{ error_code: 'other', failures: 14, suppressed: true }],
  by_country: [{ key: 'US', successes: 1133, failures: 14, suppressed: false }],
  by_region: [], by_city: CITIES, by_browser: [], by_os: [], by_device: [],
};

let container: HTMLDivElement;
let root: Root;
let saved: Blob[];

beforeEach(() => {
  saved = [];
  vi.stubGlobal('fetch', vi.fn(async (input: string) => {
    const url = new URL(input);
    if (url.pathname !== '/api/admin/analytics/logins') {
      return new Response('{"status":404}', { status: 404, headers: { 'content-type': 'application/json' } });
    }
    return new Response(JSON.stringify(LOGINS), { status: 200, headers: { 'content-type': 'application/json' } });
  }));
  // the CSV is saved through a blob: URL (jsdom has none); keep the blob instead
  URL.createObjectURL = (blob: Blob) => { saved.push(blob); return 'blob:test'; };
  URL.revokeObjectURL = () => {};
  HTMLAnchorElement.prototype.click = () => {}; // no navigation to the blob
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
  vi.unstubAllGlobals();
});

async function settled(): Promise<void> {
  for (let i = 0; i < 5; i++) await act(async () => { await new Promise((resolve) => setTimeout(resolve, 0)); });
}

async function mount(): Promise<void> {
  window.history.replaceState(null, '', '/admin');
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  await act(async () => root.render(<AnalyticsDashboard baseUrl={BASE} getAccessToken={async () => 'tok'} timeZone="UTC" />));
  await settled();
}

const panel = () => container.querySelector<HTMLElement>('[data-panel="logins"]')!;
const shown = () => [...panel().querySelectorAll('tbody tr')].map((tr) => `${tr.getAttribute('data-row')}${tr.hasAttribute('data-suppressed') ? '*' : ''}`);

describe('the Logins panel\'s folded row', () => {
  it('comes after the top 10 and after "Show more" too, labelled with the threshold, marked, with no control', async () => {
    await mount();
    await act(async () => panel().querySelector<HTMLElement>('[data-dimension="city"]')!.click());
    expect(shown()).toEqual([...CITIES.slice(0, 10).map((r) => r.key), 'other*']);
    const other = panel().querySelector('tr[data-suppressed]')!;
    expect(other.className).toBe('pbd-row-suppressed');
    expect(other.querySelector('th')!.textContent).toBe('Other (fewer than 7 users)values kept from view for privacy, summed');
    expect([...other.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['7', '2', '77.8%']);
    expect(other.querySelectorAll('button, a').length).toBe(0);

    await act(async () => panel().querySelector<HTMLElement>('[data-action="more"]')!.click());
    expect(shown()).toEqual([...CITIES.slice(0, 12).map((r) => r.key), 'other*']);

    await act(async () => panel().querySelector<HTMLElement>('[data-dimension="error_code"]')!.click());
    expect(shown()).toEqual(['other*']);
    expect(panel().querySelector('[data-action="more"]')).toBeNull();
  });

  it('is in the CSV with a suppressed column', async () => {
    await mount();
    await act(async () => panel().querySelector<HTMLElement>('[data-dimension="city"]')!.click());
    await act(async () => panel().querySelector<HTMLElement>('[data-action="csv"]')!.click());
    await settled();
    expect(saved).toHaveLength(1);
    const lines = (await saved[0].text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('city,successes,failures,suppressed');
    expect(lines.slice(1)).toEqual(CITIES.map((r) => `${r.key},${r.successes},${r.failures},${r.suppressed}`));
  });
});
