// Stat cards: each metric with its change vs the previous period; clicking one plots it in the main graph.
import type { Overview } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { Panel, panelState } from '../components/Panel';
import { rangeParams, useDashboard } from '../DashboardContext';
import {
  formatChange, formatDuration, formatNumber, formatRate, percentChange, successRate,
} from '../format';
import { METRICS, METRIC_INFO, type Metric } from '../metrics';

/** The card's number: straight from the API, or the rate computed from it. */
export function overviewValue(overview: Overview, metric: Metric): number | null {
  if (metric === 'login_success_rate') return successRate(overview.login_successes, overview.login_failures);
  return overview[metric] ?? null;
}

function isEmpty(o: Overview): boolean {
  return o.page_views + o.clicks + o.sessions + o.login_successes + o.login_failures === 0;
}

export function formatMetric(metric: Metric, value: number | null): string {
  const kind = METRIC_INFO[metric].kind;
  return kind === 'duration' ? formatDuration(value) : kind === 'rate' ? formatRate(value) : formatNumber(value);
}

export function OverviewPanel() {
  const dashboard = useDashboard();
  const { view, setView, previous } = dashboard;
  const current = useApiQuery<Overview>('/overview', rangeParams(dashboard, dashboard.range));
  const before = useApiQuery<Overview>(
    '/overview', previous ? rangeParams(dashboard, previous) : {}, previous !== null,
  );
  const state = panelState(current, isEmpty);
  // A change is only shown between two answers of the same question, never against a stale placeholder.
  const comparable = previous !== null && before.data !== undefined && !before.isPlaceholderData
    && !current.isPlaceholderData;

  return (
    <Panel
      id="overview"
      title="Overview"
      state={state}
      busy={current.isFetching}
      error={current.error}
      onRetry={() => void current.refetch()}
      className="pbd-overview"
    >
      <div className="pbd-cards">
        {METRICS.map((metric) => {
          const value = current.data ? overviewValue(current.data, metric) : null;
          const old = comparable ? overviewValue(before.data!, metric) : null;
          const change = previous ? formatChange(percentChange(value, old)) : null;
          const selected = view.metric === metric;
          return (
            <button
              key={metric}
              type="button"
              className="pbd-card"
              data-card={metric}
              data-value={value == null ? '' : String(value)}
              aria-pressed={selected}
              onClick={() => setView({ metric })}
            >
              <span className="pbd-card-label">{METRIC_INFO[metric].label}</span>
              <span className="pbd-card-value">{formatMetric(metric, value)}</span>
              {previous ? (
                change ? (
                  <span className={`pbd-change pbd-change-${change.direction}`}>
                    <span aria-hidden="true">{change.arrow} {change.text}</span>
                    <span className="pbd-sr-only">{change.label}</span>
                  </span>
                ) : (
                  <span className="pbd-change pbd-change-none">
                    <span aria-hidden="true">–</span>
                    <span className="pbd-sr-only">no previous value to compare</span>
                  </span>
                )
              ) : null}
            </button>
          );
        })}
      </div>
    </Panel>
  );
}
