import type { CapabilityContext, CredentialType, HttpAuth } from '@grantkit/connector-core';

/**
 * The credential XAPP_TITLE calls take: an access token of the client credentials grant,
 * with the client it was issued to, `{ "oauth_client_credentials": { "access_token",
 * "client_id", "client_secret", "scopes" } }`.
 */
export const CREDENTIAL_TYPE = 'oauth_client_credentials' satisfies CredentialType;

/** How requests to XAPP_TITLE authenticate: the access token as a bearer token. */
export async function httpAuth(
  context: Pick<CapabilityContext<unknown>, 'credential'>,
): Promise<HttpAuth> {
  return { type: 'bearer', token: context.credential('oauth_client_credentials').access_token };
}
