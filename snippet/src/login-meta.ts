import { emit, setUser } from './instance';
import type { Auth0ErrorCode, Identity } from './types';

/**
 * A successful login. Pass the new identity (Auth0 `sub`, customer id) so the event already carries
 * it; it is kept for later events too. Location and device are derived by the server, not here.
 */
export function trackLoginSuccess(identity?: Identity): void {
  if (identity) setUser(identity.userSub, identity.customerId);
  emit('login_success');
}

/** A failed login, with the Auth0 error code (`invalid_grant`, `access_denied`, …). */
export function trackLoginFailure(errorCode: Auth0ErrorCode): void {
  emit('login_failure', { error_code: String(errorCode || 'unknown').slice(0, 64) });
}
