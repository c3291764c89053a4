import { type FakeRequest, type FakeResponse, offsetPage } from '@grantkit/connector-testing';

/** The path of the app's user list. */
export const USERS_PATH = '/users';

/** The app's user list: `?offset=&limit=`, the total in the body. */
export function usersRoute<T>(request: FakeRequest, users: readonly T[]): FakeResponse {
  const page = offsetPage(request, users, { defaultSize: 30, maxSize: 100 });
  return { body: { data: page.items, offset: page.offset, limit: page.limit, total: page.total } };
}
