// Display formatting. Fixed to en-US: the view's words are English, and fixed output keeps tests exact.
const LOCALE = 'en-US';

const integer = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 2 });

/** Shown where a value does not exist (an average over nothing, a change from zero). */
export const NO_VALUE = '–';

/** 1520 → "1,520"; non-integers keep up to two decimals (2.41). */
export function formatNumber(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return NO_VALUE;
  return Number.isInteger(value) ? integer.format(value) : decimal.format(value);
}

/** Milliseconds → "42s", "1m 05s", "2h 03m"; null → "–". Rounded to whole seconds. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return NO_VALUE;
  const totalSeconds = Math.round(Math.max(0, ms) / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours}h ${pad2(minutes)}m`;
  if (minutes > 0) return `${minutes}m ${pad2(seconds)}s`;
  return `${seconds}s`;
}

/** A 0..1 rate → "93.0%"; null → "–". */
export function formatRate(rate: number | null | undefined): string {
  if (rate == null || !Number.isFinite(rate)) return NO_VALUE;
  return `${(rate * 100).toFixed(1)}%`;
}

/** successes / (successes + failures); null when there were no logins. */
export function successRate(successes: number, failures: number): number | null {
  const total = successes + failures;
  return total > 0 ? successes / total : null;
}

/** Relative change; null when the previous value is missing or zero (no meaningful percentage). */
export function percentChange(current: number | null | undefined, previous: number | null | undefined): number | null {
  if (current == null || previous == null || !Number.isFinite(current) || !Number.isFinite(previous)) return null;
  if (previous === 0) return null;
  return (current - previous) / Math.abs(previous);
}

export type Direction = 'up' | 'down' | 'flat';

export interface FormattedChange {
  direction: Direction;
  /** ▲ / ▼ / ▬ : the change is never told by colour alone. */
  arrow: string;
  /** "+12.5%", "-3.0%", "0.0%" */
  text: string;
  /** For screen readers: "up 12.5% vs previous period". */
  label: string;
}

/** A relative change (0.125) → arrow, signed percent with one decimal and a spoken label. */
export function formatChange(change: number | null): FormattedChange | null {
  if (change == null || !Number.isFinite(change)) return null;
  const percent = Math.round(change * 1000) / 10; // one decimal, so -0.04 % reads as flat
  const direction: Direction = percent > 0 ? 'up' : percent < 0 ? 'down' : 'flat';
  const magnitude = Math.abs(percent).toFixed(1);
  const text = direction === 'up' ? `+${magnitude}%` : direction === 'down' ? `-${magnitude}%` : `${magnitude}%`;
  const arrow = direction === 'up' ? '▲' : direction === 'down' ? '▼' : '▬';
  const spoken = direction === 'flat' ? 'unchanged' : `${direction} ${magnitude}%`;
  return { direction, arrow, text, label: `${spoken} vs previous period` };
}

/** A percentage the API already computed (86.5, one decimal) → "86.5%"; null → "–". */
export function formatPercent(percent: number | null | undefined): string {
  if (percent == null || !Number.isFinite(percent)) return NO_VALUE;
  return `${percent.toFixed(1)}%`;
}

/**
 * A change the API gives in percent (`active_users_change_pct`: -28.8) → the same arrow and text as a
 * stat card's change. Null (no active user in the previous period) stays null: there is no percentage.
 */
export function formatPercentChange(percent: number | null | undefined): FormattedChange | null {
  if (percent == null || !Number.isFinite(percent)) return null;
  return formatChange(percent / 100);
}

/** ISO date "2026-11-01" → "Nov 1, 2026" (a calendar day, so formatted in UTC to stay that day). */
export function formatDate(isoDate: string): string {
  const date = civilDate(isoDate);
  if (!date) return isoDate;
  return date.toLocaleDateString(LOCALE, { timeZone: 'UTC', month: 'short', day: 'numeric', year: 'numeric' });
}

/**
 * A bucket start from the API ("2026-11-01T13:00:00-05:00") → "Nov 1" (day) or "Nov 1, 13:00" (hour).
 * The API writes the zone's wall-clock time with its offset, so the digits are already local to the view's zone.
 */
export function formatBucket(t: string, interval: 'hour' | 'day'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(t);
  if (!m) return t;
  const day = civilDate(`${m[1]}-${m[2]}-${m[3]}`);
  if (!day) return t;
  const label = day.toLocaleDateString(LOCALE, { timeZone: 'UTC', month: 'short', day: 'numeric' });
  return interval === 'hour' ? `${label}, ${m[4]}:${m[5]}` : label;
}

/** An instant ("2026-11-29T14:10:00Z") → "Nov 29, 09:10" in the given zone. */
export function formatInstant(instant: string, timeZone: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  return date.toLocaleString(LOCALE, {
    timeZone, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  });
}

/** An instant → "2026-11-30 08:02:11" (wall clock in the given zone, to the second: a log's time). */
export function formatTimestamp(instant: string, timeZone: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  const parts = new Intl.DateTimeFormat(LOCALE, {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(date);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

function civilDate(isoDate: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return null;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
