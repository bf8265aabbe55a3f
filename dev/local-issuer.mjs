#!/usr/bin/env node
// A tiny local OpenID Connect issuer for tests that must forge tokens (expired, another audience, another
// key, any role), which a real provider would never issue. run-local.sh and people use Keycloak instead
// (dev/keycloak.sh). It serves discovery and a JWKS like any provider, so the dashboard trusts it through
// its normal OIDC configuration (QUARKUS_OIDC_AUTH_SERVER_URL=http://localhost:PORT), and mints RS256
// tokens on GET /token. The key pair is generated at start and lives only in memory. It listens on
// loopback only: never expose it. ISSUER=… makes it claim another issuer's name (a forgery).
//
//   PORT=18083 node dev/local-issuer.mjs
//   curl -s 'http://localhost:18083/token'                     # super_admin token, 1 h
//   curl -s 'http://localhost:18083/token?role=viewer&sub=auth0|someone&ttl=60'
import { createServer } from 'node:http';
import { generateKeyPairSync, createSign, randomUUID } from 'node:crypto';

const port = Number(process.env.PORT ?? 8083);
const issuer = process.env.ISSUER ?? `http://localhost:${port}`;
const audience = process.env.AUDIENCE ?? 'paubox-tracking-dashboard';
const rolesClaim = process.env.ROLES_CLAIM ?? 'https://paubox.com/roles';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const kid = randomUUID();
const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };

const b64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function mint(params) {
  const now = Math.floor(Date.now() / 1000);
  const ttl = Math.min(Number(params.get('ttl') ?? 3600), 86400);
  const roles = (params.get('role') ?? 'super_admin').split(',').filter(Boolean);
  const claims = {
    iss: issuer,
    aud: params.get('aud') ?? audience,
    sub: params.get('sub') ?? 'auth0|local-admin',
    iat: now,
    exp: now + ttl,
    [rolesClaim]: roles,
  };
  const signingInput = `${b64url({ alg: 'RS256', typ: 'JWT', kid })}.${b64url(claims)}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
}

const server = createServer((req, res) => {
  const url = new URL(req.url, issuer);
  const json = (body) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (url.pathname === '/.well-known/openid-configuration') {
    json({
      issuer,
      jwks_uri: `${issuer}/jwks`,
      token_endpoint: `${issuer}/token`,
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['token'],
      subject_types_supported: ['public'],
    });
  } else if (url.pathname === '/jwks') {
    json({ keys: [jwk] });
  } else if (url.pathname === '/token') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(mint(url.searchParams));
  } else {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }
});

server.listen(port, '127.0.0.1', () => console.log(`local OIDC issuer ready: ${issuer} (audience ${audience})`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
