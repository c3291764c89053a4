import {
  type AccountStatus,
  type CapabilityContext,
  type CapabilityRequest,
  ConnectorError,
} from '@grantkit/connector-core';
import pg from 'pg';
import { requireAccount, targetOf, toAccount } from './capabilities-read.ts';
import { type Catalog, ident, withCatalog } from './client.ts';
import { MARKER_ROLE_COMMENT } from './constants.ts';
import {
  type Entitlement,
  entitlementId,
  entitlementTypeOf,
  parseEntitlementId,
  resourceId,
  resourceOf,
  resourceTypeOf,
} from './ids.ts';
import type { Settings } from './settings.ts';

type Context = CapabilityContext<Settings>;

/** PostgreSQL truncates longer names silently, which would change the account's id. */
const MAX_NAME_BYTES = 63;

//// Reading what the request asks for ////

/** The entitlement a request names, checked against the type and resource it claims. */
export function requestedEntitlement(request: {
  entitlementId: string;
  entitlementType: string;
  resourceId: string | null | undefined;
  resourceType?: string | undefined;
}): Entitlement {
  const entitlement = parseEntitlementId(request.entitlementId);
  if (entitlement === undefined) {
    throw new ConnectorError(
      'bad_request',
      `'${request.entitlementId}' is not an entitlement id of this connector; ` +
        'list_entitlements shows them (e.g. member:<role>, database:<db>:CONNECT)',
    );
  }
  const expectedType = entitlementTypeOf(entitlement);
  const resource = resourceOf(entitlement);
  const expectedResource = resourceId(resource);
  if (request.entitlementType !== expectedType) {
    throw new ConnectorError(
      'bad_request',
      `Entitlement '${request.entitlementId}' has type '${expectedType}', ` +
        `not '${request.entitlementType}'`,
    );
  }
  if (request.resourceId != null && request.resourceId !== expectedResource) {
    throw new ConnectorError(
      'bad_request',
      `Entitlement '${request.entitlementId}' is on resource '${expectedResource}', ` +
        `not '${request.resourceId}'`,
    );
  }
  if (request.resourceType !== undefined && request.resourceType !== resourceTypeOf(resource)) {
    throw new ConnectorError(
      'bad_request',
      `Entitlement '${request.entitlementId}' is on a ${resourceTypeOf(resource)} resource, ` +
        `not a ${request.resourceType}`,
    );
  }
  return entitlement;
}

function checkRoleName(name: string | null | undefined): string {
  if (name == null || name.trim() === '') {
    throw new ConnectorError(
      'bad_request',
      'create_account needs `username`: it becomes the name of the PostgreSQL role',
    );
  }
  if (Buffer.byteLength(name) > MAX_NAME_BYTES || name.includes('\0')) {
    throw new ConnectorError(
      'bad_request',
      `username '${name}' is not a valid role name: at most ${MAX_NAME_BYTES} bytes, no NUL`,
    );
  }
  return name;
}

//// Grants ////

/** The statements that grant an entitlement; identifiers quoted, privileges from a list. */
async function grantStatements(
  catalog: Catalog,
  settings: Settings,
  entitlement: Entitlement,
  role: string,
): Promise<string[]> {
  const grantee = ident(role);
  switch (entitlement.kind) {
    case 'member':
      await requireGroup(catalog, settings, entitlement.role);
      return [`GRANT ${ident(entitlement.role)} TO ${grantee}`];
    case 'attribute':
      return [`ALTER ROLE ${grantee} WITH ${entitlement.attribute}`];
    case 'database':
      return [
        `GRANT ${entitlement.privilege} ON DATABASE ${ident(entitlement.database)} TO ${grantee}`,
      ];
    case 'schema':
      await requireConfiguredDatabase(catalog, entitlement.database);
      return [
        `GRANT ${entitlement.privilege} ON SCHEMA ${ident(entitlement.schema)} TO ${grantee}`,
      ];
    case 'tables': {
      await requireConfiguredDatabase(catalog, entitlement.database);
      const schema = ident(entitlement.schema);
      return [
        `GRANT ${entitlement.privilege} ON ALL TABLES IN SCHEMA ${schema} TO ${grantee}`,
        `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} ` +
          `GRANT ${entitlement.privilege} ON TABLES TO ${grantee}`,
      ];
    }
  }
}

