// @vitest-environment jsdom
// The Funnel panel rendered in jsdom over a stubbed fetch: no request and a helpful empty state below two steps,
// the editor (add, move, remove) → URL → the request's step parameters, the bars' text from the answer, and the
// focus kept on the moved step. The real service is the browser tests' business.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AnalyticsDashboard } from '../../src/AnalyticsDashboard';
import type { FunnelReport } from '../../src/api/types';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const BASE = 'http://dashboard.test';
const TOKEN = 'eyJ.token.sig';

function answer(steps: string[]): FunnelReport {
  return {
    within: 'session',
    counted: 'sessions',
    steps: steps.map((step, i) => ({
      step,
      sessions: 400 - i * 180,
      users: 310 - i * 120,
      conversion_from_previous_pct: i === 0 ? null : 55.0,
      conversion_from_first_pct: i === 0 ? 100.0 : 55.0,
      median_time_from_previous_ms: i === 0 ? null : 48200,
      drop_off: i === 0 ? null : 180,
      drop_off_pct: i === 0 ? null : 45.0,
    })),
  };
}

let container: HTMLDivElement;
let root: Root;
let requests: Array<{ url: URL; headers: Record<string, string> }>;

async function mount(search: string): Promise<void> {
  window.history.replaceState(null, '', `/admin${search}`);
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  await act(async () => root.render(<AnalyticsDashboard baseUrl={BASE} getAccessToken={async () => TOKEN} timeZone="UTC" />));
  await settled();
}

beforeEach(() => {
  requests = [];
  vi.stubGlobal('fetch', vi.fn(async (input: string, init: RequestInit) => {
    const url = new URL(input);
    requests.push({ url, headers: init.headers as Record<string, string> });
    const path = url.pathname.replace('/api/admin/analytics', '');
    const body = path === '/funnel' ? answer(url.searchParams.getAll('step'))
      : path === '/pages' ? { rows: [{ page_path: '/compose', views: 3, unique_users: 2, avg_visible_ms: 1000 }] }
        : path === '/clicks' ? { rows: [{ label: 'send_email_btn', clicks: 2, unique_users: 2, top_page_path: '/compose' }] }
          : null;
    return new Response(JSON.stringify(body ?? { status: 404 }), {
      status: body ? 200 : 404, headers: { 'content-type': 'application/json' },
    });
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
const funnelRequests = () => requests.filter((r) => r.url.pathname === '/api/admin/analytics/funnel');
const urlSteps = () => new URLSearchParams(window.location.search).getAll('funnel_step');

async function addStep(kind: 'page' | 'click', value: string): Promise<void> {
  const select = $('[data-panel="funnel"] select[name="funnel_step_kind"]') as HTMLSelectElement;
  const input = $('[data-panel="funnel"] input[name="funnel_step_value"]') as HTMLInputElement;
  await act(async () => {
    select.value = kind;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await act(async () => {
    // React tracks the value through the native setter
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await act(async () => { $('[data-panel="funnel"] button[data-action="add-step"]')!.click(); });
  await settled();
}

describe('the Funnel panel', () => {
  it('starts empty without steps in the URL, asks nothing, and offers the pages and labels the API listed', async () => {
    await mount('?tab=keep');
    expect($('[data-panel="funnel"]')!.getAttribute('data-state')).toBe('empty');
    expect($('[data-panel="funnel"]')!.textContent).toContain('Add at least 2 steps');
    expect(funnelRequests()).toHaveLength(0);
    const options = [...container.querySelectorAll('[data-panel="funnel"] datalist option')].map((o) => o.getAttribute('value'));
    expect(options).toEqual(['/compose']);
    // one step is still not a funnel
    await addStep('page', '/compose');
    expect(urlSteps()).toEqual(['page:/compose']);
    expect(funnelRequests()).toHaveLength(0);
    expect($('[data-panel="funnel"]')!.getAttribute('data-state')).toBe('empty');
  });

  it('editor → URL → request: add, reorder and remove steps; the bars show the answer in text', async () => {
    await mount('?tab=keep');
    await addStep('page', '/compose');
    await addStep('click', 'send_email_btn');
    await addStep('page', '/help/*');
    expect(urlSteps()).toEqual(['page:/compose', 'click:send_email_btn', 'page:/help/*']);
    expect(new URLSearchParams(window.location.search).get('tab')).toBe('keep');
    let last = funnelRequests().at(-1)!;
    expect(last.url.searchParams.getAll('step')).toEqual(['page:/compose', 'click:send_email_btn', 'page:/help/*']);
    expect(last.headers.Authorization).toBe(`Bearer ${TOKEN}`);
    expect(last.url.search).not.toContain(TOKEN);

    // move the third step up, by its button; the focus stays on the moved step
    const up = $('[data-panel="funnel"] li[data-step-index="2"] button[data-action="step-up"]')!;
    await act(async () => { up.click(); });
    await settled();
    expect(urlSteps()).toEqual(['page:/compose', 'page:/help/*', 'click:send_email_btn']);
    expect(document.activeElement?.closest('li')?.getAttribute('data-step')).toBe('page:/help/*');
    // remove the first step
    await act(async () => { $('[data-panel="funnel"] li[data-step-index="0"] button[data-action="step-remove"]')!.click(); });
    await settled();
    expect(urlSteps()).toEqual(['page:/help/*', 'click:send_email_btn']);
    last = funnelRequests().at(-1)!;
    expect(last.url.searchParams.getAll('step')).toEqual(['page:/help/*', 'click:send_email_btn']);

    const panel = $('[data-panel="funnel"]')!;
    expect(panel.getAttribute('data-state')).toBe('ready');
    const rows = [...panel.querySelectorAll('ol[data-funnel="bars"] > li[data-step]')];
    expect(rows.map((r) => r.getAttribute('data-step'))).toEqual(['page:/help/*', 'click:send_email_btn']);
    expect(rows[1].querySelector('[data-field="sessions"]')!.textContent).toBe('220 sessions');
    expect(rows[1].querySelector('[data-field="conversion_from_previous_pct"]')!.textContent).toBe('55.0%');
    expect(rows[1].querySelector('[data-field="drop_off"]')!.getAttribute('data-value')).toBe('180');
    expect(rows[1].querySelector('[data-field="median_time_from_previous_ms"]')!.textContent).toBe('48s');
    expect((rows[1].querySelector('.pbd-funnel-bar') as HTMLElement).style.width).toBe('55%');
  });

  it('reads the funnel from the URL, sends within, and leaves path_prefix out of the request', async () => {
    await mount('?path_prefix=/x&funnel_step=page:/compose&funnel_step=click:send_email_btn&funnel_within=day');
    const last = funnelRequests().at(-1)!;
    expect(last.url.searchParams.getAll('step')).toEqual(['page:/compose', 'click:send_email_btn']);
    expect(last.url.searchParams.get('within')).toBe('day');
    expect(last.url.searchParams.has('path_prefix')).toBe(false);
    expect(($('[data-panel="funnel"] select[name="funnel_within"]') as HTMLSelectElement).value).toBe('day');
    expect($('[data-panel="funnel"]')!.textContent).toContain('The path filter does not apply here');
  });

  it('refuses an invalid step in the add field with a message, and changes nothing', async () => {
    await mount('');
    await addStep('page', 'compose');
    expect(urlSteps()).toEqual([]);
    expect($('[data-panel="funnel"] [role="alert"]')!.textContent).toContain('starting with "/"');
  });
});
