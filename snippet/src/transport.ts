/*
 * Sending. Bodies are JSON sent as text/plain: a CORS "simple request", so no preflight; the ingest
 * service accepts it (docs/events.md). Credentials (cookies) are never sent with fetch.
 */

/** POST with fetch keepalive. Resolves to [HTTP status (0 = network error), Retry-After seconds]. */
export function post(url: string, body: string): Promise<number[]> {
  return fetch(url, { method: 'POST', body, keepalive: true, credentials: 'omit' }).then(
    (r) => [r.status, +r.headers.get('retry-after')! || 0],
    () => [0, 0],
  );
}

/** sendBeacon, for when the page is going away. False when the browser did not take it. */
export function beacon(url: string, body: string): boolean {
  try {
    return navigator.sendBeacon(url, body);
  } catch {
    return false;
  }
}
