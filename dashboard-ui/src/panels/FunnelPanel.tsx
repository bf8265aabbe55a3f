// Funnel: do users finish what they start. The steps and window come from the URL (funnel_step, funnel_within);
// the API is asked only once at least two steps are set, and nothing is guessed: without steps the editor is empty.
import type { ClickRow, FunnelReport, PageRow, Rows } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { TOP } from '../components/BreakdownList';
import { CsvButton } from '../components/CsvButton';
import { FunnelBars } from '../components/FunnelBars';
import { FunnelEditor } from '../components/FunnelEditor';
import { Panel, panelState, type PanelState } from '../components/Panel';
import { csvFileName } from '../csv';
import { rangeParams, useDashboard } from '../DashboardContext';
import { MIN_STEPS, funnelParams } from '../funnel';

export function FunnelPanel() {
  const dashboard = useDashboard();
  const steps = dashboard.view.funnelSteps ?? [];
  const within = dashboard.view.funnelWithin ?? 'session';
  const rangeAndFilters = rangeParams(dashboard, dashboard.range);
  const complete = steps.length >= MIN_STEPS;
  const params = funnelParams(rangeAndFilters, steps, within);
  const query = useApiQuery<FunnelReport>('/funnel', params, complete);
  // The pages and clicks panels' own queries (same keys): suggestions cost no extra request.
  const pages = useApiQuery<Rows<PageRow>>('/pages', { ...rangeAndFilters, limit: TOP });
  const clicks = useApiQuery<Rows<ClickRow>>('/clicks', { ...rangeAndFilters, limit: TOP });

  const state: PanelState = complete
    ? panelState(query, (d) => d.steps.length === 0 || d.steps[0][d.counted] === 0)
    : 'empty';

  return (
    <Panel
      id="funnel"
      title="Funnel"
      className="pbd-funnel"
      state={state}
      busy={complete && query.isFetching}
      error={query.error}
      onRetry={() => void query.refetch()}
      emptyText={complete
        ? 'No journey reached step 1 in this range'
        : `Add at least ${MIN_STEPS} steps to see how many go from one to the next, e.g. the page /compose, then the click send_email_btn.`}
      actions={(
        <CsvButton
          subject="funnel"
          fileName={csvFileName('funnel', dashboard.range)}
          load={() => dashboard.api.getCsv('/funnel', params)}
        />
      )}
      toolbar={(
        <>
          <FunnelEditor
            steps={steps}
            within={within}
            onStepsChange={(next) => dashboard.setView({ funnelSteps: next.length ? next : undefined })}
            onWithinChange={(next) => dashboard.setView({ funnelWithin: next === 'session' ? undefined : next })}
            pages={pages.data?.rows.map((r) => r.page_path) ?? []}
            labels={clicks.data?.rows.map((r) => r.label) ?? []}
          />
          {dashboard.filters.path_prefix ? (
            <p className="pbd-muted pbd-small pbd-funnel-note">
              The path filter does not apply here: a funnel names its pages in its steps.
            </p>
          ) : null}
        </>
      )}
    >
      {query.data && query.data.steps.length ? <FunnelBars report={query.data} /> : null}
    </Panel>
  );
}
