export type { FakeAuth, FakeCredential } from './auth.ts';
export { FakeAppProblemsError, FakeHttpError } from './errors.ts';
export type { RateLimitOptions } from './limits.ts';
export {
  type CursorPageOptions,
  cursorPage,
  type LinkPageOptions,
  linkPage,
  type NumberedPageOptions,
  numberedPage,
  type OffsetPageOptions,
  offsetPage,
  SCIM_LIST_RESPONSE,
  scimPage,
} from './pagination.ts';
export type { RouteOptions } from './router.ts';
export {
  FakeApp,
  type FakeAppOptions,
  type FakeAppStats,
  type ResponseValidator,
  startFakeApp,
} from './server.ts';
export {
  Collection,
  createStore,
  type FakeGroup,
  type FakeMembership,
  FakeStore,
  type FakeUser,
  type FakeUserStatus,
  Memberships,
  type NewGroup,
  type NewUser,
  StoreConflictError,
  StoreNotFoundError,
  type StoreSeed,
  seedUsers,
} from './store.ts';
export type {
  FakeIdentity,
  FakeRequest,
  FakeResponse,
  Fault,
  FaultKind,
  HttpMethod,
  InjectedFault,
  InjectOptions,
  LoggedRequest,
  RouteHandler,
} from './types.ts';
