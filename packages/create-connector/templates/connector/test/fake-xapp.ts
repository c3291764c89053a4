import {
  createStore,
  type FakeApp,
  type FakeAppOptions,
  FakeHttpError,
  type FakeStore,
  type FakeUser,
  seedUsers,
  startFakeApp,
  type TestEnvelope,
} from '@grantkit/connector-testing';
import { FAKE_AUTH, VALID_AUTH } from './fake-auth.ts';
import { USERS_PATH, usersRoute } from './fake-pagination.ts';

/** A user as the fake XAPP_TITLE API answers it. */
export interface ApiUser {
  id: string;
  username: string;
  email: string | null;
  given_name: string | null;
  family_name: string | null;
  status: FakeUser['status'];
}

export const TENANT = { id: 'tenant-42', name: 'Example Inc' };

/**
 * A fake of the XAPP_TITLE API on loopback: the endpoints the connector calls, with the app's
 * auth, error body and pagination, over an in-memory store of 7 users. Make it answer as
 * the real API does; every difference is a bug the tests cannot see.
 */
export async function startFakeXapp(
  options: FakeAppOptions = {},
): Promise<{ app: FakeApp; store: FakeStore }> {
  const store = createStore({ users: seedUsers(7) });
  const app = await startFakeApp({
    name: 'XAPP_TITLE',
    auth: FAKE_AUTH,
    errorBody: (status, message) => ({ error: { status, message } }),
    ...options,
  });
  const user = (id: string): FakeUser => {
    const found = store.users.get(id);
    if (found === undefined) throw new FakeHttpError(404, `User ${id} does not exist`);
    return found;
  };

  app
    .route('GET', '/me', () => ({ body: { tenant: TENANT } }))
    .route('GET', USERS_PATH, (request) => usersRoute(request, store.users.list().map(toApiUser)))
    .route('GET', '/users/:id', ({ params }) => ({ body: toApiUser(user(params.id!)) }))
    .route('PATCH', '/users/:id', ({ params, body }) => {
      const status = (body as { status?: unknown } | undefined)?.status;
      if (status !== 'active' && status !== 'suspended') {
        throw new FakeHttpError(422, `status must be 'active' or 'suspended'`);
      }
      return { body: toApiUser(store.users.update(user(params.id!).id, { status })) };
    });
  return { app, store };
}

export function toApiUser(user: FakeUser): ApiUser {
  return {
    id: user.id,
    username: user.username,
    email: user.email ?? null,
    given_name: user.givenName ?? null,
    family_name: user.familyName ?? null,
    status: user.status,
  };
}

/** A valid request envelope for the fake: its URL, a short timeout, the valid credential. */
export function envelope(app: FakeApp, request: Record<string, unknown> = {}): TestEnvelope {
  return {
    auth: VALID_AUTH,
    settings: { base_url: app.url, request_timeout_ms: 500 },
    request,
  };
}
