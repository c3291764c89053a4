import { createPrivateKey, type KeyObject, randomUUID } from 'node:crypto';
import { type JWTHeaderParameters, SignJWT } from 'jose';
import { ConnectorError } from '../errors/connector-error.ts';
import type { JwtCredential } from '../protocol/credentials.ts';

export interface SignJwtOptions {
  /** The signing time. @default now */
  now?: Date | undefined;
  /** Seconds until `exp` when the claims have none. @default 300 */
  lifetime?: number | undefined;
}

/**
 * Signs the JWT a `jwt` credential describes, for a JWT-bearer grant (RFC 7523) or an app
 * that takes a signed JWT as its API key (a GitHub App, a Google service account).
 *
 * The algorithm is `headers.alg`; without it, a PEM key picks its own (RS256 for RSA,
 * ES256/384/512 by the EC curve, EdDSA for Ed25519) and any other secret signs HS256.
 * PKCS#8, PKCS#1 (`BEGIN RSA PRIVATE KEY`) and SEC1 PEM keys are read. `iat`, `exp` (after
 * `lifetime`) and a random `jti` are added when the claims lack them; a `scope` list is
 * joined with spaces.
 */
export async function signJwtAssertion(
  credential: JwtCredential,
  options: SignJwtOptions = {},
): Promise<string> {
  const isPem = credential.secret.includes('-----BEGIN');
  const privateKey = isPem ? readPrivateKey(credential.secret) : undefined;
  const alg = credential.headers.alg ?? (privateKey ? algorithmOf(privateKey) : 'HS256');
  const key = alg.startsWith('HS') ? new TextEncoder().encode(credential.secret) : privateKey;
  if (key === undefined) {
    throw new ConnectorError(
      'bad_request',
      `The jwt credential's headers.alg is ${alg}, which signs with a private key, but its ` +
        'secret is not a PEM key; send the PEM private key, or use an HS* alg with a shared secret',
    );
  }

  const now = Math.floor((options.now?.getTime() ?? Date.now()) / 1000);
  const claims: Record<string, unknown> = { ...credential.claims };
  if (Array.isArray(claims.scope)) claims.scope = claims.scope.join(' ');
  claims.iat ??= now;
  claims.exp ??= (claims.iat as number) + (options.lifetime ?? 300);
  claims.jti ??= randomUUID();
  if ((claims.exp as number) <= now) {
    throw new ConnectorError(
      'bad_request',
      `The jwt credential's claims.exp (${String(claims.exp)}) is in the past; leave exp out ` +
        'to get a fresh one on each call',
    );
  }

  // The protocol types `jwk` and `x5c` as strings where JOSE has objects; passed as given.
  const header = { ...credential.headers, alg } as unknown as JWTHeaderParameters;
  try {
    return await new SignJWT(claims).setProtectedHeader(header).sign(key);
  } catch (error) {
    throw new ConnectorError(
      'bad_request',
      `The jwt credential cannot be signed with ${alg}: ${(error as Error).message}; check ` +
        'that headers.alg fits the key',
      { cause: error },
    );
  }
}

function readPrivateKey(pem: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch (error) {
    throw new ConnectorError(
      'bad_request',
      "The jwt credential's secret looks like PEM but is not a private key Node can read " +
        '(PKCS#8, PKCS#1 or SEC1, unencrypted); send the private key PEM',
      { cause: error },
    );
  }
}

const CURVE_ALG: Record<string, string> = {
  prime256v1: 'ES256',
  secp384r1: 'ES384',
  secp521r1: 'ES512',
};

function algorithmOf(key: KeyObject): string {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return 'RS256';
    case 'rsa-pss':
      return 'PS256';
    case 'ed25519':
      return 'EdDSA';
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve ?? '';
      const alg = CURVE_ALG[curve];
      if (alg !== undefined) return alg;
      break;
    }
  }
  throw new ConnectorError(
    'bad_request',
    `The jwt credential's key (${key.asymmetricKeyType ?? 'unknown'} ` +
      `${key.asymmetricKeyDetails?.namedCurve ?? ''}) has no default JWT algorithm; set headers.alg`,
  );
}
