// The metrics a stat card shows and the main graph can plot.
export const METRICS = [
  'page_views',
  'unique_users',
  'unique_visitors',
  'sessions',
  'avg_visible_ms',
  'avg_duration_ms',
  'clicks',
  'login_success_rate',
] as const;
export type Metric = (typeof METRICS)[number];

export type MetricKind = 'count' | 'duration' | 'rate';

export const METRIC_INFO: Record<Metric, { label: string; kind: MetricKind }> = {
  page_views: { label: 'Page views', kind: 'count' },
  unique_users: { label: 'Unique users', kind: 'count' },
  unique_visitors: { label: 'Unique visitors', kind: 'count' },
  sessions: { label: 'Sessions', kind: 'count' },
  avg_visible_ms: { label: 'Avg visible time', kind: 'duration' },
  avg_duration_ms: { label: 'Avg time on page', kind: 'duration' },
  clicks: { label: 'Clicks', kind: 'count' },
  login_success_rate: { label: 'Login success rate', kind: 'rate' },
};

export function isMetric(value: string): value is Metric {
  return (METRICS as readonly string[]).includes(value);
}
