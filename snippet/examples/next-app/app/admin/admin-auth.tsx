'use client';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { AuthProvider, hasAuthParams, useAuth } from 'react-oidc-context';
import { InMemoryWebStorage, WebStorageStateStore, type UserManagerSettings } from 'oidc-client-ts';

/* Sign-in for the admin pages: authorization code + PKCE (S256) against any OIDC provider (Keycloak
   locally; paubox-next uses Auth0's SDK the same way). Like a route guard, a visitor who is not signed
   in is sent to the provider's login page. Tokens live in memory only: a reload signs in again through
   the provider's session (a redirect there and back, without a password prompt). */

// Parameters the provider appends to the redirect; everything else in the URL belongs to the page.
const CALLBACK_PARAMS = ['code', 'state', 'session_state', 'iss', 'error', 'error_description', 'error_uri'];

/** The current URL without the sign-in callback's parameters (and without a fragment). */
export function pageUrl(href: string): string {
  const url = new URL(href);
  for (const name of CALLBACK_PARAMS) url.searchParams.delete(name);
  url.hash = '';
  return url.toString();
}

function settings(authority: string, clientId: string): UserManagerSettings {
  const here = pageUrl(window.location.href);
  return {
    authority,
    client_id: clientId,
    redirect_uri: here,
    post_logout_redirect_uri: here,
    scope: 'openid',
    // Never persist tokens (the default keeps the user, access token included, in sessionStorage).
    // Only the short-lived sign-in state (PKCE verifier) uses sessionStorage, across the redirect.
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    automaticSilentRenew: true,
  };
}

export function AdminAuth({ authority, clientId, children }: { authority: string; clientId: string; children: ReactNode }) {
  // The settings need window.location: built after mounting (the server renders the "checking" line).
  const [config, setConfig] = useState<UserManagerSettings | null>(null);
  useEffect(() => setConfig(settings(authority, clientId)), [authority, clientId]);
  if (!config) return <p data-admin-auth="loading">Checking your sign-in…</p>;
  return (
    <AuthProvider
      {...config}
      // Back from the provider: drop code/state & co. from the address bar, keep the view's own parameters.
      onSigninCallback={() => window.history.replaceState(window.history.state, '', pageUrl(window.location.href))}
    >
      <SignInGate>{children}</SignInGate>
    </AuthProvider>
  );
}

function SignInGate({ children }: { children: ReactNode }) {
  const auth = useAuth();
  const signIn = useCallback(() => void auth.signinRedirect({ redirect_uri: pageUrl(window.location.href) }), [auth]);
  // Redirect once, and never after a failed sign-in (no loop): then the button below is the way on.
  const redirected = useRef(false);
  const redirect = !auth.isLoading && !auth.isAuthenticated && !auth.error && !auth.activeNavigator && !hasAuthParams();
  useEffect(() => {
    if (redirect && !redirected.current) {
      redirected.current = true;
      signIn();
    }
  }, [redirect, signIn]);
  if (auth.isLoading) return <p data-admin-auth="loading">Checking your sign-in…</p>;
  if (!auth.isAuthenticated) {
    return (
      <main data-admin-auth="signed-out">
        <h1>Analytics</h1>
        {auth.error ? <p role="alert">Sign-in failed: {auth.error.message}</p> : <p>Taking you to the sign-in page…</p>}
        <button type="button" data-action="sign-in" onClick={signIn}>
          Sign in
        </button>
      </main>
    );
  }
  const name = auth.user?.profile.preferred_username ?? auth.user?.profile.sub;
  return (
    <>
      <p data-admin-auth="signed-in" style={{ display: 'flex', gap: '1rem', alignItems: 'center' }}>
        <span>Signed in as {name}</span>
        <button type="button" data-action="sign-out" onClick={() => void auth.signoutRedirect({ post_logout_redirect_uri: pageUrl(window.location.href) })}>
          Sign out
        </button>
      </p>
      {children}
    </>
  );
}

/**
 * For AnalyticsDashboard's getAccessToken: the signed-in user's access token, renewed silently (refresh
 * token, in memory) when it is about to expire; when that fails, the page signs in again (redirect).
 * Stable across renders, so the view does not refetch because of it.
 */
export function useAccessToken(): () => Promise<string> {
  const auth = useAuth();
  const latest = useRef(auth);
  latest.current = auth;
  return useCallback(async () => {
    const { user, signinSilent, signinRedirect } = latest.current;
    if (user && (user.expires_in ?? 0) > 30) return user.access_token;
    try {
      const renewed = await signinSilent();
      if (renewed) return renewed.access_token;
    } catch {
      // the provider's session is gone: sign in again below
    }
    await signinRedirect({ redirect_uri: pageUrl(window.location.href) });
    return new Promise<string>(() => {}); // the page is going away
  }, []);
}
