'use client';
import type { ReactNode } from 'react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { PauboxAnalyticsProvider } from '@paubox/tracking/react';
import { DemoAuthProvider, useAuth, useCustomer } from './demo-auth';

/** The signed-in user's identity assertion, signed by this app's server (app/api/tracking-identity); null when refused. */
const getIdentityToken = (): Promise<string | null> =>
  fetch('/api/tracking-identity', { cache: 'no-store' }).then((r) => (r.ok ? r.text() : null));

function Tracking({ endpoint, signsIdentity, children }: { endpoint: string; signsIdentity: boolean; children: ReactNode }) {
  const { user } = useAuth();
  const customer = useCustomer();
  return (
    <PauboxAnalyticsProvider
      endpoint={endpoint}
      surface="example"
      userSub={user?.sub ?? null}
      customerId={customer?.id ?? null}
      getIdentityToken={signsIdentity ? getIdentityToken : undefined}
      flushInterval={1000}
    >
      {children}
    </PauboxAnalyticsProvider>
  );
}

const nav = (
  <nav style={{ display: 'flex', gap: '1rem', marginBottom: '1rem' }}>
    <Link href="/" id="nav-home" data-testid="nav-home">Home</Link>
    <Link href="/reports?from=nav#top" id="nav-reports-top" data-testid="nav-reports-top">Reports</Link>
    <Link href="/patients/48213?name=Jane%20Doe#notes" id="nav-patient" data-testid="nav-patient">Patient 48213</Link>
    <Link href="/login" id="nav-login" data-testid="nav-login">Login</Link>
    <a href="/legacy" id="nav-legacy" data-testid="nav-legacy">Legacy (Pages Router)</a>
    {/* A full page load: the admin area signs in on its own (OIDC redirects) and is not tracked. */}
    <a href="/admin/analytics" id="nav-admin" data-testid="nav-admin">Admin: analytics</a>
  </nav>
);

/**
 * `signedIn`: the demo session as the server saw it. `signsIdentity`: the server has a signing key
 * (TRACKING_IDENTITY_PRIVATE_KEY_FILE), so the provider asks it for identity assertions.
 */
export function Providers({ endpoint, signedIn, signsIdentity, children }: { endpoint: string; signedIn: boolean; signsIdentity: boolean; children: ReactNode }) {
  // The admin area (/admin/…) is not tracked: looking at the numbers does not add to them.
  const admin = usePathname()?.startsWith('/admin') ?? false;
  return (
    <DemoAuthProvider signedIn={signedIn}>
      {admin ? (
        <>
          {nav}
          {children}
        </>
      ) : (
        <Tracking endpoint={endpoint} signsIdentity={signsIdentity}>
          {nav}
          {children}
        </Tracking>
      )}
    </DemoAuthProvider>
  );
}
