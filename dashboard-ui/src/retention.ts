// The Retention panel's pure parts: its API parameters, the cell shading scale, the column labels, the
// triangle's cells and the CSV file name. No React, no DOM, so unit tests cover them directly.
import type { QueryParams } from './api/client';
import type { CohortPeriod, Retention } from './api/types';
import { formatDate } from './format';

/** Shading steps above "no shade": level = the percentage rounded to the nearest 10 %. */
export const SHADE_LEVELS = 10;

/** A cell's shade, 0 (0–4.9 %) to 10 (95–100 %); null for a cohort without users (no percentage). */
export function shadeLevel(percent: number | null | undefined): number | null {
  if (percent == null || !Number.isFinite(percent)) return null;
  const clamped = Math.min(100, Math.max(0, percent));
  return Math.round((clamped / 100) * SHADE_LEVELS);
}

/**
 * /retention's parameters: the view's range, zone and filters without `path_prefix` (the service refuses it:
 * a user's return is not about one page), `cohort` and `visitors` only when not the default.
 */
export function retentionParams(rangeParams: QueryParams, cohort: CohortPeriod, visitors: boolean): QueryParams {
  const { path_prefix: _ignored, ...params } = rangeParams;
  return {
    ...params,
    ...(cohort === 'month' ? { cohort: 'month' } : {}),
    ...(visitors ? { visitors: 'true' } : {}),
  };
}

/** "Week 0", "Month 3": the column for a cohort's own period + k. */
export function periodLabel(cohort: CohortPeriod, k: number): string {
  return `${cohort === 'month' ? 'Month' : 'Week'} ${k}`;
}

/** A cohort's row header: its week's Monday ("Nov 2, 2026") or its month ("Nov 2026"). */
export function cohortLabel(cohort: CohortPeriod, period: string): string {
  if (cohort === 'week') return formatDate(period);
  const m = /^(\d{4})-(\d{2})-\d{2}$/.exec(period);
  if (!m) return period;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1))
    .toLocaleDateString('en-US', { timeZone: 'UTC', month: 'short', year: 'numeric' });
}

export interface RetentionCell {
  k: number;
  active: number;
  /** null when the cohort has no users. */
  percent: number | null;
}

/**
 * One row's cells, `periods.length` wide: the cohort's answer, then `null` for the periods after the range's
 * end (the empty part of the triangle).
 */
export function cohortCells(answer: Retention, index: number): Array<RetentionCell | null> {
  const cohort = answer.cohorts[index];
  return answer.periods.map((_, k) => (k < cohort.active.length
    ? { k, active: cohort.active[k], percent: cohort.active_pct[k] ?? null }
    : null));
}

/** Nothing to show: no cohort has a user (everyone active was first seen before the range, or no one was). */
export function isRetentionEmpty(answer: Retention): boolean {
  return answer.cohorts.every((cohort) => cohort.size === 0);
}

/** `retention-<week|month>-<users|visitors>-<from>-to-<to>.csv` */
export function retentionFileName(cohort: CohortPeriod, visitors: boolean, range: { from: string; to: string }): string {
  return `retention-${cohort}-${visitors ? 'visitors' : 'users'}-${range.from}-to-${range.to}.csv`;
}
