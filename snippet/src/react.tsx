'use client';
import { createElement, Fragment, useEffect, useRef, type ReactNode } from 'react';
// '.js': Next.js loads this file with Node's ESM resolver on the server, and next has no exports map.
import { usePathname } from 'next/navigation.js';
import { init, setIdentityToken, setUser, trackPageView, type TrackerConfig } from '@paubox/tracking';
import { isValidEvent } from '@paubox/tracking/validate';

/** The part of the Pages Router's `router.events` the provider uses. */
export interface RouterEventsLike {
  on(type: 'routeChangeComplete', handler: (url: string) => void): void;
  off(type: 'routeChangeComplete', handler: (url: string) => void): void;
}

export interface PauboxAnalyticsProviderProps extends Omit<TrackerConfig, 'history' | 'initialPageView' | 'userSub' | 'customerId'> {
  /** Auth0 `sub` of the signed-in user (`useAuth0().user?.sub`), or null. */
  userSub?: string | null;
  /** Paubox customer id (`useCustomer().id`), or null. */
  customerId?: number | string | null;
  /**
   * Your server's signed identity assertion for this user (compact JWS), when you already have one;
   * a new value replaces it. Memory only.
   */
  identityToken?: string | null;
  /**
   * Fetches a new assertion from your server, e.g. `() => fetch('/api/tracking-identity').then((r) => (r.ok ? r.text() : null))`.
   * Called before the current one expires (60 s early) and when there is none and a signed-in user's
   * events are due; the latest function passed is used.
   */
  getIdentityToken?: TrackerConfig['getIdentityToken'];
  /** Pages Router: pass `useRouter().events`. Without it route changes come from `usePathname()` (App Router). */
  routerEvents?: RouterEventsLike;
  children?: ReactNode;
}

/**
 * Starts tracking once (config from the first render; events are checked against the contract with
 * isValidEvent unless `validate` says otherwise), keeps the signed-in identity and its assertion
 * current and reports a page view per route change: App Router via usePathname(), Pages Router via
 * router.events. Renders its children only.
 */
export function PauboxAnalyticsProvider(props: PauboxAnalyticsProviderProps): ReactNode {
  const { children, userSub, customerId, identityToken, getIdentityToken, routerEvents, ...config } = props;
  const pathname = usePathname();
  // The tracker keeps the config of the first render: it calls the latest getIdentityToken through this.
  const getToken = useRef(getIdentityToken);

  // Started during the first client render (init is idempotent), not in an effect, so the click
  // listener is in place before the user can click on the hydrated page.
  if (typeof window == 'object') {
    init({ validate: isValidEvent, ...config, userSub, customerId, identityToken, getIdentityToken: () => getToken.current?.(), history: false, initialPageView: false });
  }

  useEffect(() => {
    getToken.current = getIdentityToken;
  }, [getIdentityToken]);
  // In this order: a new user drops the old assertion, then the one given for the new user is set.
  useEffect(() => setUser(userSub, customerId), [userSub, customerId]);
  useEffect(() => setIdentityToken(identityToken), [identityToken]);

  useEffect(() => {
    if (!routerEvents && pathname) trackPageView(pathname);
  }, [routerEvents, pathname]);

  useEffect(() => {
    if (!routerEvents) return;
    trackPageView();
    routerEvents.on('routeChangeComplete', trackPageView);
    return () => routerEvents.off('routeChangeComplete', trackPageView);
  }, [routerEvents]);

  return createElement(Fragment, null, children);
}

export default PauboxAnalyticsProvider;