async function revokeStatements(
  catalog: Catalog,
  entitlement: Entitlement,
  role: string,
): Promise<string[]> {
  const grantee = ident(role);
  switch (entitlement.kind) {
    case 'member':
      return [`REVOKE ${ident(entitlement.role)} FROM ${grantee}`];
    case 'attribute':
      return [`ALTER ROLE ${grantee} WITH NO${entitlement.attribute}`];
    case 'database':
      return [
        `REVOKE ${entitlement.privilege} ON DATABASE ${ident(entitlement.database)} FROM ${grantee}`,
      ];
    case 'schema':
      await requireConfiguredDatabase(catalog, entitlement.database);
      return [
        `REVOKE ${entitlement.privilege} ON SCHEMA ${ident(entitlement.schema)} FROM ${grantee}`,
      ];
    case 'tables': {
      await requireConfiguredDatabase(catalog, entitlement.database);
      const schema = ident(entitlement.schema);
      return [
        `REVOKE ${entitlement.privilege} ON ALL TABLES IN SCHEMA ${schema} FROM ${grantee}`,
        `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} ` +
          `REVOKE ${entitlement.privilege} ON TABLES FROM ${grantee}`,
      ];
    }
  }
}

async function requireGroup(catalog: Catalog, settings: Settings, name: string): Promise<void> {
  const role = await catalog.role(settings.deactivated_marker_role, name);
  if (role === undefined) {
    throw new ConnectorError('not_found', `No group role named '${name}' exists in the cluster`);
  }
  if (role.rolcanlogin || role.deactivated || role.is_marker) {
    throw new ConnectorError(
      'bad_request',
      `Role '${name}' is not a group role (it is ${role.is_marker ? 'the deactivation marker' : 'an account'}); ` +
        'only NOLOGIN group roles are membership entitlements',
    );
  }
}

async function requireConfiguredDatabase(catalog: Catalog, database: string): Promise<void> {
  const current = await catalog.currentDatabase();
  if (database !== current) {
    throw new ConnectorError(
      'bad_request',
      `Schema privileges of database '${database}' can only be changed by a connector whose ` +
        `database setting is '${database}' (this one connects to '${current}')`,
    );
  }
}

async function run(catalog: Catalog, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await catalog.execute(statement);
}

async function ensureMarkerRole(catalog: Catalog, settings: Settings): Promise<void> {
  const marker = settings.deactivated_marker_role;
  const existing = await catalog.role(marker, marker);
  if (existing !== undefined) {
    if (existing.rolcanlogin) {
      throw new ConnectorError(
        'conflict',
        `The deactivated_marker_role '${marker}' is a login role; name a dedicated ` +
          'NOLOGIN role in the deactivated_marker_role setting',
      );
    }
    return;
  }
  await catalog.execute(`CREATE ROLE ${ident(marker)} NOLOGIN`);
  await catalog.execute(
    `COMMENT ON ROLE ${ident(marker)} IS ${pg.escapeLiteral(MARKER_ROLE_COMMENT)}`,
  );
}

/**
 * Revokes a membership whoever granted it. Since PostgreSQL 16 a membership row has a
 * grantor and a plain REVOKE removes only the current role's grants; the others are
 * revoked by naming their grantor.
 */
async function revokeMembership(catalog: Catalog, group: string, role: string): Promise<void> {
  await catalog.execute(`REVOKE ${ident(group)} FROM ${ident(role)}`);
  const grantors = await catalog.client.query<{ grantor: string }>(
    `SELECT DISTINCT pg_get_userbyid(m.grantor) AS grantor FROM pg_auth_members m
     WHERE m.roleid = (SELECT oid FROM pg_roles WHERE rolname = $1)
       AND m.member = (SELECT oid FROM pg_roles WHERE rolname = $2)`,
    [group, role],
  );
  for (const { grantor } of grantors.rows) {
    await catalog.execute(
      `REVOKE ${ident(group)} FROM ${ident(role)} GRANTED BY ${ident(grantor)}`,
    );
  }
}

async function refuseSelf(catalog: Catalog, accountId: string, what: string): Promise<void> {
  const result = await catalog.client.query<{ me: string }>('SELECT current_user AS me');
  if (result.rows[0]!.me === accountId) {
    throw new ConnectorError(
      'bad_request',
      `Refusing to ${what} '${accountId}': it is the role this connector connects as`,
    );
  }
}

