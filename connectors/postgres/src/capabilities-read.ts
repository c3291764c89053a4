import {
  type CapabilityContext,
  ConnectorError,
  type FoundAccountData,
  type FoundEntitlementAssociation,
  type FoundEntitlementData,
  type FoundResourceData,
} from '@grantkit/connector-core';
import {
  type AccountRow,
  type Catalog,
  type ConnectTarget,
  type EntitlementRow,
  type ResourceRow,
  withCatalog,
} from './client.ts';
import { EntitlementTypeId, ResourceTypeId } from './enums.ts';
import { parseResourceId } from './ids.ts';
import {
  accountsTokens,
  associationsTokens,
  entitlementsTokens,
  pageSize,
  resourcesTokens,
} from './pagination.ts';
import type { Settings } from './settings.ts';

type Context = CapabilityContext<Settings>;

/** Where to connect, from the call's settings and its basic credential. */
export function targetOf(context: Context): ConnectTarget {
  return {
    settings: context.settings,
    credential: context.credential('basic'),
    signal: context.signal,
  };
}

//// validate_credentials ////

export async function validateCredentials(
  context: Context,
): Promise<{ valid: true; unique_tenant_id: string }> {
  return withCatalog(targetOf(context), async (catalog) => {
    const access = await catalog.access();
    if (!access.readable) {
      throw new ConnectorError(
        'permission_denied',
        `Role '${context.credential('basic').username}' cannot read the PostgreSQL catalogs ` +
          '(pg_roles, pg_auth_members, pg_database, pg_namespace, pg_class, pg_shdepend); ' +
          'grant it SELECT on them or use an admin role',
      );
    }
    if (!access.is_superuser && !access.can_create_role) {
      context.logger.warn('the role can read but not change roles: writes will be refused', {
        server_version: access.server_version,
      });
    }
    return { valid: true, unique_tenant_id: await catalog.systemIdentifier() };
  });
}

//// Accounts ////

/** The compiled service_account_pattern, compiled once per distinct pattern. */
const servicePatterns = new Map<string, RegExp>();

function servicePattern(settings: Settings): RegExp {
  let pattern = servicePatterns.get(settings.service_account_pattern);
  if (pattern === undefined) {
    if (servicePatterns.size >= 64) servicePatterns.clear();
    pattern = new RegExp(settings.service_account_pattern, 'u');
    servicePatterns.set(settings.service_account_pattern, pattern);
  }
  return pattern;
}

export function toAccount(row: AccountRow, settings: Settings): FoundAccountData {
  const expired = row.rolvaliduntil !== null && row.rolvaliduntil.getTime() <= Date.now();
  const status = !row.rolcanlogin ? 'INACTIVE' : expired ? 'SUSPENDED' : 'ACTIVE';
  const service = servicePattern(settings).test(row.rolname);
  return {
    integration_specific_id: row.rolname,
    username: row.rolname,
    user_status: status,
    account_type: service ? 'service' : 'user',
    extra_data: {
      oid: row.oid,
      can_login: row.rolcanlogin,
      valid_until: validUntil(row.rolvaliduntil),
      deactivated_by_connector: row.deactivated,
      connection_limit: row.rolconnlimit,
      attributes: attributesOf(row),
      comment: row.comment,
    },
  };
}

function validUntil(value: Date | null): string | null {
  if (value === null) return null;
  // 'infinity' arrives as a Date of Infinity time; it means "never expires".
  return Number.isFinite(value.getTime()) ? value.toISOString() : 'infinity';
}

function attributesOf(row: AccountRow): string[] {
  const flags: Array<[string, boolean]> = [
    ['SUPERUSER', row.rolsuper],
    ['CREATEDB', row.rolcreatedb],
    ['CREATEROLE', row.rolcreaterole],
    ['REPLICATION', row.rolreplication],
    ['BYPASSRLS', row.rolbypassrls],
  ];
  return flags.filter(([, has]) => has).map(([name]) => name);
}

