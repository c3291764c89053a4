import type { CapabilityContext, CredentialType, HttpAuth } from '@grantkit/connector-core';

/** The credential XAPP_TITLE calls take: an API token, `{ "token": { "token": "..." } }`. */
export const CREDENTIAL_TYPE = 'token' satisfies CredentialType;

/** How requests to XAPP_TITLE authenticate: the token as a bearer token. */
export async function httpAuth(
  context: Pick<CapabilityContext<unknown>, 'credential'>,
): Promise<HttpAuth> {
  return { type: 'bearer', token: context.credential('token').token };
}
