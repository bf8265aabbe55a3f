import { connection } from 'next/server';
import { AdminAnalytics } from './admin-analytics';

export const metadata = { title: 'Analytics · Paubox Tracking example' };

/** Reads the dashboard service's origin at request time: PAUBOX_DASHBOARD_URL=http://localhost:8082 */
export default async function AnalyticsPage() {
  await connection();
  return <AdminAnalytics baseUrl={process.env.PAUBOX_DASHBOARD_URL || 'http://localhost:8082'} />;
}
