import type { TrackingEvent } from './types';

/*
 * The wire contract (docs/events.md) as code: true when the ingest service would accept `e`,
 * including visible_ms ≤ duration_ms, the one rule JSON Schema cannot express. The unit tests hold
 * it against events.schema.json, the valid fixtures and every case in invalid.json.
 *
 * Own entry point (`@paubox/tracking/validate`), outside the size-budgeted core: events the snippet
 * builds are valid by construction; this guards what a beforeSend hook or a tampered localStorage
 * queue could break. Pass it as `validate` to init() (the React provider does so by default): an
 * invalid event is then dropped instead of sent, since a 400 is not retried and loses its batch.
 */

type Rule = (v: any, e: any) => boolean;

const re =
  (r: RegExp): Rule =>
  (v) =>
    typeof v == 'string' && r.test(v);
const int =
  (min: number, max?: number): Rule =>
  (v, e) =>
    Number.isInteger(v) && v >= min && v <= (max ?? e.duration_ms);
const orNull =
  (f: Rule): Rule =>
  (v, e) =>
    v === null || f(v, e);
const scalar: Rule = (v) => v === null || typeof v == 'boolean' || (typeof v == 'number' ? isFinite(v) : re(/^[^]{0,256}$/)(v, 0));
const object =
  (nested: boolean): Rule =>
  (o) =>
    !!o &&
    typeof o == 'object' &&
    !Array.isArray(o) &&
    Object.keys(o).length <= 20 &&
    Object.keys(o).every((k) => k.length >= 1 && k.length <= 64 && (scalar(o[k], 0) || (nested && object(false)(o[k], 0))));

const uuid = re(/^[\da-f]{8}(-[\da-f]{4}){3}-[\da-f]{12}$/i);

const RULES: Record<string, Rule> = {
  event_id: uuid,
  type: re(/^(page_view|time_on_page|click|login_success|login_failure)$/),
  occurred_at: re(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/),
  anon_id: uuid,
  session_id: uuid,
  session_count: int(1, 1e6),
  surface: re(/^[A-Za-z0-9_.:-]{1,32}$/),
  page_path: re(/^\/[^]{0,1023}$/),
  user_sub: orNull(re(/^\S{1,128}$/)),
  customer_id: orNull(int(1, Number.MAX_SAFE_INTEGER)),
  properties: orNull(object(true)),
  duration_ms: int(0, 864e5),
  visible_ms: int(0),
  label: re(/^[^]{1,128}$/),
  element: re(/^[A-Za-z][A-Za-z0-9-]{0,31}$/),
  href_path: orNull(re(/^[^]{0,1024}$/)),
  error_code: re(/^[^]{1,64}$/),
};
const REQUIRED = Object.keys(RULES).slice(0, 8);
/** Fields of one event type only: required there (except href_path), refused elsewhere. */
const OWNED: Record<string, string> = {
  duration_ms: 'time_on_page',
  visible_ms: 'time_on_page',
  label: 'click',
  element: 'click',
  href_path: 'click',
  error_code: 'login_failure',
};

/** True when the ingest service would accept `e` as one event. */
export function isValidEvent(e: TrackingEvent): boolean {
  const x = e as unknown as Record<string, unknown>;
  return (
    !!x &&
    typeof x == 'object' &&
    REQUIRED.every((k) => x[k] != null) &&
    Object.keys(OWNED).every((k) => (OWNED[k] == e.type ? x[k] != null || k == 'href_path' : x[k] === undefined)) &&
    Object.keys(x).every((k) => k in RULES && (x[k] === undefined || RULES[k](x[k], x)))
  );
}

/**
 * True when the ingest service would accept `body`: one event, or {events: [1–50 events]} with an
 * optional `identity_token` (a string ≤ 4096 chars, or null; whether it is a valid assertion only the ingest service decides).
 */
export function isValidBody(body: unknown): boolean {
  const b = body as { events?: unknown; identity_token?: unknown };
  if (b && typeof b == 'object' && 'events' in b) {
    const t = b.identity_token;
    const token = t == null || (typeof t == 'string' && t.length <= 4096);
    return Object.keys(b).length == 1 + +('identity_token' in b) && token && Array.isArray(b.events) && b.events.length >= 1 && b.events.length <= 50 && b.events.every(isValidEvent);
  }
  return isValidEvent(body as TrackingEvent);
}

export default isValidEvent;
