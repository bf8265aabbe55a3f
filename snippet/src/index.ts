/**
 * @paubox/tracking: first-party analytics for Paubox web apps. Events follow docs/events.md and go
 * only to the configured first-party ingest endpoint.
 */
export { init, shutdown, flush, setUser, setIdentityToken, trackPageView, optOut, optIn, isOptedOut } from './instance';
export { trackLoginSuccess, trackLoginFailure } from './login-meta';
export type {
  Auth0ErrorCode,
  BeforeSend,
  EventType,
  Identity,
  Properties,
  PropertyScalar,
  TrackerConfig,
  TrackingEvent,
} from './types';
