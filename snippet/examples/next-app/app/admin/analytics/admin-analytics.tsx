'use client';
import { AnalyticsDashboard } from '@paubox/tracking-dashboard';
import { useAccessToken } from '../admin-auth';

/** The CSM administrator's view, mounted like paubox-next mounts it (there with Auth0's getAccessTokenSilently). */
export function AdminAnalytics({ baseUrl }: { baseUrl: string }) {
  const getAccessToken = useAccessToken();
  return <AnalyticsDashboard baseUrl={baseUrl} getAccessToken={getAccessToken} />;
}
