// The points of one graph metric. The login success rate has no series of its own: it is
// successes / (successes + failures) per bucket, from the two series the API has.
import { useMemo } from 'react';
import type { QueryParams } from './client';
import type { Timeseries } from './types';
import { useApiQuery } from './useApiQuery';
import { successRate } from '../format';
import type { Metric } from '../metrics';
import type { Interval } from '../time/periods';

export interface SeriesPoint {
  t: string;
  value: number | null;
}

export interface SeriesResult {
  status: 'pending' | 'error' | 'success';
  points?: SeriesPoint[];
  error: unknown;
  isFetching: boolean;
  refetch: () => void;
}

export function useSeries(metric: Metric, params: QueryParams, interval: Interval, enabled: boolean): SeriesResult {
  const isRate = metric === 'login_success_rate';
  const first = useApiQuery<Timeseries>(
    '/timeseries', { ...params, metric: isRate ? 'login_successes' : metric, interval }, enabled,
  );
  const second = useApiQuery<Timeseries>(
    '/timeseries', { ...params, metric: 'login_failures', interval }, enabled && isRate,
  );
  const queries = isRate ? [first, second] : [first];
  const failed = queries.find((q) => q.status === 'error');
  const status = failed ? 'error' : queries.some((q) => q.data === undefined) ? 'pending' : 'success';
  const firstPoints = first.data?.points;
  const secondPoints = second.data?.points;
  const points = useMemo(() => {
    if (!firstPoints) return undefined;
    if (!isRate) return firstPoints;
    return secondPoints ? combineRate(firstPoints, secondPoints) : undefined;
  }, [isRate, firstPoints, secondPoints]);
  return {
    status,
    points: status === 'success' ? points : undefined,
    error: failed?.error ?? null,
    isFetching: queries.some((q) => q.isFetching),
    refetch: () => queries.forEach((q) => void q.refetch()),
  };
}

function combineRate(successes: SeriesPoint[], failures: SeriesPoint[]): SeriesPoint[] {
  return successes.map((point, i) => ({
    t: point.t,
    value: successRate(point.value ?? 0, failures[i]?.value ?? 0),
  }));
}
