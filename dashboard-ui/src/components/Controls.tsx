// The controls row: period, custom dates, zone, interval, comparison. Every change goes to the URL.
import { useId, useMemo } from 'react';
import { useDashboard } from '../DashboardContext';
import { formatDate } from '../format';
import { PERIODS, PERIOD_LABELS, isIsoDate, previousRange, type Interval, type Period } from '../time/periods';

/**
 * `rangeOnly`: period, dates and zone only (the accounts list always compares with the previous period
 * and has no graph to bucket), with the previous period always named.
 */
export function Controls({ defaultZone, rangeOnly = false }: { defaultZone: string; rangeOnly?: boolean }) {
  const dashboard = useDashboard();
  const { view, setView, zone, range, interval } = dashboard;
  const previous = rangeOnly ? previousRange(range) : dashboard.previous;
  const ids = { period: useId(), from: useId(), to: useId(), tz: useId(), interval: useId(), compare: useId() };
  const zones = useMemo(() => timeZones([zone, defaultZone]), [zone, defaultZone]);

  function choosePeriod(period: Period): void {
    // A new period resets the interval to the one that fits it; "custom" starts from the range shown now.
    setView((v) => (period === 'custom'
      ? { ...v, period, from: range.from, to: range.to, interval: undefined }
      : { ...v, period, from: undefined, to: undefined, interval: undefined }));
  }

  function chooseDate(which: 'from' | 'to', value: string): void {
    if (!isIsoDate(value)) return;
    setView((v) => {
      let from = which === 'from' ? value : v.from ?? range.from;
      let to = which === 'to' ? value : v.to ?? range.to;
      if (from > to) {
        if (which === 'from') to = from;
        else from = to;
      }
      return { ...v, period: 'custom', from, to };
    });
  }

  return (
    <div className="pbd-controls">
      <div className="pbd-field">
        <label htmlFor={ids.period}>Period</label>
        <select id={ids.period} name="period" value={view.period} onChange={(e) => choosePeriod(e.target.value as Period)}>
          {PERIODS.map((p) => <option key={p} value={p}>{PERIOD_LABELS[p]}</option>)}
        </select>
      </div>
      {view.period === 'custom' ? (
        <>
          <div className="pbd-field">
            <label htmlFor={ids.from}>From</label>
            <input id={ids.from} type="date" name="from" value={range.from} max={range.to} required
              onChange={(e) => chooseDate('from', e.target.value)} />
          </div>
          <div className="pbd-field">
            <label htmlFor={ids.to}>To</label>
            <input id={ids.to} type="date" name="to" value={range.to} min={range.from} required
              onChange={(e) => chooseDate('to', e.target.value)} />
          </div>
        </>
      ) : null}
      <div className="pbd-field">
        <label htmlFor={ids.tz}>Time zone</label>
        <select id={ids.tz} name="tz" value={zone}
          onChange={(e) => setView({ tz: e.target.value === defaultZone ? undefined : e.target.value })}>
          {zones.map((z) => <option key={z} value={z}>{z === defaultZone ? `${z} (default)` : z}</option>)}
        </select>
      </div>
      {rangeOnly ? null : (
        <>
          <div className="pbd-field">
            <label htmlFor={ids.interval}>Interval</label>
            <select id={ids.interval} name="interval" value={interval}
              onChange={(e) => setView({ interval: e.target.value as Interval })}>
              <option value="hour">Hourly</option>
              <option value="day">Daily</option>
            </select>
          </div>
          <div className="pbd-field pbd-field-check">
            <input id={ids.compare} type="checkbox" name="compare" checked={view.compare}
              onChange={(e) => setView({ compare: e.target.checked })} />
            <label htmlFor={ids.compare}>Compare with previous period</label>
          </div>
        </>
      )}
      <p className="pbd-range" aria-live="polite">
        {formatDate(range.from)} – {formatDate(range.to)}
        {previous ? <span className="pbd-muted"> vs {formatDate(previous.from)} – {formatDate(previous.to)}</span> : null}
      </p>
    </div>
  );
}

/** Every zone the browser knows, with the current and default ones always present. */
function timeZones(required: string[]): string[] {
  const supported = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
  let zones: string[] = [];
  try {
    zones = supported ? supported('timeZone') : [];
  } catch {
    zones = [];
  }
  return Array.from(new Set([...zones, 'UTC', ...required])).sort();
}
