import { describe, expect, it } from 'vitest';
import type { Retention } from '../../src/api/types';
import {
  SHADE_LEVELS, cohortCells, cohortLabel, isRetentionEmpty, periodLabel, retentionFileName, retentionParams, shadeLevel,
} from '../../src/retention';
import { DEFAULT_VIEW, parseViewState, serializeViewState } from '../../src/state/urlState';

const ANSWER: Retention = {
  cohort: 'week', counted: 'users', periods: ['2026-11-02', '2026-11-09', '2026-11-16'],
  cohorts: [
    { period: '2026-11-02', size: 120, active: [120, 64, 51], active_pct: [100.0, 53.3, 42.5] },
    { period: '2026-11-09', size: 0, active: [0, 0], active_pct: [null, null] },
    { period: '2026-11-16', size: 45, active: [45], active_pct: [100.0] },
  ],
};

describe('retention URL state', () => {
  it('weekly cohorts of signed-in users are the default and write nothing', () => {
    expect(parseViewState('')).toEqual(DEFAULT_VIEW);
    expect(serializeViewState(DEFAULT_VIEW, '')).toBe('');
  });

  it('round-trips retention_cohort=month and retention_visitors=1, keeping other parameters', () => {
    const view = { ...DEFAULT_VIEW, period: '90d' as const, retentionCohort: 'month' as const, retentionVisitors: true as const };
    const search = serializeViewState(view, '?tab=keep&retention_cohort=week');
    expect(search).toBe('?tab=keep&period=90d&retention_cohort=month&retention_visitors=1');
    expect(parseViewState(search)).toEqual(view);
    // back to the defaults: both leave the URL
    expect(serializeViewState(DEFAULT_VIEW, search)).toBe('?tab=keep');
  });

  it('ignores invalid values (the defaults apply)', () => {
    for (const search of ['?retention_cohort=day', '?retention_cohort=MONTH', '?retention_cohort=week',
      '?retention_visitors=true', '?retention_visitors=0', '?retention_visitors=']) {
      expect(parseViewState(search), search).toEqual(DEFAULT_VIEW);
    }
  });
});

describe('retention API parameters', () => {
  const range = { from: '2026-09-01', to: '2026-11-30', tz: 'America/New_York', customer_id: 777, surface: 'dashboard' };

  it('sends the range, zone and filters, and cohort/visitors only when not the default', () => {
    expect(retentionParams(range, 'week', false)).toEqual(range);
    expect(retentionParams(range, 'month', true)).toEqual({ ...range, cohort: 'month', visitors: 'true' });
  });

  it('never sends path_prefix (the service refuses it for retention)', () => {
    expect(retentionParams({ ...range, path_prefix: '/messages' }, 'week', false)).toEqual(range);
  });
});

describe('the shading scale', () => {
  it('is the percentage to the nearest tenth, 0 … 10, and null without a percentage', () => {
    expect(SHADE_LEVELS).toBe(10);
    expect([0, 4.9, 5, 14.9, 42.5, 53.3, 94.9, 95, 100].map(shadeLevel)).toEqual([0, 0, 1, 1, 4, 5, 9, 10, 10]);
    expect(shadeLevel(null)).toBeNull();
    expect(shadeLevel(undefined)).toBeNull();
    expect(shadeLevel(Number.NaN)).toBeNull();
  });

  it('clamps what is outside 0 … 100', () => {
    expect(shadeLevel(-3)).toBe(0);
    expect(shadeLevel(180)).toBe(10);
  });

  it('never decreases as the percentage grows', () => {
    let last = 0;
    for (let p = 0; p <= 100; p += 0.1) {
      const level = shadeLevel(p)!;
      expect(level).toBeGreaterThanOrEqual(last);
      last = level;
    }
  });
});

describe('the triangle', () => {
  it('gives every row periods.length cells: the answer, then empty ones past the range\'s end', () => {
    expect(cohortCells(ANSWER, 0)).toEqual([
      { k: 0, active: 120, percent: 100 }, { k: 1, active: 64, percent: 53.3 }, { k: 2, active: 51, percent: 42.5 }]);
    expect(cohortCells(ANSWER, 1)).toEqual([{ k: 0, active: 0, percent: null }, { k: 1, active: 0, percent: null }, null]);
    expect(cohortCells(ANSWER, 2)).toEqual([{ k: 0, active: 45, percent: 100 }, null, null]);
  });

  it('is empty only when no cohort has a user', () => {
    expect(isRetentionEmpty(ANSWER)).toBe(false);
    expect(isRetentionEmpty({ ...ANSWER, cohorts: [ANSWER.cohorts[1]] })).toBe(true);
    expect(isRetentionEmpty({ ...ANSWER, periods: [], cohorts: [] })).toBe(true);
  });

  it('labels columns and rows by the cohort period', () => {
    expect(periodLabel('week', 0)).toBe('Week 0');
    expect(periodLabel('month', 3)).toBe('Month 3');
    expect(cohortLabel('week', '2026-11-02')).toBe('Nov 2, 2026');
    expect(cohortLabel('month', '2026-11-01')).toBe('Nov 2026');
    expect(cohortLabel('month', '2027-01-01')).toBe('Jan 2027');
  });

  it('names the CSV file by cohort, what is counted and the range', () => {
    const range = { from: '2026-11-01', to: '2026-11-30' };
    expect(retentionFileName('week', false, range)).toBe('retention-week-users-2026-11-01-to-2026-11-30.csv');
    expect(retentionFileName('month', true, range)).toBe('retention-month-visitors-2026-11-01-to-2026-11-30.csv');
  });
});
