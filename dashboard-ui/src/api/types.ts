// Answer shapes of the dashboard service (snake_case as on the wire; see docs/dashboard.md).

export interface Overview {
  page_views: number;
  unique_users: number;
  unique_visitors: number;
  sessions: number;
  avg_visible_ms: number | null;
  avg_duration_ms: number | null;
  clicks: number;
  login_successes: number;
  login_failures: number;
}

export interface TimeseriesPoint {
  t: string;
  value: number | null;
}

export interface Timeseries {
  metric: string;
  interval: 'hour' | 'day';
  tz: string;
  points: TimeseriesPoint[];
}

export interface PageRow {
  page_path: string;
  views: number;
  unique_users: number;
  avg_visible_ms: number | null;
}

export interface ClickRow {
  label: string;
  element?: string | null;
  clicks: number;
  unique_users: number;
  top_page_path: string | null;
}

export interface CustomerRow {
  customer_id: number;
  page_views: number;
  unique_users: number;
  sessions: number;
  last_seen: string | null;
}

export interface Rows<T> {
  rows: T[];
}

/** `suppressed`: the row "other" holding the values of fewer than `min_group_users` users (summed). */
export interface LoginBreakdownRow {
  key: string | null;
  successes: number;
  failures: number;
  suppressed: boolean;
}

export interface Logins {
  successes: number;
  failures: number;
  failure_rate: number | null;
  /** ANALYTICS_MIN_GROUP_USERS: rows of fewer distinct users are folded into "other" (0: none). */
  min_group_users: number;
  failures_by_code: Array<{ error_code: string | null; failures: number; suppressed: boolean }>;
  by_country: LoginBreakdownRow[];
  by_region: LoginBreakdownRow[];
  by_city?: LoginBreakdownRow[];
  by_browser: LoginBreakdownRow[];
  by_os: LoginBreakdownRow[];
  by_device: LoginBreakdownRow[];
}

export interface Sessions {
  sessions: number;
  users: number;
  avg_sessions_per_user: number | null;
  distribution: Array<{ session_count: number; users: number }>;
}

export interface Erasure {
  user_sub: string;
  deleted: number;
}

/** One row of the audit trail (GET /api/admin/audit). */
export interface AuditRow {
  id: number;
  seq: number;
  occurred_at: string;
  subject: string | null;
  method: string;
  endpoint: string;
  query_params: Record<string, string | string[]> | null;
  status: number;
  hash: string;
}

export interface AuditPage {
  rows: AuditRow[];
  /** Cursor of the next (older) page; null on the last one. */
  next: string | null;
}

/** GET /api/admin/audit/verify */
export interface AuditVerification {
  ok: boolean;
  rows: number;
  first_broken_id: number | null;
  head: { seq: number; id: number; hash: string; hash48?: number } | null;
  anchor?: { seq: number; id: number; prev_hash: string; genesis: boolean } | null;
  exported_head?: { seq: number; id: number; hash: string; found: boolean } | null;
  millis?: number;
  rows_per_second?: number | null;
}

/** RFC 9457 problem details. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  field?: string;
}

/** How an estimated figure was computed (distinct counts beyond the sketch's exact mode). */
export interface Estimate {
  method: string;
  rse: number;
  lower: number;
  upper: number;
}

export const ACCOUNT_STATUSES = ['new', 'growing', 'steady', 'declining', 'dormant'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** `sort` of GET /accounts; `change` (the default) puts the biggest drop in active users first. */
export const ACCOUNT_SORTS = ['change', 'active_users', 'page_views', 'last_seen', 'adoption'] as const;
export type AccountSort = (typeof ACCOUNT_SORTS)[number];

/** One customer's health (GET /accounts). Percentages are 0..100 with one decimal; the failure rate is 0..1. */
export interface AccountRow {
  customer_id: number;
  status: AccountStatus;
  active_users: number;
  active_users_previous: number;
  /** Null when the previous period had no active user. */
  active_users_change_pct: number | null;
  page_views: number;
  sessions: number;
  /** One number per ISO week of the range (AccountsPage.weeks), oldest first. */
  weekly_active_users: number[];
  /** { label: users who did it } for each configured key action. */
  key_actions: Record<string, number>;
  adoption_pct: number | null;
  login_failure_rate: number | null;
  last_seen: string | null;
  /** Per estimated figure; `weekly_active_users` has one per week. */
  estimates?: Record<string, Estimate | Estimate[]>;
}

export interface AccountsPage {
  /** The Monday (local date) starting each ISO week of the range, oldest first. */
  weeks: string[];
  /** The configured key action labels, in order. */
  key_actions: string[];
  rows: AccountRow[];
  next: string | null;
}

/** One signed-in user of a customer (GET /accounts/{customer_id}/users). */
export interface AccountUserRow {
  user_sub: string;
  first_seen: string;
  last_seen: string;
  sessions: number;
  page_views: number;
  /** The key action labels this user did in the range. */
  key_actions: string[];
}

export interface AccountUsersPage {
  rows: AccountUserRow[];
  key_actions: string[];
  next: string | null;
}

/** `within` of GET /funnel: one session (journeys are sessions), one local day or 7 × 24 h (signed-in users). */
export type FunnelWithin = 'session' | 'day' | '7d';

/** One step of GET /funnel. Percentages are 0..100 with one decimal; the first step's relative fields are null. */
export interface FunnelStepResult {
  step: string;
  sessions: number;
  users: number;
  conversion_from_previous_pct: number | null;
  conversion_from_first_pct: number | null;
  median_time_from_previous_ms: number | null;
  drop_off: number | null;
  drop_off_pct: number | null;
}

export interface FunnelReport {
  within: FunnelWithin;
  /** Which of `sessions` / `users` the conversions are of. */
  counted: 'sessions' | 'users';
  steps: FunnelStepResult[];
}

/** Cohorts are the ISO week (Monday first) or the month, local to the view's zone, of each user's first event ever. */
export type CohortPeriod = 'week' | 'month';

/** One cohort (row) of GET /retention: `active[k]` of its `size` users were active in its period + k. */
export interface RetentionCohort {
  /** The cohort's period start, a local date. */
  period: string;
  size: number;
  /** periods.length − (this cohort's index) entries; `active[0]` = size. */
  active: number[];
  /** Percent of `size`, one decimal; null when size is 0. */
  active_pct: Array<number | null>;
}

/** GET /retention: the cohort triangle. */
export interface Retention {
  cohort: CohortPeriod;
  counted: 'users' | 'visitors';
  /** Every period start of the (widened) range, local dates. */
  periods: string[];
  cohorts: RetentionCohort[];
}
