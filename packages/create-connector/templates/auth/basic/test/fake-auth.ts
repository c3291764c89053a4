import type { FakeAuth } from '@grantkit/connector-testing';

const USERNAME = 'integration-user';
const PASSWORD = 'xapp-test-password-7d2a';

/** The fake app's auth: basic auth with the users it knows. */
export const FAKE_AUTH: FakeAuth = {
  scheme: 'basic',
  users: { [USERNAME]: { password: PASSWORD } },
};

/** `auth` of a valid envelope. */
export const VALID_AUTH = { basic: { username: USERNAME, password: PASSWORD } };

/** `auth` with a credential the app refuses. */
export const BAD_AUTH = { basic: { username: USERNAME, password: 'wrong-password' } };
