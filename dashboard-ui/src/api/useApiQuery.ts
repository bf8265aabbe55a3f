// One cached query per panel and parameter set; panels never share a query, so one failing never blanks another.
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useDashboard } from '../DashboardContext';
import type { QueryParams } from './client';

export function useApiQuery<T>(endpoint: string, params: QueryParams, enabled = true): UseQueryResult<T> {
  const { api, apiKey } = useDashboard();
  return useQuery({
    queryKey: [apiKey, endpoint, params],
    queryFn: ({ signal }) => api.getJson<T>(endpoint, params, signal),
    enabled,
  });
}
