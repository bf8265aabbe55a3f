// Retention cohorts: users grouped by the week or month of their first event ever, and the share of each
// cohort active again in every later period — the triangle as a table with shaded cells (the percentage and
// the count are written in every cell; the shade only repeats them).
import { useId } from 'react';
import type { CohortPeriod, Retention } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { CsvButton } from '../components/CsvButton';
import { Panel, panelState } from '../components/Panel';
import { useInView } from '../components/useInView';
import { rangeParams, useDashboard } from '../DashboardContext';
import { formatNumber, formatPercent } from '../format';
import {
  cohortCells, cohortLabel, isRetentionEmpty, periodLabel, retentionFileName, retentionParams, shadeLevel,
} from '../retention';

const COHORTS: Array<{ id: CohortPeriod; label: string }> = [{ id: 'week', label: 'Week' }, { id: 'month', label: 'Month' }];
const COUNTED: Array<{ id: 'users' | 'visitors'; label: string }> = [
  { id: 'users', label: 'Signed-in users' }, { id: 'visitors', label: 'Visitors' },
];

export function RetentionPanel() {
  const dashboard = useDashboard();
  const { view, setView } = dashboard;
  const cohort: CohortPeriod = view.retentionCohort ?? 'week';
  const visitors = view.retentionVisitors === true;
  const ids = { cohort: useId(), counted: useId() };
  const params = retentionParams(rangeParams(dashboard, dashboard.range), cohort, visitors);
  // the answer is a scan of every event since each user's first: asked only once the panel is scrolled into view
  const [inView, seen] = useInView<HTMLDivElement>();
  const query = useApiQuery<Retention>('/retention', params, seen);
  const data = query.data;
  const who = visitors ? 'visitors' : 'signed-in users';

  const toolbar = (
    <div className="pbd-list-toolbar" ref={inView}>
      <div className="pbd-tabs" role="group" aria-labelledby={ids.cohort}>
        <span id={ids.cohort} className="pbd-tabs-label">Cohorts by</span>
        {COHORTS.map((c) => (
          <button key={c.id} type="button" className="pbd-tab" data-retention-cohort={c.id} aria-pressed={c.id === cohort}
            onClick={() => setView({ retentionCohort: c.id === 'month' ? 'month' : undefined })}>
            {c.label}
          </button>
        ))}
      </div>
      <div className="pbd-tabs" role="group" aria-labelledby={ids.counted}>
        <span id={ids.counted} className="pbd-tabs-label">Count</span>
        {COUNTED.map((c) => (
          <button key={c.id} type="button" className="pbd-tab" data-retention-counted={c.id}
            aria-pressed={(c.id === 'visitors') === visitors}
            onClick={() => setView({ retentionVisitors: c.id === 'visitors' ? true : undefined })}>
            {c.label}
          </button>
        ))}
      </div>
    </div>
  );

  return (
    <Panel
      id="retention"
      title="Retention"
      state={seen ? panelState(query, isRetentionEmpty) : 'idle'}
      idleText="Cohorts load when this panel is scrolled into view."
      busy={query.isFetching}
      error={query.error}
      onRetry={() => void query.refetch()}
      toolbar={toolbar}
      // Retention scans every event since each user's first: on big data the answer takes seconds.
      loadingText={`Loading ${cohort === 'month' ? 'monthly' : 'weekly'} cohorts of ${who}… (counted from every event; this can take a few seconds)`}
      emptyText={`No ${who} first seen in this range`}
      actions={(
        <CsvButton
          subject={`retention by ${cohort}`}
          fileName={retentionFileName(cohort, visitors, dashboard.range)}
          load={() => dashboard.api.getCsv('/retention', params)}
        />
      )}
    >
      {view.pathPrefix ? (
        <p className="pbd-retention-note pbd-muted">The path filter does not apply here: any event counts as a return.</p>
      ) : null}
      {query.isFetching && data ? (
        <p className="pbd-retention-note pbd-muted" role="status">Updating… (this can take a few seconds)</p>
      ) : null}
      {data ? <RetentionTable answer={data} /> : null}
    </Panel>
  );
}

function RetentionTable({ answer }: { answer: Retention }) {
  const unit = answer.cohort === 'month' ? 'month' : 'week';
  const who = answer.counted === 'visitors' ? 'Visitors' : 'Users';
  // Wide on a phone (one column per period): it scrolls sideways in its own box (focusable, so keys scroll it).
  return (
    <div className="pbd-scroll-x" role="region" aria-label="Retention table" tabIndex={0}>
      <table className="pbd-table pbd-retention-table">
        <caption className="pbd-sr-only">
          {who} by the {unit} of their first event, and the percent and number of them active in that {unit} and each
          later one
        </caption>
        <thead>
          <tr>
            <th scope="col">Cohort</th>
            <th scope="col" className="pbd-num">{who}</th>
            {answer.periods.map((_, k) => <th key={k} scope="col">{periodLabel(answer.cohort, k)}</th>)}
          </tr>
        </thead>
        <tbody>
          {answer.cohorts.map((row, index) => (
            <tr key={row.period} data-cohort={row.period} data-size={row.size}>
              <th scope="row">{cohortLabel(answer.cohort, row.period)}</th>
              <td className="pbd-num" data-field="size">{formatNumber(row.size)}</td>
              {cohortCells(answer, index).map((cell, k) => (cell ? (
                <td key={k} className={`pbd-retention-cell pbd-heat-${shadeLevel(cell.percent) ?? 0}`}
                  data-k={k} data-value={cell.active} data-pct={cell.percent ?? ''}>
                  <span className="pbd-retention-pct">{formatPercent(cell.percent)}</span>
                  <span className="pbd-retention-count">{formatNumber(cell.active)}</span>
                </td>
              ) : <td key={k} data-k={k} data-empty="" />))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
