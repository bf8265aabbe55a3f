/**
 * Time on page: total and visible (tab in front) milliseconds for the current page, using the Page
 * Visibility API. `start` on each new page, `visibility` on visibilitychange, `end` on route change
 * and page exit (reports once per page). visible ≤ total always.
 */
export interface TimeOnPage {
  start(path: string): void;
  visibility(): void;
  end(): void;
}

const MAX = 864e5;

export function createTimeOnPage(report: (path: string, durationMs: number, visibleMs: number) => void): TimeOnPage {
  let path: string | null = null;
  let start = 0;
  let visible = 0;
  let since = 0;
  const now = (): number => performance.now();
  const shown = (): boolean => !document.hidden;
  return {
    start(p) {
      path = p;
      since = start = now();
      visible = 0;
      if (!shown()) since = 0;
    },
    visibility() {
      const t = now();
      if (since) visible += t - since;
      since = shown() ? t : 0;
    },
    end() {
      if (!path) return;
      const t = now();
      const total = Math.min(Math.round(t - start), MAX);
      report(path, total, Math.min(Math.round(visible + (since ? t - since : 0)), total));
      path = null;
    },
  };
}
