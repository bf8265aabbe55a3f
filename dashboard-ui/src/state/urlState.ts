// The view's state as URL query parameters: pure parse/serialize, no DOM. Parameters the view does not
// own are kept byte for byte and in their order; the view's own are written after them, defaults omitted.
import { ACCOUNT_SORTS, ACCOUNT_STATUSES, type AccountSort, type AccountStatus, type FunnelWithin } from '../api/types';
import { isFunnelWithin, parseSteps } from '../funnel';
import { isMetric, type Metric } from '../metrics';
import { PERIODS, isIsoDate, isTimeZone, type Interval, type Period } from '../time/periods';

export interface ViewState {
  period: Period;
  /** Only with period "custom". */
  from?: string;
  to?: string;
  /** Absent: the default zone (the timeZone prop or the browser's). */
  tz?: string;
  /** Absent: chosen by the range (hour up to two days). */
  interval?: Interval;
  compare: boolean;
  metric: Metric;
  customerId?: number;
  surface?: string;
  pathPrefix?: string;
  /**
   * `view=accounts` or `view=access-log`; absent: the analytics view (or the access log for an auditor
   * without analytics).
   */
  section?: SectionParam;
  /** `account`: the customer whose account is open in the Accounts tab (only with `view=accounts`). */
  account?: number;
  /** `accounts_sort`: the accounts list's order; absent: `change` (the biggest drop first). */
  accountsSort?: Exclude<AccountSort, 'change'>;
  /** `accounts_status`: show only accounts of this status. */
  accountsStatus?: AccountStatus;
  /** The access log's filters: calendar days local to the view's zone, both inclusive. */
  auditFrom?: string;
  auditTo?: string;
  auditSubject?: string;
  auditStatus?: number;
  auditEndpointPrefix?: string;
  /** `funnel_step` (repeated, in order): the funnel's steps as the API writes them; absent: no step yet. */
  funnelSteps?: string[];
  /** `funnel_within`: `day` or `7d`; absent: one session. */
  funnelWithin?: Exclude<FunnelWithin, 'session'>;
  /** `retention_cohort=month`: monthly cohorts in the Retention panel; absent: weekly. */
  retentionCohort?: 'month';
  /** `retention_visitors=1`: the Retention panel follows browsers (anon_id); absent: signed-in users. */
  retentionVisitors?: true;
}

/** The `view` parameter: the tab shown (the analytics tab is its absence). */
export type SectionParam = 'accounts' | 'access-log';

export const DEFAULT_VIEW: ViewState = { period: '30d', compare: true, metric: 'page_views' };

/** The query parameters this view owns; every other one is left alone. */
export const OWNED_PARAMS = [
  'period', 'from', 'to', 'tz', 'interval', 'compare', 'metric', 'customer_id', 'surface', 'path_prefix',
  'view', 'account', 'accounts_sort', 'accounts_status', 'audit_from', 'audit_to', 'audit_subject', 'audit_status', 'audit_endpoint_prefix',
  'funnel_step', 'funnel_within',
  'retention_cohort', 'retention_visitors',
] as const;

const SURFACE = /^[A-Za-z0-9_.:-]{1,32}$/;
const CUSTOMER_ID = /^[1-9][0-9]{0,15}$/;

export function isSurface(value: string): boolean {
  return SURFACE.test(value);
}

export function isPathPrefix(value: string): boolean {
  return value.startsWith('/') && value.length <= 1024;
}

/** What the service accepts as an audit `subject`: 1 to 128 characters without whitespace. */
export function isAuditSubject(value: string): boolean {
  return /^\S{1,128}$/.test(value);
}

/** An HTTP status code, 100 to 599 (the audit `status` filter). */
export function isHttpStatus(value: string): boolean {
  return /^[1-5][0-9]{2}$/.test(value);
}

export function isAccountSort(value: string | null): value is AccountSort {
  return value != null && (ACCOUNT_SORTS as readonly string[]).includes(value);
}

export function isAccountStatus(value: string | null): value is AccountStatus {
  return value != null && (ACCOUNT_STATUSES as readonly string[]).includes(value);
}

