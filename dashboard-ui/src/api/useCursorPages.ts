// A cursor-paged list endpoint (/accounts, /accounts/{id}/users) as one infinite query: the first page,
// then each "More" appends the page the previous one's `next` names.
import { useInfiniteQuery } from '@tanstack/react-query';
import type { QueryParams } from './client';
import { useDashboard } from '../DashboardContext';

export interface CursorPage<T> {
  rows: T[];
  next: string | null;
}

export function useCursorPages<P extends CursorPage<unknown>>(endpoint: string, params: QueryParams, pageSize: number) {
  const { api, apiKey } = useDashboard();
  return useInfiniteQuery({
    // under the [apiKey] prefix, so an erasure refreshes these lists too; 'pages' keeps them apart from useApiQuery's
    queryKey: [apiKey, endpoint, 'pages', params, pageSize],
    queryFn: ({ pageParam, signal }) => api.getJson<P>(endpoint, { ...params, limit: pageSize, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
}
