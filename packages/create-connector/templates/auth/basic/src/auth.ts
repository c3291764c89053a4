import type { CapabilityContext, CredentialType, HttpAuth } from '@grantkit/connector-core';

/**
 * The credential XAPP_TITLE calls take: a username and password,
 * `{ "basic": { "username": "...", "password": "..." } }`.
 */
export const CREDENTIAL_TYPE = 'basic' satisfies CredentialType;

/** How requests to XAPP_TITLE authenticate: HTTP basic auth. */
export async function httpAuth(
  context: Pick<CapabilityContext<unknown>, 'credential'>,
): Promise<HttpAuth> {
  const { username, password } = context.credential('basic');
  return { type: 'basic', username, password };
}
