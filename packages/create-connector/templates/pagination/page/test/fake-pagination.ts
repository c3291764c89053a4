import { type FakeRequest, type FakeResponse, numberedPage } from '@grantkit/connector-testing';

/** The path of the app's user list. */
export const USERS_PATH = '/users';

/** The app's user list: `?page=&per_page=`, the number of pages in the body. */
export function usersRoute<T>(request: FakeRequest, users: readonly T[]): FakeResponse {
  const page = numberedPage(request, users, { defaultSize: 30, maxSize: 100 });
  return {
    body: {
      data: page.items,
      page: page.page,
      per_page: page.perPage,
      total_pages: page.totalPages,
    },
  };
}