export async function listAccounts(
  context: Context,
): Promise<{ response: FoundAccountData[]; nextPageToken: string | undefined }> {
  const cursor = accountsTokens.decode(context.page.token);
  const size = pageSize(context.page.size);
  const rows = await withCatalog(targetOf(context), (catalog) =>
    catalog.accounts({
      markerRole: context.settings.deactivated_marker_role,
      afterOid: cursor?.after_oid ?? 0,
      afterName: cursor?.after_name ?? '',
      limit: size + 1,
    }),
  );
  const page = rows.slice(0, size);
  const last = page.at(-1);
  return {
    response: page.map((row) => toAccount(row, context.settings)),
    nextPageToken:
      rows.length > size && last !== undefined
        ? accountsTokens.encode({ after_oid: last.oid, after_name: last.rolname })
        : undefined,
  };
}

export async function getAccount(
  context: Context,
  accountId: string,
): Promise<{ response: FoundAccountData }> {
  const row = await withCatalog(targetOf(context), (catalog) =>
    requireAccount(catalog, context.settings, accountId),
  );
  return { response: toAccount(row, context.settings) };
}

/** The account of this id, or a `not_found` error saying why the role is not an account. */
export async function requireAccount(
  catalog: Catalog,
  settings: Settings,
  accountId: string,
): Promise<AccountRow> {
  const row = await catalog.account(settings.deactivated_marker_role, accountId);
  if (row !== undefined) return row;
  const role = await catalog.role(settings.deactivated_marker_role, accountId);
  throw new ConnectorError(
    'not_found',
    role === undefined
      ? `No role named '${accountId}' exists in the cluster; list_accounts shows the accounts`
      : `Role '${accountId}' is a group role (NOLOGIN), not an account; ` +
          'grant it with assign_entitlement (role_membership) instead',
  );
}

//// Resources ////

const RESOURCE_TYPE_IDS: readonly string[] = Object.values(ResourceTypeId);

export async function listResources(
  context: Context,
  resourceType: string | undefined,
): Promise<{ response: FoundResourceData[]; nextPageToken: string | undefined }> {
  if (resourceType !== undefined && !RESOURCE_TYPE_IDS.includes(resourceType)) {
    throw new ConnectorError(
      'bad_request',
      `Unknown resource_type '${resourceType}'; use one of: ${RESOURCE_TYPE_IDS.join(', ')}`,
    );
  }
  const cursor = resourcesTokens.decode(context.page.token);
  const size = pageSize(context.page.size);
  const rows = await withCatalog(targetOf(context), async (catalog) => {
    const found = await catalog.resources(resourceType, cursor?.after_id, size + 1);
    return {
      found,
      sysid: found.some((r) => r.type === 'cluster') ? await catalog.systemIdentifier() : '',
    };
  });
  const page = rows.found.slice(0, size);
  return {
    response: page.map((row) => toResource(row, rows.sysid)),
    nextPageToken:
      rows.found.length > size ? resourcesTokens.encode({ after_id: page.at(-1)!.id }) : undefined,
  };
}

function toResource(row: ResourceRow, systemIdentifier: string): FoundResourceData {
  if (row.type === 'cluster') {
    return {
      integration_specific_id: row.id,
      label: row.name === '' ? 'PostgreSQL cluster' : `PostgreSQL cluster ${row.name}`,
      resource_type: ResourceTypeId.cluster,
      extra_data: { system_identifier: systemIdentifier },
    };
  }
  return {
    integration_specific_id: row.id,
    label: row.type === 'database' ? row.name : `${row.name} (schema)`,
    resource_type: row.type === 'database' ? ResourceTypeId.database : ResourceTypeId.schema,
    extra_data: { name: row.name, owner: row.owner, comment: row.comment },
  };
}

//// Entitlements ////

const KINDS_BY_RESOURCE_TYPE: Record<string, readonly string[]> = {
  [ResourceTypeId.cluster]: ['member', 'attribute'],
  [ResourceTypeId.database]: ['database'],
  [ResourceTypeId.schema]: ['schema', 'tables'],
};

