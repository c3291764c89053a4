import { type FakeRequest, type FakeResponse, linkPage } from '@grantkit/connector-testing';

/** The path of the app's user list. */
export const USERS_PATH = '/users';

/** The app's user list: page numbers, `per_page`, and a `Link` header. */
export function usersRoute<T>(request: FakeRequest, users: readonly T[]): FakeResponse {
  return linkPage(request, users, { defaultSize: 30, maxSize: 100 });
}
