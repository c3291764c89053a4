import type { FakeAuth } from '@grantkit/connector-testing';
import { jwtVerify } from 'jose';

const SECRET = 'xapp-test-hmac-secret-with-32-bytes!';
const ISSUER = 'grantkit-tests';

/** The fake app's auth: JWTs signed with the shared secret by the expected issuer. */
export const FAKE_AUTH: FakeAuth = {
  scheme: 'bearer',
  verify: async (token) => {
    try {
      const { payload } = await jwtVerify(token, new TextEncoder().encode(SECRET), {
        issuer: ISSUER,
      });
      return { data: { sub: payload.sub } };
    } catch {
      return undefined;
    }
  },
};

/** `auth` of a valid envelope. */
export const VALID_AUTH = {
  jwt: {
    headers: { alg: 'HS256', kid: 'test-key' },
    claims: { iss: ISSUER, sub: 'connector' },
    secret: SECRET,
  },
};

/** `auth` with a credential the app refuses (signed with another secret). */
export const BAD_AUTH = {
  jwt: { ...VALID_AUTH.jwt, secret: 'another-secret-the-app-does-not-know' },
};
