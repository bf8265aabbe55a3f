/*
 * The host's identity assertion: a short-lived compact JWS its own server signs for the signed-in
 * user, sent with each batch (`identity_token`) so the ingest service can believe `user_sub` and
 * `customer_id`. It lives in this module's memory only: never in storage, a cookie, a URL or the
 * console. The ingest service verifies it; here its payload is only read for `exp`, to refresh early.
 */

/** Ask the host for a new assertion this long before the current one expires. */
export const REFRESH_EARLY_MS = 6e4;
/** Send without an assertion when the host has not answered within this long. */
export const TOKEN_TIMEOUT_MS = 5e3;

/** The assertion in memory (read-only outside: use setToken). */
export let token: string | undefined;
let exp = 0;
let pending: Promise<boolean> | undefined;
// Bumped when the signed-in identity changes: an answer asked for the previous identity is ignored.
let generation = 0;

/** Use `t` (or none) from now on. Its `exp` is read without verifying it (base64url JSON); unreadable means "refresh". */
export function setToken(t?: string | null): void {
  token = t || undefined;
  try {
    exp = JSON.parse(atob(t!.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).exp * 1e3 || 0;
  } catch {
    exp = 0;
  }
}

/** The identity changed (sign-in, sign-out, another user): the assertion no longer fits it. */
export function dropToken(): void {
  generation++;
  setToken();
}

/**
 * Nothing (undefined) when the assertion in memory is good for more than REFRESH_EARLY_MS or there is
 * no `get`; else asks `get` once (concurrent callers share the answer) and resolves when it answered,
 * failed or timed out: true if the identity is still the one it was asked for. A failure keeps what
 * was there, so events still go, without a valid assertion if need be.
 */
export function freshToken(get?: () => unknown): Promise<boolean> | undefined {
  if (!get || exp - Date.now() > REFRESH_EARLY_MS) return;
  const g = generation;
  return (pending ||= Promise.race([Promise.resolve().then(get), new Promise((_, no) => setTimeout(no, TOKEN_TIMEOUT_MS))])
    .then(
      (t) => g == generation && typeof t == 'string' && setToken(t),
      () => 0,
    )
    .then(() => ((pending = undefined), g == generation)));
}
