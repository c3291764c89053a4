import type { FakeAuth } from '@grantkit/connector-testing';

const ACCESS_TOKEN = 'xapp-test-client-token-3c8e';

/** The fake app's auth: bearer access tokens it issued to the client. */
export const FAKE_AUTH: FakeAuth = {
  scheme: 'bearer',
  tokens: { [ACCESS_TOKEN]: { scopes: ['users:read', 'users:write'] } },
};

/** `auth` of a valid envelope. */
export const VALID_AUTH = {
  oauth_client_credentials: {
    access_token: ACCESS_TOKEN,
    client_id: 'grantkit-tests',
    client_secret: 'xapp-test-client-secret-0a77',
    scopes: ['users:read', 'users:write'],
  },
};

/** `auth` with a credential the app refuses. */
export const BAD_AUTH = {
  oauth_client_credentials: { ...VALID_AUTH.oauth_client_credentials, access_token: 'expired' },
};
