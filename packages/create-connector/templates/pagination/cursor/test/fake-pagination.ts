import { cursorPage, type FakeRequest, type FakeResponse } from '@grantkit/connector-testing';

/** The path of the app's user list. */
export const USERS_PATH = '/users';

/** The app's user list: `?limit=&cursor=`, the next cursor in the body. */
export function usersRoute<T>(request: FakeRequest, users: readonly T[]): FakeResponse {
  const page = cursorPage(request, users, { defaultSize: 30, maxSize: 100 });
  return { body: { data: page.items, next_cursor: page.nextCursor ?? null } };
}
