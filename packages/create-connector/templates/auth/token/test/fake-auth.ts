import type { FakeAuth } from '@grantkit/connector-testing';

const TOKEN = 'xapp-test-token-5e1f0c';

/** The fake app's auth: bearer tokens it knows. */
export const FAKE_AUTH: FakeAuth = { scheme: 'bearer', tokens: { [TOKEN]: {} } };

/** `auth` of a valid envelope. */
export const VALID_AUTH = { token: { token: TOKEN } };

/** `auth` with a credential the app refuses. */
export const BAD_AUTH = { token: { token: 'xapp-revoked-token' } };
