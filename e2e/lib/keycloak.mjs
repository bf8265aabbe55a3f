// Keycloak for the end-to-end test, started through dev/keycloak.sh (the same script run-local.sh uses):
// its own Keycloak folder under e2e/target (fetched through the Maven wrapper on the first run) and a copy
// of the dev realm whose browser client also accepts the example app's random port (Keycloak matches
// redirect URIs port and all).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeRealmForOrigins } from '../../dev/keycloak/realm-for-origins.mjs';

const REALM = 'paubox';
const CLI_CLIENT = 'paubox-tracking-cli';

export function startKeycloak(processes, { root, dir, port, appOrigin }) {
  mkdirSync(dir, { recursive: true });
  const realmFile = writeRealmForOrigins(join(dir, 'paubox-realm-e2e.json'), [appOrigin]);
  processes.start('keycloak', join(root, 'dev/keycloak.sh'), ['--port', String(port), '--dir', dir, '--realm', realmFile]);
  return `http://localhost:${port}/realms/${REALM}`;
}

/** An access token for a dev user through the password grant of the curl client. */
export async function passwordToken(issuer, username, password = username) {
  const response = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: CLI_CLIENT, username, password }),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`password grant for ${username}: ${response.status} ${JSON.stringify(body)}`);
  return body.access_token;
}

/** On Keycloak's own login page: fills in the form and submits it. */
export async function signInOnLoginPage(page, username, password = username) {
  await page.waitForSelector('#username');
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('#kc-login');
}
