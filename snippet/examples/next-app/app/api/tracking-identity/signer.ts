import { readFile } from 'node:fs/promises';
import { importJWK, importPKCS8, SignJWT, type CryptoKey, type JWK } from 'jose';

/*
 * Signs identity assertions for the ingest service: ES256 compact JWS with `kid`, `sub`, `customer_id`, `iat`,
 * `exp` and `aud`. The private key stays on this server; the ingest service holds only the public half
 * (ANALYTICS_IDENTITY_KEYS, a JWKS document). Signing is jose's, never hand-written.
 */

/** The audience the ingest service requires. */
export const AUDIENCE = 'paubox-tracking-ingest';
/** Ten minutes (the ingest service accepts at most an hour): the snippet asks for a new one a minute before the end. */
export const LIFETIME_S = 600;

export interface SigningKey {
  key: CryptoKey | Uint8Array;
  kid: string;
}

let loaded: Promise<SigningKey> | undefined;

/**
 * The key in TRACKING_IDENTITY_PRIVATE_KEY_FILE, read once: a private JWK (its `kid` is used) or a PKCS#8 PEM (with
 * TRACKING_IDENTITY_KEY_ID, which also overrides a JWK's `kid`). Null when the variable is unset (assertions off).
 */
export function signingKey(): Promise<SigningKey> | null {
  const file = process.env.TRACKING_IDENTITY_PRIVATE_KEY_FILE;
  if (!file) return null;
  // A failed read is not cached: fixing the file fixes the next request.
  loaded ??= load(file).catch((error) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

async function load(file: string): Promise<SigningKey> {
  const text = await readFile(file, 'utf8');
  let key: CryptoKey | Uint8Array;
  let kid = process.env.TRACKING_IDENTITY_KEY_ID;
  try {
    if (text.trimStart().startsWith('{')) {
      const jwk = JSON.parse(text) as JWK;
      key = await importJWK(jwk, 'ES256');
      kid ||= jwk.kid;
    } else {
      key = await importPKCS8(text, 'ES256');
    }
  } catch {
    // Not the parser's message: it may quote the file, and the file is a private key.
    throw new Error(`${file} is neither an ES256 private JWK nor a PKCS#8 PEM`);
  }
  if (!kid) throw new Error(`no key id for ${file}: give the JWK a "kid" or set TRACKING_IDENTITY_KEY_ID`);
  return { key, kid };
}

/** The assertion for `user`, valid from now for LIFETIME_S seconds. */
export function signAssertion(user: { sub: string; customerId: number | null }, { key, kid }: SigningKey): Promise<string> {
  return new SignJWT({ customer_id: user.customerId })
    .setProtectedHeader({ alg: 'ES256', kid })
    .setSubject(user.sub)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${LIFETIME_S}s`)
    .sign(key);
}
