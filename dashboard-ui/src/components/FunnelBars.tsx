// A funnel's answer as horizontal bars, one per step, as wide as the step's conversion from the first step.
// Every figure is also text (the bar only repeats it), each carrying its API field and raw value for tests.
import type { FunnelReport, FunnelStepResult } from '../api/types';
import { stepLabel } from '../funnel';
import { formatDuration, formatNumber, formatPercent } from '../format';

const COUNTED_WORD = { sessions: 'sessions', users: 'users' } as const;

function raw(value: number | null): string {
  return value === null ? '' : String(value);
}

export function FunnelBars({ report }: { report: FunnelReport }) {
  const { counted, steps } = report;
  const other = counted === 'sessions' ? 'users' : 'sessions';
  const first = steps[0];
  const last = steps[steps.length - 1];
  return (
    <>
      <p className="pbd-funnel-summary">
        <strong>{formatPercent(last.conversion_from_first_pct)}</strong> of {COUNTED_WORD[counted]} that reached step 1
        reached step {steps.length} ({formatNumber(last[counted])} of {formatNumber(first[counted])}).
      </p>
      <ol className="pbd-funnel-bars" data-funnel="bars" aria-label="Funnel by step">
        {steps.map((step, index) => (
          <li key={`${index}:${step.step}`} className="pbd-funnel-row" data-step-index={index} data-step={step.step}>
            <div className="pbd-funnel-row-head">
              <span className="pbd-funnel-name">{index + 1}. {stepLabel(step.step)}</span>
              <span className="pbd-funnel-count">
                <span data-field={counted} data-value={step[counted]}>{formatNumber(step[counted])} {COUNTED_WORD[counted]}</span>
                {counted === 'sessions' ? (
                  <span className="pbd-muted" data-field={other} data-value={step[other]}> · {formatNumber(step[other])} {other}</span>
                ) : null}
              </span>
            </div>
            <div className="pbd-funnel-track" aria-hidden="true">
              <span className="pbd-funnel-bar" style={{ width: `${barWidth(step)}%` }} />
            </div>
            <dl className="pbd-funnel-figures">
              <div>
                <dt>Of step 1</dt>
                <dd data-field="conversion_from_first_pct" data-value={raw(step.conversion_from_first_pct)}>
                  {formatPercent(step.conversion_from_first_pct)}
                </dd>
              </div>
              {index > 0 ? (
                <>
                  <div>
                    <dt>Of previous step</dt>
                    <dd data-field="conversion_from_previous_pct" data-value={raw(step.conversion_from_previous_pct)}>
                      {formatPercent(step.conversion_from_previous_pct)}
                    </dd>
                  </div>
                  <div>
                    <dt>Dropped off</dt>
                    <dd>
                      <span data-field="drop_off" data-value={raw(step.drop_off)}>{formatNumber(step.drop_off)}</span>
                      {' ('}
                      <span data-field="drop_off_pct" data-value={raw(step.drop_off_pct)}>{formatPercent(step.drop_off_pct)}</span>
                      )
                    </dd>
                  </div>
                  <div>
                    <dt>Median time from previous</dt>
                    <dd data-field="median_time_from_previous_ms" data-value={raw(step.median_time_from_previous_ms)}>
                      {formatDuration(step.median_time_from_previous_ms)}
                    </dd>
                  </div>
                </>
              ) : null}
            </dl>
          </li>
        ))}
      </ol>
    </>
  );
}

/** The bar's width in percent: the conversion from the first step, within 0..100. */
export function barWidth(step: FunnelStepResult): number {
  const pct = step.conversion_from_first_pct ?? 0;
  return Math.min(100, Math.max(0, pct));
}
