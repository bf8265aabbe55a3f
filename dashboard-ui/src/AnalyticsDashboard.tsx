// The exported client component: a private QueryClient (the host needs no provider), the view state
// from the URL, and the panels.
import { QueryClient, QueryClientProvider, keepPreviousData } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { createApiClient } from './api/client';
import { shouldRetry } from './api/errors';
import { useAnalyticsForbidden, useAuditAccess } from './api/useAuditAccess';
import { AccountsTab } from './components/AccountsTab';
import { Controls } from './components/Controls';
import { FilterChips } from './components/FilterChips';
import { ViewTabs, type Section } from './components/ViewTabs';
import { DashboardContext, type Dashboard } from './DashboardContext';
import { AccessLogPanel } from './panels/AccessLogPanel';
import { ClicksPanel } from './panels/ClicksPanel';
import { CustomersPanel } from './panels/CustomersPanel';
import { ErasurePanel } from './panels/ErasurePanel';
import { FunnelPanel } from './panels/FunnelPanel';
import { LoginsPanel } from './panels/LoginsPanel';
import { OverviewPanel } from './panels/OverviewPanel';
import { PagesPanel } from './panels/PagesPanel';
import { RetentionPanel } from './panels/RetentionPanel';
import { SessionsPanel } from './panels/SessionsPanel';
import { TimeseriesPanel } from './panels/TimeseriesPanel';
import { useUrlState } from './state/useUrlState';
import { STYLES } from './styles';
import {
  browserTimeZone, defaultInterval, isTimeZone, previousRange, resolveRange, todayIn,
} from './time/periods';

export interface AnalyticsDashboardProps {
  /** Origin of the dashboard service, e.g. "http://localhost:8082". The view calls no other host. */
  baseUrl: string;
  /** Returns a current access token (audience paubox-tracking-dashboard); called for every request. */
  getAccessToken: () => Promise<string>;
  /** Locks the view to one Paubox customer: its filter cannot be removed. */
  customerId?: number;
  /** Default IANA zone when the URL names none; the browser's zone if absent. */
  timeZone?: string;
}

function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        placeholderData: keepPreviousData, // the previous answer stays on screen while the next one loads
        retry: shouldRetry,
        retryDelay: 400,
        staleTime: 30_000,
        refetchOnWindowFocus: false,
      },
    },
  });
}

export function AnalyticsDashboard(props: AnalyticsDashboardProps) {
  const [queryClient] = useState(createQueryClient);
  // Rendered only in the browser: the URL, the zone and "today" are the browser's, and this avoids
  // a server-rendered markup that could not match them.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return (
    <QueryClientProvider client={queryClient}>
      {mounted ? <DashboardView {...props} /> : <div className="pbd-root" data-pbd-loading="" />}
    </QueryClientProvider>
  );
}

function DashboardView({ baseUrl, getAccessToken, customerId, timeZone }: AnalyticsDashboardProps) {
  const titleId = useId();
  const tabsId = useId();
  // Hosts often pass a new function on every render; the client reads the latest one per request.
  const tokenSource = useRef(getAccessToken);
  tokenSource.current = getAccessToken;
  const api = useMemo(() => createApiClient(baseUrl, () => tokenSource.current()), [baseUrl]);

  const [view, setView] = useUrlState();
  const defaultZone = timeZone && isTimeZone(timeZone) ? timeZone : browserTimeZone();
  const zone = view.tz ?? defaultZone;
  const today = todayIn(zone, new Date());
  const range = resolveRange(view.period, today, view.from && view.to ? { from: view.from, to: view.to } : undefined);
  const rangeKey = `${range.from}/${range.to}`;

  const dashboard = useMemo<Dashboard>(() => {
    const lockedCustomerId = customerId != null && customerId > 0 ? customerId : undefined;
    return {
      api,
      apiKey: baseUrl,
      view,
      setView,
      zone,
      range,
      previous: view.compare ? previousRange(range) : null,
      interval: view.interval ?? defaultInterval(range),
      filters: {
        customer_id: lockedCustomerId ?? view.customerId,
        surface: view.surface,
        path_prefix: view.pathPrefix,
      },
      lockedCustomerId,
    };
    // range is rebuilt every render; rangeKey is its identity
  }, [api, baseUrl, view, setView, zone, rangeKey, customerId]);

  // The "Access log" tab exists only for holders of the auditor role. Without `view` in the URL an auditor
  // whom the analytics refuse (403) lands on the access log, until they pick a tab themselves.
  const access = useAuditAccess(api, baseUrl);
  const [tabChosen, setTabChosen] = useState(false);
  const mayDefaultToLog = access === 'granted' && !view.section && !tabChosen;
  const analyticsForbidden = useAnalyticsForbidden(dashboard, mayDefaultToLog);
  const wantsLog = view.section === 'access-log' || (mayDefaultToLog && analyticsForbidden);
  const section: Section = access === 'granted' && wantsLog ? 'access-log'
    : view.section === 'accounts' ? 'accounts' : 'analytics';
  const tabs: Section[] = access === 'granted' ? ['analytics', 'accounts', 'access-log'] : ['analytics', 'accounts'];
  // The host's lock wins over an account in the URL.
  const openAccount = section === 'accounts' && view.account != null ? dashboard.lockedCustomerId ?? view.account : undefined;

  function selectSection(next: Section): void {
    setTabChosen(true);
    setView({ section: next === 'analytics' ? undefined : next, account: undefined });
  }

  let content;
  let title = section === 'access-log' ? 'Access log' : section === 'accounts' ? 'Accounts' : 'Analytics';
  if (view.section === 'access-log' && access === 'pending') {
    content = <p className="pbd-status" role="status">Loading…</p>;
  } else if (section === 'access-log') {
    content = <div className="pbd-main"><AccessLogPanel /></div>;
  } else if (section === 'accounts') {
    if (openAccount != null) title = `Account: customer ${openAccount}`;
    content = <AccountsTab openAccount={openAccount} defaultZone={defaultZone} />;
  } else {
    content = (
      <>
        <Controls defaultZone={defaultZone} />
        <FilterChips />
        <div className="pbd-main">
          <OverviewPanel />
          <TimeseriesPanel />
          <div className="pbd-grid">
            <PagesPanel />
            <ClicksPanel />
            <LoginsPanel />
            <CustomersPanel />
            <SessionsPanel />
          </div>
          <FunnelPanel />
          <RetentionPanel />
          <ErasurePanel />
        </div>
      </>
    );
  }

  return (
    <DashboardContext.Provider value={dashboard}>
      <section className="pbd-root" aria-labelledby={titleId}>
        <style>{STYLES}</style>
        <div className="pbd-header">
          <h2 id={titleId} className="pbd-title">{title}</h2>
          <span className="pbd-muted">Time zone: {zone}</span>
        </div>
        <ViewTabs tabs={tabs} current={section} onSelect={selectSection} panelId={`${tabsId}-panel`} idPrefix={tabsId} />
        <div id={`${tabsId}-panel`} role="tabpanel" aria-labelledby={`${tabsId}-${section}`} className="pbd-tab-panel">
          {content}
        </div>
      </section>
    </DashboardContext.Provider>
  );
}
