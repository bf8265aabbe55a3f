import type { ReactNode } from 'react';
import { connection } from 'next/server';
import { signedInUser } from './demo-session';
import { Providers } from './providers';

export const metadata = { title: 'Paubox Tracking example' };

/**
 * Server component: reads the ingest URL at request time (not at build time), so one build works
 * against any collector: PAUBOX_INGEST_URL=http://host:port/api/analytics/event next start -p 3000.
 * Also who is signed in (the demo session cookie) and whether this server signs identity assertions.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  const endpoint = process.env.PAUBOX_INGEST_URL || 'http://localhost:8081/api/analytics/event';
  const signedIn = (await signedInUser()) != null;
  const signsIdentity = !!process.env.TRACKING_IDENTITY_PRIVATE_KEY_FILE;
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', margin: '2rem' }}>
        <Providers endpoint={endpoint} signedIn={signedIn} signsIdentity={signsIdentity}>
          {children}
        </Providers>
      </body>
    </html>
  );
}
