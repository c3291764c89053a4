import type { EntitlementType, ResourceType } from '@grantkit/connector-core';

/** Resource types: the cluster (the global resource), its databases, and schemas. */
export const ResourceTypeId = {
  cluster: 'cluster',
  database: 'database',
  schema: 'schema',
} as const;
export type ResourceTypeId = (typeof ResourceTypeId)[keyof typeof ResourceTypeId];

/** Entitlement types, one per kind of grant the connector reads and writes. */
export const EntitlementTypeId = {
  membership: 'role_membership',
  attribute: 'role_attribute',
  database: 'database_privilege',
  schema: 'schema_privilege',
  tables: 'table_privilege',
} as const;
export type EntitlementTypeId = (typeof EntitlementTypeId)[keyof typeof EntitlementTypeId];

export const ROLE_ATTRIBUTES = [
  'SUPERUSER',
  'CREATEDB',
  'CREATEROLE',
  'REPLICATION',
  'BYPASSRLS',
] as const;
export type RoleAttribute = (typeof ROLE_ATTRIBUTES)[number];

export const DATABASE_PRIVILEGES = ['CONNECT', 'CREATE', 'TEMPORARY'] as const;
export type DatabasePrivilege = (typeof DATABASE_PRIVILEGES)[number];

export const SCHEMA_PRIVILEGES = ['USAGE', 'CREATE'] as const;
export type SchemaPrivilege = (typeof SCHEMA_PRIVILEGES)[number];

export const TABLE_PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const;
export type TablePrivilege = (typeof TABLE_PRIVILEGES)[number];

export const RESOURCE_TYPES: readonly ResourceType[] = [
  { type_id: ResourceTypeId.cluster, type_label: 'Cluster' },
  { type_id: ResourceTypeId.database, type_label: 'Database' },
  { type_id: ResourceTypeId.schema, type_label: 'Schema' },
];

export const ENTITLEMENT_TYPES: readonly EntitlementType[] = [
  {
    type_id: EntitlementTypeId.membership,
    type_label: 'Group role membership',
    resource_type_id: ResourceTypeId.cluster,
    min: 0,
  },
  {
    type_id: EntitlementTypeId.attribute,
    type_label: 'Role attribute',
    resource_type_id: ResourceTypeId.cluster,
    min: 0,
    max: ROLE_ATTRIBUTES.length,
  },
  {
    type_id: EntitlementTypeId.database,
    type_label: 'Database privilege',
    resource_type_id: ResourceTypeId.database,
    min: 0,
    max: DATABASE_PRIVILEGES.length,
  },
  {
    type_id: EntitlementTypeId.schema,
    type_label: 'Schema privilege',
    resource_type_id: ResourceTypeId.schema,
    min: 0,
    max: SCHEMA_PRIVILEGES.length,
  },
  {
    type_id: EntitlementTypeId.tables,
    type_label: 'Privilege on all tables of a schema',
    resource_type_id: ResourceTypeId.schema,
    min: 0,
    max: TABLE_PRIVILEGES.length,
  },
];
