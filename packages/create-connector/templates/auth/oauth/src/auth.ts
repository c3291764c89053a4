import type { CapabilityContext, CredentialType, HttpAuth } from '@grantkit/connector-core';

/**
 * The credential XAPP_TITLE calls take: an OAuth access token the platform obtained,
 * `{ "oauth": { "access_token": "..." } }`.
 */
export const CREDENTIAL_TYPE = 'oauth' satisfies CredentialType;

/** How requests to XAPP_TITLE authenticate: the access token as a bearer token. */
export async function httpAuth(
  context: Pick<CapabilityContext<unknown>, 'credential'>,
): Promise<HttpAuth> {
  return { type: 'bearer', token: context.credential('oauth').access_token };
}