/** Reads the view from a query string ("?a=1&period=7d" or without "?"); invalid values fall back to defaults. */
export function parseViewState(search: string): ViewState {
  const params = new URLSearchParams(search);
  const view: ViewState = { ...DEFAULT_VIEW };

  const period = params.get('period');
  if (period && (PERIODS as readonly string[]).includes(period)) view.period = period as Period;
  if (view.period === 'custom') {
    const from = params.get('from') ?? '';
    const to = params.get('to') ?? '';
    if (isIsoDate(from) && isIsoDate(to) && from <= to) {
      view.from = from;
      view.to = to;
    } else {
      view.period = DEFAULT_VIEW.period; // a custom range without valid dates means nothing
    }
  }

  const tz = params.get('tz');
  if (tz && isTimeZone(tz)) view.tz = tz;

  const interval = params.get('interval');
  if (interval === 'hour' || interval === 'day') view.interval = interval;

  if (params.get('compare') === '0') view.compare = false;

  const metric = params.get('metric');
  if (metric && isMetric(metric)) view.metric = metric;

  const customerId = params.get('customer_id');
  if (customerId && CUSTOMER_ID.test(customerId)) view.customerId = Number(customerId);

  const surface = params.get('surface');
  if (surface && isSurface(surface)) view.surface = surface;

  const pathPrefix = params.get('path_prefix');
  if (pathPrefix && isPathPrefix(pathPrefix)) view.pathPrefix = pathPrefix;

  const section = params.get('view');
  if (section === 'access-log' || section === 'accounts') view.section = section;
  const account = params.get('account');
  if (view.section === 'accounts' && account && CUSTOMER_ID.test(account)) view.account = Number(account);
  const accountsSort = params.get('accounts_sort');
  if (isAccountSort(accountsSort) && accountsSort !== 'change') view.accountsSort = accountsSort;
  const accountsStatus = params.get('accounts_status');
  if (isAccountStatus(accountsStatus)) view.accountsStatus = accountsStatus;
  const auditFrom = params.get('audit_from') ?? '';
  const auditTo = params.get('audit_to') ?? '';
  if (isIsoDate(auditFrom)) view.auditFrom = auditFrom;
  if (isIsoDate(auditTo) && !(view.auditFrom && auditTo < view.auditFrom)) view.auditTo = auditTo;
  const auditSubject = params.get('audit_subject');
  if (auditSubject && isAuditSubject(auditSubject)) view.auditSubject = auditSubject;
  const auditStatus = params.get('audit_status');
  if (auditStatus && isHttpStatus(auditStatus)) view.auditStatus = Number(auditStatus);
  const auditEndpointPrefix = params.get('audit_endpoint_prefix');
  if (auditEndpointPrefix && isPathPrefix(auditEndpointPrefix)) view.auditEndpointPrefix = auditEndpointPrefix;
  if (params.get('retention_cohort') === 'month') view.retentionCohort = 'month';
  if (params.get('retention_visitors') === '1') view.retentionVisitors = true;

  const funnelSteps = parseSteps(params.getAll('funnel_step'));
  if (funnelSteps.length) view.funnelSteps = funnelSteps;
  const funnelWithin = params.get('funnel_within');
  if (isFunnelWithin(funnelWithin) && funnelWithin !== 'session') view.funnelWithin = funnelWithin;

  return view;
}

/** The view's own parameters, defaults left out, in a fixed order. */
export function viewParams(view: ViewState): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (view.period !== DEFAULT_VIEW.period) out.push(['period', view.period]);
  if (view.period === 'custom' && view.from && view.to) {
    out.push(['from', view.from], ['to', view.to]);
  }
  if (view.tz) out.push(['tz', view.tz]);
  if (view.interval) out.push(['interval', view.interval]);
  if (!view.compare) out.push(['compare', '0']);
  if (view.metric !== DEFAULT_VIEW.metric) out.push(['metric', view.metric]);
  if (view.customerId != null) out.push(['customer_id', String(view.customerId)]);
  if (view.surface) out.push(['surface', view.surface]);
  if (view.pathPrefix) out.push(['path_prefix', view.pathPrefix]);
  if (view.section) out.push(['view', view.section]);
  if (view.section === 'accounts' && view.account != null) out.push(['account', String(view.account)]);
  if (view.accountsSort) out.push(['accounts_sort', view.accountsSort]);
  if (view.accountsStatus) out.push(['accounts_status', view.accountsStatus]);
  if (view.auditFrom) out.push(['audit_from', view.auditFrom]);
  if (view.auditTo) out.push(['audit_to', view.auditTo]);
  if (view.auditSubject) out.push(['audit_subject', view.auditSubject]);
  if (view.auditStatus != null) out.push(['audit_status', String(view.auditStatus)]);
  if (view.auditEndpointPrefix) out.push(['audit_endpoint_prefix', view.auditEndpointPrefix]);
  for (const step of view.funnelSteps ?? []) out.push(['funnel_step', step]);
  if (view.funnelWithin) out.push(['funnel_within', view.funnelWithin]);
  if (view.retentionCohort === 'month') out.push(['retention_cohort', 'month']);
  if (view.retentionVisitors) out.push(['retention_visitors', '1']);
  return out;
}

/**
 * The query string for `view`, keeping every parameter of `currentSearch` the view does not own
 * exactly as written. Returns "" or a string starting with "?".
 */
export function serializeViewState(view: ViewState, currentSearch: string): string {
  const kept = stripQuestionMark(currentSearch)
    .split('&')
    .filter((part) => part !== '' && !(OWNED_PARAMS as readonly string[]).includes(decodeKey(part)));
  const own = viewParams(view).map(([key, value]) => `${key}=${encodeValue(value)}`);
  const all = [...kept, ...own];
  return all.length ? `?${all.join('&')}` : '';
}

function stripQuestionMark(search: string): string {
  return search.startsWith('?') ? search.slice(1) : search;
}

function decodeKey(part: string): string {
  const raw = part.split('=', 1)[0].replace(/\+/g, ' ');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Percent-encodes, but keeps "/" and ":" readable (both are allowed in a query: "tz=America/New_York"). */
function encodeValue(value: string): string {
  return encodeURIComponent(value).replace(/%2F/gi, '/').replace(/%3A/gi, ':');
}
