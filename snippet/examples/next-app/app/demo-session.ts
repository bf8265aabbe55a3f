import { cookies } from 'next/headers';
import { DEMO_CUSTOMER_ID, DEMO_SUB, SESSION_COOKIE } from './demo-user';

/**
 * Server side: who is signed in, from the demo's session cookie. paubox-next reads its Auth0 session here instead
 * (`auth0.getSession()`: `session.user.sub`, plus the customer the user belongs to); see docs/snippet.md.
 */
export async function signedInUser(): Promise<{ sub: string; customerId: number | null } | null> {
  return (await cookies()).get(SESSION_COOKIE)?.value === '1' ? { sub: DEMO_SUB, customerId: DEMO_CUSTOMER_ID } : null;
}
