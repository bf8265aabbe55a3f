#!/usr/bin/env node
// A development key pair for identity assertions (issue 29, docs/snippet.md#identity-assertions): the example app
// signs with the private key (TRACKING_IDENTITY_PRIVATE_KEY_FILE), the ingest service verifies with the public
// JWKS (ANALYTICS_IDENTITY_KEYS). ES256 (P-256), made and exported by jose (taken from the example app's
// node_modules: run-local and the end-to-end test install it there anyway).
//
// Usage: node dev/identity-keys.mjs [DIR]     (default .local/identity; run-local.sh calls it on every start)
//   DIR/private.jwk   the private key as a JWK with its kid (mode 600): never leaves the app's server
//   DIR/jwks.json     {"keys": [the public key]}: all the ingest service needs
// An existing private.jwk is kept (jwks.json is rewritten from it), so restarts do not change the key.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** jose, from the example app's dependencies (one pinned copy: package-lock.json there). */
export async function loadJose() {
  const app = join(ROOT, 'snippet/examples/next-app/package.json');
  let entry;
  try {
    entry = createRequire(app).resolve('jose');
  } catch {
    throw new Error('jose not found: run `npm ci` in snippet/examples/next-app first');
  }
  return import(pathToFileURL(entry).href);
}

/** The public half of a private JWK, as a JWKS key entry. */
const publicJwk = ({ kty, crv, x, y, kid }) => ({ kty, crv, x, y, kid, alg: 'ES256', use: 'sig' });

/** Makes (or keeps) DIR/private.jwk and writes DIR/jwks.json; returns the files and the key id. */
export async function identityKeys(dir) {
  const privateKeyFile = join(dir, 'private.jwk');
  const jwksFile = join(dir, 'jwks.json');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let jwk;
  if (existsSync(privateKeyFile)) {
    jwk = JSON.parse(readFileSync(privateKeyFile, 'utf8'));
  } else {
    const jose = await loadJose();
    const { privateKey } = await jose.generateKeyPair('ES256', { extractable: true });
    jwk = await jose.exportJWK(privateKey);
    jwk = { ...jwk, kid: `dev-${(await jose.calculateJwkThumbprint(jwk)).slice(0, 16)}`, alg: 'ES256', use: 'sig' };
    writeFileSync(privateKeyFile, JSON.stringify(jwk) + '\n', { mode: 0o600 });
    chmodSync(privateKeyFile, 0o600);
  }
  writeFileSync(jwksFile, JSON.stringify({ keys: [publicJwk(jwk)] }, null, 2) + '\n');
  return { privateKeyFile, jwksFile, kid: jwk.kid };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { privateKeyFile, jwksFile, kid } = await identityKeys(resolve(process.argv[2] ?? join(ROOT, '.local/identity')));
  console.log(`identity keys: ${kid} (private ${privateKeyFile}, public ${jwksFile})`);
}
