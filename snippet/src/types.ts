/** Event types accepted by the ingest service (docs/events.md). */
export type EventType = 'page_view' | 'time_on_page' | 'click' | 'login_success' | 'login_failure';

/** A scalar allowed in `properties`. */
export type PropertyScalar = string | number | boolean | null;
/** `properties`: ≤ 20 keys; values scalars or one nested object of scalars. No arrays. */
export type Properties = Record<string, PropertyScalar | Record<string, PropertyScalar>>;

/** One event exactly as it goes on the wire (snake_case, no other fields). */
export interface TrackingEvent {
  event_id: string;
  type: EventType;
  occurred_at: string;
  anon_id: string;
  session_id: string;
  session_count: number;
  user_sub?: string | null;
  customer_id?: number | null;
  surface: string;
  page_path: string;
  duration_ms?: number;
  visible_ms?: number;
  label?: string;
  element?: string;
  href_path?: string | null;
  error_code?: string;
  properties?: Properties | null;
}

/** Auth0 error codes commonly seen on failed logins; any other string (1–64 chars) is accepted too. */
export type Auth0ErrorCode =
  | 'invalid_grant'
  | 'access_denied'
  | 'unauthorized'
  | 'too_many_attempts'
  | 'login_required'
  | 'mfa_required'
  | 'invalid_request'
  | 'password_leaked'
  | 'blocked_user'
  | (string & {});

/** Who is signed in: the Auth0 `sub` (opaque, never an e-mail) and the Paubox customer id. */
export interface Identity {
  userSub?: string | null;
  customerId?: number | string | null;
}

/** Return the event (possibly trimmed), or null/false/undefined to drop it. */
export type BeforeSend = (event: TrackingEvent) => TrackingEvent | null | undefined | false;

export interface TrackerConfig extends Identity {
  /** Which product surface sends the events, `[A-Za-z0-9_.:-]{1,32}`. */
  surface: string;
  /** Ingest URL. Default `/api/analytics/event` (same origin). */
  endpoint?: string;
  /** Send nothing when the browser signals Global Privacy Control or Do Not Track. Default true. */
  respectPrivacySignals?: boolean;
  /** May trim or drop each event before it is queued. */
  beforeSend?: BeforeSend;
  /**
   * Checks each event after beforeSend (and events read back from localStorage); false drops it.
   * Pass `isValidEvent` from `@paubox/tracking/validate` (the React provider does by default).
   */
  validate?: (event: TrackingEvent) => boolean;
  /** Flush when this many events are queued. Default 10. */
  batchSize?: number;
  /** Flush queued events at most this many ms after they were tracked. Default 2000. */
  flushInterval?: number;
  /** Track clicks on `[data-pb-track]` elements. Default true. */
  clicks?: boolean;
  /** Send time on page on route change and page exit. Default true. */
  timeOnPage?: boolean;
  /** Detect route changes by watching the History API (pushState/replaceState/popstate). Default true; the React provider turns it off and wires the router instead. */
  history?: boolean;
  /** Send the first page view on init. Default true. */
  initialPageView?: boolean;
  /**
   * The host server's signed identity assertion for `userSub`/`customerId` (compact JWS, ES256, a few
   * minutes long), sent with each batch as `identity_token`. Kept in memory only. Without a valid one
   * an ingest service in `verify` mode stores the events anonymous.
   */
  identityToken?: string | null;
  /**
   * Fetches a new assertion from the host's server (e.g. `GET /api/tracking-identity`). Called when
   * events of a signed-in user are to be sent and the assertion in memory is missing or expires within
   * 60 s; when it fails, returns nothing or takes over 5 s, the events go without one.
   */
  getIdentityToken?: () => Promise<string | null | undefined> | string | null | undefined;
}