//// create_account ////

export async function createAccount(
  context: Context,
  request: CapabilityRequest<'create_account'>,
): Promise<{ id: string; status: AccountStatus; created: true }> {
  const name = checkRoleName(request.username);
  const status = request.user_status ?? 'ACTIVE';
  if (status !== 'ACTIVE' && status !== 'INACTIVE') {
    throw new ConnectorError(
      'bad_request',
      `create_account can create ACTIVE (LOGIN) or INACTIVE (NOLOGIN) roles, not ${status}`,
    );
  }
  const entitlements = request.entitlements.map((item) =>
    requestedEntitlement({
      entitlementId: item.integration_specific_id,
      entitlementType: item.entitlement_type,
      resourceId: item.integration_specific_resource_id,
    }),
  );
  const { settings } = context;

  await withCatalog(targetOf(context), (catalog) =>
    catalog.transaction(async () => {
      await catalog.execute(
        `CREATE ROLE ${ident(name)} ${status === 'ACTIVE' ? 'LOGIN' : 'NOLOGIN'}`,
      );
      for (const entitlement of entitlements) {
        await run(catalog, await grantStatements(catalog, settings, entitlement, name));
      }
      if (status === 'INACTIVE') {
        await ensureMarkerRole(catalog, settings);
        await catalog.execute(`GRANT ${ident(settings.deactivated_marker_role)} TO ${ident(name)}`);
      }
    }),
  );
  context.logger.info('role created', { role: name, entitlements: entitlements.length });
  return { id: name, status, created: true };
}

//// activate_account, deactivate_account ////

export async function deactivateAccount(
  context: Context,
  accountId: string,
): Promise<{ status: AccountStatus; deactivated: boolean }> {
  const { settings } = context;
  return withCatalog(targetOf(context), async (catalog) => {
    const account = await requireAccount(catalog, settings, accountId);
    await refuseSelf(catalog, accountId, 'deactivate');
    if (account.rolcanlogin || !account.deactivated) {
      await catalog.transaction(async () => {
        await ensureMarkerRole(catalog, settings);
        await catalog.execute(`ALTER ROLE ${ident(accountId)} NOLOGIN`);
        if (!account.deactivated) {
          await catalog.execute(
            `GRANT ${ident(settings.deactivated_marker_role)} TO ${ident(accountId)}`,
          );
        }
      });
    }
    if (settings.end_sessions_on_deactivate) await endSessions(context, catalog, accountId);
    return { status: 'INACTIVE', deactivated: true };
  });
}

/**
 * NOLOGIN stops new logins only; this ends the sessions the role has open. Lacking the
 * right to (pg_signal_backend), the account is still deactivated: the call succeeds and
 * the open sessions are named in a warning.
 */
async function endSessions(context: Context, catalog: Catalog, role: string): Promise<void> {
  try {
    const result = await catalog.client.query<{ ended: number }>(
      `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS ended
       FROM pg_stat_activity WHERE usename = $1 AND pid <> pg_backend_pid()`,
      [role],
    );
    const ended = result.rows[0]?.ended ?? 0;
    if (ended > 0) context.logger.info('ended open sessions', { role, sessions: ended });
  } catch (error) {
    if ((error as { code?: unknown }).code !== '42501') throw error;
    context.logger.warn('deactivated, but may not end the open sessions of the role', {
      role,
      next: 'grant pg_signal_backend to the connector role, or end them by hand',
    });
  }
}

export async function activateAccount(
  context: Context,
  accountId: string,
): Promise<{ status: AccountStatus; activated: boolean }> {
  const { settings } = context;
  return withCatalog(targetOf(context), async (catalog) => {
    const account = await requireAccount(catalog, settings, accountId);
    if (account.rolcanlogin && !account.deactivated) {
      return { status: toAccount(account, settings).user_status ?? 'ACTIVE', activated: true };
    }
    await catalog.transaction(async () => {
      await catalog.execute(`ALTER ROLE ${ident(accountId)} LOGIN`);
      if (account.deactivated) {
        await revokeMembership(catalog, settings.deactivated_marker_role, accountId);
      }
    });
    const after = await requireAccount(catalog, settings, accountId);
    return { status: toAccount(after, settings).user_status ?? 'ACTIVE', activated: true };
  });
}

//// delete_account ////

