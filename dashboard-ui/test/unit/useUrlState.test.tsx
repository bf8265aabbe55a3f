// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useUrlState, type ViewUpdate } from '../../src/state/useUrlState';
import type { ViewState } from '../../src/state/urlState';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;
let root: Root;
let latest: ViewState;
let update: (u: ViewUpdate) => void;

function Probe() {
  const [view, setView] = useUrlState();
  latest = view;
  update = setView;
  return <span>{view.period}</span>;
}

beforeEach(() => {
  window.history.replaceState({ router: 'kept' }, '', '/admin/analytics?tab=2&period=7d#top');
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  act(() => root.render(<Probe />));
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

describe('useUrlState', () => {
  it('reads the view from the address bar', () => {
    expect(latest.period).toBe('7d');
    expect(container.textContent).toBe('7d');
  });

  it('pushes a history entry per change, keeping other parameters, the hash and history.state', () => {
    const before = window.history.length;
    act(() => update({ metric: 'clicks' }));
    expect(window.location.pathname).toBe('/admin/analytics');
    expect(window.location.search).toBe('?tab=2&period=7d&metric=clicks');
    expect(window.location.hash).toBe('#top');
    expect(window.history.state).toEqual({ router: 'kept' });
    expect(window.history.length).toBe(before + 1);
    expect(latest.metric).toBe('clicks');

    // no change, no new entry
    act(() => update({ metric: 'clicks' }));
    expect(window.history.length).toBe(before + 1);
  });

  it('follows Back (popstate)', async () => {
    act(() => update({ period: '90d' }));
    expect(container.textContent).toBe('90d');
    await act(async () => {
      const popped = new Promise((resolve) => window.addEventListener('popstate', resolve, { once: true }));
      window.history.back();
      await popped;
    });
    expect(window.location.search).toBe('?tab=2&period=7d');
    expect(container.textContent).toBe('7d');
  });
});
