// What every panel needs: the API client, the view from the URL and what follows from it
// (zone, date range, comparison range, interval and filters as API parameters).
import { createContext, useContext } from 'react';
import type { ApiClient, QueryParams } from './api/client';
import type { ViewUpdate } from './state/useUrlState';
import type { ViewState } from './state/urlState';
import type { DateRange, Interval } from './time/periods';

export interface Dashboard {
  api: ApiClient;
  /** Distinguishes cached answers of different services (baseUrl). */
  apiKey: string;
  view: ViewState;
  setView: (update: ViewUpdate) => void;
  zone: string;
  range: DateRange;
  /** Null when comparison is off. */
  previous: DateRange | null;
  interval: Interval;
  /** customer_id / surface / path_prefix as sent to the API (the locked customer wins). */
  filters: QueryParams;
  /** Set when the host locked the view to one customer. */
  lockedCustomerId?: number;
}

export const DashboardContext = createContext<Dashboard | null>(null);

export function useDashboard(): Dashboard {
  const dashboard = useContext(DashboardContext);
  if (!dashboard) throw new Error('useDashboard outside AnalyticsDashboard');
  return dashboard;
}

/** API parameters for a range with the current zone and filters. */
export function rangeParams(dashboard: Dashboard, range: DateRange): QueryParams {
  return { from: range.from, to: range.to, tz: dashboard.zone, ...dashboard.filters };
}

/** The same view locked to one customer, as the host's `customerId` prop locks it (an opened account). */
export function lockToCustomer(dashboard: Dashboard, customerId: number): Dashboard {
  return { ...dashboard, lockedCustomerId: customerId, filters: { ...dashboard.filters, customer_id: customerId } };
}
