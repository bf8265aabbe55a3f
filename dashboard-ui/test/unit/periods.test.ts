import { describe, expect, it } from 'vitest';
import {
  addDays, dayCount, defaultInterval, isIsoDate, previousRange, resolveRange, todayIn,
} from '../../src/time/periods';

describe('today in a zone', () => {
  it('New York is still the day before shortly after midnight UTC, across the DST change of Nov 1', () => {
    // 2026-11-01 03:30Z = Oct 31 23:30 EDT (UTC-4)
    expect(todayIn('America/New_York', new Date('2026-11-01T03:30:00Z'))).toBe('2026-10-31');
    // 2026-11-01 04:30Z = Nov 1 00:30 EDT
    expect(todayIn('America/New_York', new Date('2026-11-01T04:30:00Z'))).toBe('2026-11-01');
    // after the change (EST, UTC-5): 2026-11-02 04:30Z = Nov 1 23:30 EST
    expect(todayIn('America/New_York', new Date('2026-11-02T04:30:00Z'))).toBe('2026-11-01');
  });

  it('Kolkata (UTC+5:30) turns the day at 18:30Z', () => {
    expect(todayIn('Asia/Kolkata', new Date('2026-11-30T18:29:00Z'))).toBe('2026-11-30');
    expect(todayIn('Asia/Kolkata', new Date('2026-11-30T18:30:00Z'))).toBe('2026-12-01');
    expect(todayIn('UTC', new Date('2026-11-30T18:30:00Z'))).toBe('2026-11-30');
  });
});

describe('presets', () => {
  const today = '2026-11-30';
  it('resolve to inclusive day ranges ending today', () => {
    expect(resolveRange('today', today)).toEqual({ from: '2026-11-30', to: '2026-11-30' });
    expect(resolveRange('yesterday', today)).toEqual({ from: '2026-11-29', to: '2026-11-29' });
    expect(resolveRange('7d', today)).toEqual({ from: '2026-11-24', to: '2026-11-30' });
    expect(resolveRange('30d', today)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(resolveRange('90d', today)).toEqual({ from: '2026-09-02', to: '2026-11-30' });
    expect(resolveRange('mtd', today)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(resolveRange('lastmonth', today)).toEqual({ from: '2026-10-01', to: '2026-10-31' });
  });

  it('cross month and year boundaries', () => {
    expect(resolveRange('7d', '2026-03-03')).toEqual({ from: '2026-02-25', to: '2026-03-03' });
    expect(resolveRange('yesterday', '2027-01-01')).toEqual({ from: '2026-12-31', to: '2026-12-31' });
    expect(resolveRange('lastmonth', '2026-03-15')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(resolveRange('lastmonth', '2028-03-01')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(resolveRange('lastmonth', '2027-01-10')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(resolveRange('mtd', '2026-12-01')).toEqual({ from: '2026-12-01', to: '2026-12-01' });
  });

  it('custom keeps valid dates and falls back to 30 days otherwise', () => {
    expect(resolveRange('custom', today, { from: '2026-10-30', to: '2026-11-02' }))
      .toEqual({ from: '2026-10-30', to: '2026-11-02' });
    expect(resolveRange('custom', today, { from: '2026-11-02', to: '2026-10-30' }))
      .toEqual({ from: '2026-11-01', to: '2026-11-30' });
  });
});

describe('previous period', () => {
  it('is the same number of days immediately before', () => {
    expect(previousRange({ from: '2026-11-01', to: '2026-11-30' })).toEqual({ from: '2026-10-02', to: '2026-10-31' });
    expect(previousRange({ from: '2026-11-30', to: '2026-11-30' })).toEqual({ from: '2026-11-29', to: '2026-11-29' });
    expect(previousRange({ from: '2026-11-24', to: '2026-11-30' })).toEqual({ from: '2026-11-17', to: '2026-11-23' });
  });

  it('of last month (31 days) is the 31 days before, not the calendar month', () => {
    const october = resolveRange('lastmonth', '2026-11-30');
    expect(previousRange(october)).toEqual({ from: '2026-08-31', to: '2026-09-30' });
    expect(dayCount(previousRange(october))).toBe(31);
  });

  it('crosses February in a leap year and a year boundary', () => {
    expect(previousRange({ from: '2028-03-01', to: '2028-03-31' })).toEqual({ from: '2028-01-30', to: '2028-02-29' });
    expect(previousRange({ from: '2027-01-01', to: '2027-01-07' })).toEqual({ from: '2026-12-25', to: '2026-12-31' });
  });

  it('is computed in calendar days, so a DST change inside the range does not shift it', () => {
    // New York: Nov 1 2026 has 25 hours; the API handles the hours, the days stay whole
    const range = resolveRange('7d', todayIn('America/New_York', new Date('2026-11-03T12:00:00Z')));
    expect(range).toEqual({ from: '2026-10-28', to: '2026-11-03' });
    expect(previousRange(range)).toEqual({ from: '2026-10-21', to: '2026-10-27' });
    // Kolkata at 20:00Z is already the next day
    const kolkata = resolveRange('today', todayIn('Asia/Kolkata', new Date('2026-11-30T20:00:00Z')));
    expect(kolkata).toEqual({ from: '2026-12-01', to: '2026-12-01' });
    expect(previousRange(kolkata)).toEqual({ from: '2026-11-30', to: '2026-11-30' });
  });
});

describe('helpers', () => {
  it('count days inclusively and add days across boundaries', () => {
    expect(dayCount({ from: '2026-11-01', to: '2026-11-30' })).toBe(30);
    expect(dayCount({ from: '2026-11-01', to: '2026-11-01' })).toBe(1);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });

  it('chooses hours for up to two days, days beyond', () => {
    expect(defaultInterval({ from: '2026-11-30', to: '2026-11-30' })).toBe('hour');
    expect(defaultInterval({ from: '2026-11-29', to: '2026-11-30' })).toBe('hour');
    expect(defaultInterval({ from: '2026-11-28', to: '2026-11-30' })).toBe('day');
  });

  it('validates ISO dates', () => {
    expect(isIsoDate('2026-11-30')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-1-3')).toBe(false);
  });
});
