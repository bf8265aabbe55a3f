import { pathOf } from './path';

/**
 * Route changes → page views. Takes any URL (or the current location), keeps the path only, and
 * ignores a repeat of the current path: frameworks often report one navigation twice (App Router
 * effects, router.events plus History API, replaceState on load), and a query- or hash-only change
 * is not a new page.
 */
export function createRouteHandler(onRoute: (path: string) => void): (url?: string | null) => void {
  let last: string | null;
  return (url) => {
    const p = pathOf(url);
    if (p && p != last) onRoute((last = p));
  };
}

/**
 * Plain History API navigation: calls `onChange` after pushState, replaceState and on popstate.
 * Patched once per page; `onChange` decides whether tracking is still on.
 */
export function watchHistory(onChange: () => void): void {
  const wrap = (name: 'pushState' | 'replaceState'): void => {
    const f = history[name];
    history[name] = function (this: History, ...a: Parameters<History['pushState']>) {
      f.apply(this, a);
      onChange();
    };
  };
  wrap('pushState');
  wrap('replaceState');
  addEventListener('popstate', onChange);
}
