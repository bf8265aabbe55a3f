import type { ReactNode } from 'react';
import { connection } from 'next/server';
import { AdminAuth } from './admin-auth';

/**
 * Server component: reads the OIDC provider at request time, like the ingest URL in the root layout, so
 * one build works against any provider:
 *   PAUBOX_OIDC_AUTHORITY=http://localhost:8083/realms/paubox PAUBOX_OIDC_CLIENT_ID=paubox-tracking-example
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await connection();
  const authority = process.env.PAUBOX_OIDC_AUTHORITY || 'http://localhost:8083/realms/paubox';
  const clientId = process.env.PAUBOX_OIDC_CLIENT_ID || 'paubox-tracking-example';
  return (
    <AdminAuth authority={authority} clientId={clientId}>
      {children}
    </AdminAuth>
  );
}
