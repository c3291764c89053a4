export {
  ACCOUNTS_PAGE_SQL,
  type AccountRow,
  Catalog,
  type ConnectTarget,
  clientConfig,
  closeConnections,
  ident,
  withCatalog,
} from './client.ts';
export { APP_ID, CLUSTER_RESOURCE_ID } from './constants.ts';
export { type EmbeddedOptions, type EmbeddedPostgres, startEmbeddedPostgres } from './embedded.ts';
export {
  DATABASE_PRIVILEGES,
  EntitlementTypeId,
  ResourceTypeId,
  ROLE_ATTRIBUTES,
  SCHEMA_PRIVILEGES,
  TABLE_PRIVILEGES,
} from './enums.ts';
export { POSTGRES_ERROR_HANDLERS } from './errors.ts';
export {
  type Entitlement,
  entitlementId,
  parseEntitlementId,
  parseResourceId,
  type Resource,
  resourceId,
} from './ids.ts';
export { integration } from './integration.ts';
export { type Settings, SettingsSchema, type SslMode } from './settings.ts';
