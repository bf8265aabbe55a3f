#!/usr/bin/env node
// The dev realm with more origins for the example app's browser client: Keycloak matches redirect URIs
// port and all, and the realm file knows only port 3000. Used by run-local.sh (another APP_PORT) and the
// end-to-end test (a random port).
//   node dev/keycloak/realm-for-origins.mjs OUT.json http://localhost:3100 http://127.0.0.1:3100
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const REALM_FILE = fileURLToPath(new URL('./paubox-realm.json', import.meta.url));
export const APP_CLIENT = 'paubox-tracking-example';

export function writeRealmForOrigins(out, origins) {
  const realm = JSON.parse(readFileSync(REALM_FILE, 'utf8'));
  const client = realm.clients.find((c) => c.clientId === APP_CLIENT);
  for (const origin of origins) {
    client.redirectUris.push(`${origin}/*`);
    client.attributes['post.logout.redirect.uris'] += `##${origin}/*`;
  }
  writeFileSync(out, JSON.stringify(realm, null, 2));
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [out, ...origins] = process.argv.slice(2);
  writeRealmForOrigins(out, origins);
}
