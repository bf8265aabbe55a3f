// Date ranges of the presets. Everything is in calendar days (ISO "YYYY-MM-DD") local to the view's zone:
// the API takes local days and does the zone arithmetic (DST, half-hour offsets) itself, so the only
// zone-dependent step here is "which day is today in that zone".

export const PERIODS = ['today', 'yesterday', '7d', '30d', '90d', 'mtd', 'lastmonth', 'custom'] as const;
export type Period = (typeof PERIODS)[number];
export type Interval = 'hour' | 'day';

export interface DateRange {
  from: string;
  to: string;
}

export const PERIOD_LABELS: Record<Period, string> = {
  today: 'Today',
  yesterday: 'Yesterday',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  mtd: 'Month to date',
  lastmonth: 'Last month',
  custom: 'Custom range',
};

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** True for a real calendar date written as YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** True for a zone name this browser knows (IANA, e.g. "America/New_York"). */
export function isTimeZone(zone: string): boolean {
  if (!zone || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The browser's zone, UTC if it cannot tell. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** The calendar day it is at `now` in `zone`. */
export function todayIn(zone: string, now: Date): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit',
  }).formatToParts(now);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export function addDays(isoDate: string, days: number): string {
  return fromEpochDay(toEpochDay(isoDate) + days);
}

/** Days in [from, to], both inclusive. */
export function dayCount(range: DateRange): number {
  return toEpochDay(range.to) - toEpochDay(range.from) + 1;
}

/** The range a period covers on the day `today`; `custom` uses the given from/to. */
export function resolveRange(period: Period, today: string, custom?: DateRange): DateRange {
  switch (period) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday': {
      const day = addDays(today, -1);
      return { from: day, to: day };
    }
    case '7d':
      return { from: addDays(today, -6), to: today };
    case '30d':
      return { from: addDays(today, -29), to: today };
    case '90d':
      return { from: addDays(today, -89), to: today };
    case 'mtd':
      return { from: `${today.slice(0, 8)}01`, to: today };
    case 'lastmonth': {
      const to = addDays(`${today.slice(0, 8)}01`, -1);
      return { from: `${to.slice(0, 8)}01`, to };
    }
    case 'custom':
      if (custom && isIsoDate(custom.from) && isIsoDate(custom.to) && custom.from <= custom.to) return custom;
      return resolveRange('30d', today);
  }
}

/** The same number of days immediately before the range (the comparison period). */
export function previousRange(range: DateRange): DateRange {
  const days = dayCount(range);
  const to = addDays(range.from, -1);
  return { from: addDays(to, -(days - 1)), to };
}

/** Hours for ranges of at most two days, days otherwise. */
export function defaultInterval(range: DateRange): Interval {
  return dayCount(range) <= 2 ? 'hour' : 'day';
}

function toEpochDay(isoDate: string): number {
  const m = ISO_DATE.exec(isoDate);
  if (!m) throw new RangeError(`not an ISO date: ${isoDate}`);
  return Math.round(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS);
}

function fromEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
