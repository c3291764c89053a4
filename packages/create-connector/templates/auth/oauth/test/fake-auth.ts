import type { FakeAuth } from '@grantkit/connector-testing';

const ACCESS_TOKEN = 'xapp-test-access-token-91b4';

/** The fake app's auth: bearer access tokens it issued. */
export const FAKE_AUTH: FakeAuth = { scheme: 'bearer', tokens: { [ACCESS_TOKEN]: {} } };

/** `auth` of a valid envelope. */
export const VALID_AUTH = { oauth: { access_token: ACCESS_TOKEN } };

/** `auth` with a credential the app refuses. */
export const BAD_AUTH = { oauth: { access_token: 'xapp-expired-access-token' } };
