// The one hook that connects the view's state to the address bar: reads location.search, writes with
// history.pushState (so Back/Forward step through views) and follows popstate.
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { parseViewState, serializeViewState, type ViewState } from './urlState';

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

const readSearch = (): string => window.location.search;
const serverSearch = (): string => '';

export type ViewUpdate = Partial<ViewState> | ((current: ViewState) => ViewState);

export function useUrlState(): [ViewState, (update: ViewUpdate) => void] {
  const search = useSyncExternalStore(subscribe, readSearch, serverSearch);
  const view = useMemo(() => parseViewState(search), [search]);

  const setView = useCallback((update: ViewUpdate) => {
    const current = parseViewState(window.location.search);
    const next = typeof update === 'function' ? update(current) : { ...current, ...update };
    const nextSearch = serializeViewState(next, window.location.search);
    if (nextSearch === window.location.search) return;
    const { pathname, hash } = window.location;
    // Keep history.state: routers (Next.js) keep their own data there.
    window.history.pushState(window.history.state, '', `${pathname}${nextSearch}${hash}`);
    listeners.forEach((listener) => listener());
  }, []);

  return [view, setView];
}
