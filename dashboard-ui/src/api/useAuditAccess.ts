// Whether the signed-in user may read the audit trail (the "Access log" tab), and whether the analytics
// refuse them: a security officer without super_admin gets the access log by default.
import { useQuery } from '@tanstack/react-query';
import { ApiError, type ApiClient } from './client';
import type { Overview } from './types';
import { rangeParams, type Dashboard } from '../DashboardContext';

export type AuditAccess = 'pending' | 'granted' | 'denied';

/**
 * One `GET /api/admin/audit?limit=1` per mount (the QueryClient is the view's own): 200 shows the tab;
 * 401, 403 and any other failure hide it without a message, since most administrators lack the role.
 */
export function useAuditAccess(api: ApiClient, apiKey: string): AuditAccess {
  const probe = useQuery({
    queryKey: ['audit-probe', apiKey], // outside the [apiKey] prefix that the erasure invalidates
    queryFn: ({ signal }) => api.readAudit({ limit: 1 }, signal),
    retry: false,
    staleTime: Infinity,
    gcTime: Infinity,
    placeholderData: undefined,
  });
  if (probe.status === 'success') return 'granted';
  return probe.status === 'error' ? 'denied' : 'pending';
}

/** True once the overview answered 403. The same query (same key) as the overview panel's: no extra request. */
export function useAnalyticsForbidden(dashboard: Dashboard, enabled: boolean): boolean {
  const params = rangeParams(dashboard, dashboard.range);
  const overview = useQuery({
    queryKey: [dashboard.apiKey, '/overview', params],
    queryFn: ({ signal }) => dashboard.api.getJson<Overview>('/overview', params, signal),
    enabled,
  });
  return overview.error instanceof ApiError && overview.error.status === 403;
}