export async function listEntitlements(
  context: Context,
  filter: { resourceType: string | undefined; resourceId: string | undefined },
): Promise<{ response: FoundEntitlementData[]; nextPageToken: string | undefined }> {
  const kinds =
    filter.resourceType === undefined ? undefined : KINDS_BY_RESOURCE_TYPE[filter.resourceType];
  if (filter.resourceType !== undefined && kinds === undefined) {
    throw new ConnectorError(
      'bad_request',
      `Unknown resource_type '${filter.resourceType}'; use one of: ${RESOURCE_TYPE_IDS.join(', ')}`,
    );
  }
  if (filter.resourceId !== undefined && parseResourceId(filter.resourceId) === undefined) {
    throw new ConnectorError(
      'bad_request',
      `resource_integration_specific_id '${filter.resourceId}' is not a resource id of this ` +
        "connector; use '' (the cluster), 'database:<name>' or 'schema:<database>:<schema>'",
    );
  }
  const cursor = entitlementsTokens.decode(context.page.token);
  const size = pageSize(context.page.size);
  const rows = await withCatalog(targetOf(context), (catalog) =>
    catalog.entitlements({
      markerRole: context.settings.deactivated_marker_role,
      kinds,
      resourceId: filter.resourceId,
      afterId: cursor?.after_id,
      limit: size + 1,
    }),
  );
  const page = rows.slice(0, size);
  return {
    response: page.map(toEntitlement),
    nextPageToken:
      rows.length > size ? entitlementsTokens.encode({ after_id: page.at(-1)!.id }) : undefined,
  };
}

function toEntitlement(row: EntitlementRow): FoundEntitlementData {
  const common = {
    integration_specific_id: row.id,
    integration_specific_resource_id: row.resource_id,
    is_assignable: true,
  };
  switch (row.kind) {
    case 'member':
      return {
        ...common,
        entitlement_type: EntitlementTypeId.membership,
        label: `Member of ${row.object_name}`,
        extra_data: { role: row.object_name, predefined: row.predefined },
      };
    case 'attribute':
      return {
        ...common,
        entitlement_type: EntitlementTypeId.attribute,
        label: row.privilege,
        extra_data: { attribute: row.privilege },
      };
    case 'database':
      return {
        ...common,
        entitlement_type: EntitlementTypeId.database,
        label: `${row.privilege} on database ${row.object_name}`,
        extra_data: {
          database: row.object_name,
          privilege: row.privilege,
          granted_to_public: row.public,
        },
      };
    case 'schema':
    case 'tables':
      return {
        ...common,
        entitlement_type:
          row.kind === 'schema' ? EntitlementTypeId.schema : EntitlementTypeId.tables,
        label:
          row.kind === 'schema'
            ? `${row.privilege} on schema ${row.object_name}`
            : `${row.privilege} on all tables in schema ${row.object_name}`,
        extra_data: {
          schema: row.object_name,
          privilege: row.privilege,
          granted_to_public: row.public,
        },
      };
  }
}

//// Associations ////

export async function findEntitlementAssociations(
  context: Context,
): Promise<{ response: FoundEntitlementAssociation[]; nextPageToken: string | undefined }> {
  const cursor = associationsTokens.decode(context.page.token);
  const size = pageSize(context.page.size);
  const midRole = cursor?.after_entitlement != null;

  const result = await withCatalog(targetOf(context), (catalog) =>
    catalog.associations({
      markerRole: context.settings.deactivated_marker_role,
      windowStart: cursor?.after_oid ?? 0,
      includeStart: midRole,
      windowSize: size,
      after:
        cursor !== undefined && cursor.after_entitlement !== null
          ? { oid: cursor.after_oid, entitlementId: cursor.after_entitlement }
          : undefined,
      limit: size + 1,
    }),
  );

  const page = result.rows.slice(0, size);
  let nextPageToken: string | undefined;
  if (result.rows.length > size) {
    const last = page.at(-1)!;
    nextPageToken = associationsTokens.encode({
      after_oid: last.oid,
      after_entitlement: last.entitlement_id,
    });
  } else if (result.windowCount === size && result.windowEnd !== undefined) {
    // Every account of the window is done, but more accounts may follow it.
    nextPageToken = associationsTokens.encode({
      after_oid: result.windowEnd,
      after_entitlement: null,
    });
  }
  return {
    response: page.map((row) => ({
      account_id: row.rolname,
      integration_specific_entitlement_id: row.entitlement_id,
      integration_specific_resource_id: row.resource_id,
    })),
    nextPageToken,
  };
}