export async function deleteAccount(
  context: Context,
  accountId: string,
): Promise<{ status: AccountStatus; deleted: boolean }> {
  const { settings } = context;
  return withCatalog(targetOf(context), async (catalog) => {
    const account = await requireAccount(catalog, settings, accountId);
    await refuseSelf(catalog, accountId, 'delete');
    const owned = await catalog.ownedObjects(account.oid);
    const reassignTo = settings.reassign_owned_to;

    if (owned.length > 0 && reassignTo === undefined) {
      throw new ConnectorError(
        'conflict',
        `Role '${accountId}' owns ${owned.length} object(s): ${listed(owned)}. ` +
          'Reassign them first (REASSIGN OWNED BY), or set reassign_owned_to to the role ' +
          'that should take them',
        { appErrorCode: 'postgres.role_owns_objects' },
      );
    }
    const elsewhere = owned.filter((description) => / in database /.test(description));
    if (elsewhere.length > 0) {
      throw new ConnectorError(
        'conflict',
        `Role '${accountId}' owns object(s) in other databases, which this connection ` +
          `cannot reassign: ${listed(elsewhere)}. Run REASSIGN OWNED BY in each of them first`,
        { appErrorCode: 'postgres.role_owns_objects' },
      );
    }
    if (reassignTo !== undefined && owned.length > 0) {
      const target = await catalog.role(settings.deactivated_marker_role, reassignTo);
      if (target === undefined) {
        throw new ConnectorError(
          'bad_request',
          `reassign_owned_to names role '${reassignTo}', which does not exist`,
        );
      }
    }

    await catalog.transaction(async () => {
      if (reassignTo !== undefined && owned.length > 0) {
        await catalog.execute(`REASSIGN OWNED BY ${ident(accountId)} TO ${ident(reassignTo)}`);
      }
      // Owns nothing here by now: this only revokes the role's privileges and default
      // privileges in this database, which would otherwise block DROP ROLE.
      await catalog.execute(`DROP OWNED BY ${ident(accountId)}`);
      await catalog.execute(`DROP ROLE ${ident(accountId)}`);
    });
    context.logger.info('role dropped', { role: accountId, reassigned: owned.length });
    return { status: 'DELETED', deleted: true };
  });
}

function listed(items: readonly string[], limit = 20): string {
  const shown = items.slice(0, limit).join(', ');
  return items.length > limit ? `${shown}, and ${items.length - limit} more` : shown;
}

//// assign_entitlement, unassign_entitlement ////

type GrantRequest = CapabilityRequest<'assign_entitlement'>;

function entitlementOfGrant(request: GrantRequest): Entitlement {
  return requestedEntitlement({
    entitlementId: request.entitlement_integration_specific_id,
    entitlementType: request.entitlement_type,
    resourceId: request.resource_integration_specific_id,
    resourceType: request.resource_type,
  });
}

export async function assignEntitlement(
  context: Context,
  request: GrantRequest,
): Promise<{ assigned: true }> {
  const entitlement = entitlementOfGrant(request);
  const role = request.account_integration_specific_id;
  await withCatalog(targetOf(context), async (catalog) => {
    await requireAccount(catalog, context.settings, role);
    const statements = await grantStatements(catalog, context.settings, entitlement, role);
    await catalog.transaction(() => run(catalog, statements));
  });
  return { assigned: true };
}

export async function unassignEntitlement(
  context: Context,
  request: GrantRequest,
): Promise<{ unassigned: true }> {
  const entitlement = entitlementOfGrant(request);
  const role = request.account_integration_specific_id;
  const id = entitlementId(entitlement);
  await withCatalog(targetOf(context), async (catalog) => {
    const account = await requireAccount(catalog, context.settings, role);
    await catalog.transaction(async () => {
      if (entitlement.kind === 'member') {
        await revokeMembership(catalog, entitlement.role, role);
      } else {
        await run(catalog, await revokeStatements(catalog, entitlement, role));
      }
    });
    const still = await catalog.heldBy(context.settings.deactivated_marker_role, account.oid);
    if (still.includes(id)) {
      throw new ConnectorError(
        'conflict',
        `Role '${role}' still holds ${id} after the REVOKE: it is granted to PUBLIC, or by a ` +
          'role whose grants this connector cannot revoke; revoke it from PUBLIC or as that role',
        { appErrorCode: 'postgres.still_granted' },
      );
    }
  });
  return { unassigned: true };
}
