import type { CapabilityContext, CredentialType, HttpAuth } from '@grantkit/connector-core';
import { importPKCS8, type JWTPayload, SignJWT } from 'jose';

/**
 * The credential XAPP_TITLE calls take: what to sign a JWT with,
 * `{ "jwt": { "headers": { "alg", "kid" }, "claims": { "iss", "sub", "aud" }, "secret" } }`;
 * the secret is an HMAC key (HS256/384/512) or a PKCS#8 PEM private key (RS, PS, ES).
 */
export const CREDENTIAL_TYPE = 'jwt' satisfies CredentialType;

/** How long a signed token is valid when the claims name no `exp`, in seconds. */
const LIFETIME_SECONDS = 300;

/** How requests to XAPP_TITLE authenticate: a JWT signed for this call, as a bearer token. */
export async function httpAuth(
  context: Pick<CapabilityContext<unknown>, 'credential'>,
): Promise<HttpAuth> {
  const { headers, claims, secret } = context.credential('jwt');
  const alg = headers.alg ?? 'HS256';
  const key = alg.startsWith('HS')
    ? new TextEncoder().encode(secret)
    : await importPKCS8(secret, alg);
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT(claims as JWTPayload)
    .setProtectedHeader({
      alg,
      typ: headers.typ ?? 'JWT',
      ...(headers.kid ? { kid: headers.kid } : {}),
    })
    .setIssuedAt(claims.iat ?? now)
    .setExpirationTime(claims.exp ?? now + LIFETIME_SECONDS)
    .sign(key);
  return { type: 'bearer', token };
}
