'use client';
import type { ReactNode } from 'react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { PauboxAnalyticsProvider } from '@paubox/tracking/react';
import { DemoAuthProvider, useAuth, useCustomer } from './demo-auth';

function Tracking({ endpoint, children }: { endpoint: string; children: ReactNode }) {
  const { user } = useAuth();
  const customer = useCustomer();
  return (
    <PauboxAnalyticsProvider endpoint={endpoint} surface="example" userSub={user?.sub ?? null} customerId={customer?.id ?? null} flushInterval={1000}>
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

export function Providers({ endpoint, children }: { endpoint: string; children: ReactNode }) {
  // The admin area (/admin/…) is not tracked: looking at the numbers does not add to them.
  const admin = usePathname()?.startsWith('/admin') ?? false;
  return (
    <DemoAuthProvider>
      {admin ? (
        <>
          {nav}
          {children}
        </>
      ) : (
        <Tracking endpoint={endpoint}>
          {nav}
          {children}
        </Tracking>
      )}
    </DemoAuthProvider>
  );
}
