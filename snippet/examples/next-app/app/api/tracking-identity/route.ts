import { signedInUser } from '../../demo-session';
import { signAssertion, signingKey } from './signer';

/*
 * GET /api/tracking-identity: a short-lived signed identity assertion for the signed-in user, which the tracking
 * provider sends with its beacons (getIdentityToken in app/providers.tsx) so the ingest service believes their
 * user_sub and customer_id. 401 when no one is signed in; never cached anywhere.
 */

export const dynamic = 'force-dynamic';

const NO_STORE = { 'Cache-Control': 'no-store' };

const problem = (status: number, title: string, detail: string): Response =>
  new Response(JSON.stringify({ type: 'about:blank', title, status, detail }), {
    status,
    headers: { ...NO_STORE, 'Content-Type': 'application/problem+json' },
  });

export async function GET(): Promise<Response> {
  const user = await signedInUser();
  if (!user) return problem(401, 'Not signed in', 'An identity assertion is issued for the signed-in user only.');
  const key = signingKey();
  if (!key) return problem(404, 'Identity assertions are off', 'TRACKING_IDENTITY_PRIVATE_KEY_FILE is not set on this server.');
  try {
    return new Response(await signAssertion(user, await key), { headers: { ...NO_STORE, 'Content-Type': 'application/jwt' } });
  } catch (error) {
    console.error(`tracking identity: cannot sign (${(error as Error).message})`);
    return problem(503, 'Signing key unavailable', 'The identity signing key could not be read; see the server log.');
  }
}
