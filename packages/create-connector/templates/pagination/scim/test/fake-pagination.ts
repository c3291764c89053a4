import { type FakeRequest, type FakeResponse, scimPage } from '@grantkit/connector-testing';

/** The path of the app's user list. */
export const USERS_PATH = '/Users';

interface ApiUserLike {
  id: string;
  username: string;
  email: string | null;
  given_name: string | null;
  family_name: string | null;
  status: string;
}

/** The app's user list: SCIM 2.0 `/Users` with `startIndex` and `count`. */
export function usersRoute(request: FakeRequest, users: readonly ApiUserLike[]): FakeResponse {
  return scimPage(
    request,
    users.map((user) => ({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      id: user.id,
      userName: user.username,
      name: { givenName: user.given_name ?? undefined, familyName: user.family_name ?? undefined },
      emails: user.email ? [{ value: user.email, primary: true }] : [],
      active: user.status === 'active',
    })),
    { defaultSize: 30, maxSize: 100 },
  );
}
