import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { BasicCredential } from '@grantkit/connector-core';
import pg from 'pg';
import { ROLE_ATTRIBUTES } from './enums.ts';
import { ConnectFailedError } from './errors.ts';
import type { Settings } from './settings.ts';

//// Connecting ////

/** What a call needs to reach the cluster. */
export interface ConnectTarget {
  settings: Settings;
  credential: BasicCredential;
  signal?: AbortSignal | undefined;
}

/** The driver's configuration for a target; the password goes only into this object. */
export function clientConfig(target: ConnectTarget): pg.ClientConfig {
  const { settings, credential } = target;
  return {
    host: settings.host,
    port: settings.port,
    database: settings.database,
    user: credential.username,
    password: credential.password,
    ssl: sslConfig(settings),
    connectionTimeoutMillis: settings.connect_timeout_seconds * 1_000,
    statement_timeout: settings.statement_timeout_seconds * 1_000,
    application_name: settings.application_name,
  };
}

function sslConfig(settings: Settings): pg.ClientConfig['ssl'] {
  const clientCertificate =
    settings.ssl_client_certificate !== undefined && settings.ssl_client_key !== undefined
      ? { cert: settings.ssl_client_certificate, key: settings.ssl_client_key }
      : {};
  switch (settings.ssl_mode) {
    case 'disable':
      return false;
    case 'require':
      return { rejectUnauthorized: false, ...clientCertificate };
    case 'verify-full':
      return {
        rejectUnauthorized: true,
        // SNI takes host names only; an IP address is checked against the certificate's
        // IP entries without it.
        ...(isIP(settings.host) === 0 ? { servername: settings.host } : {}),
        ...(settings.ssl_ca_certificate === undefined ? {} : { ca: settings.ssl_ca_certificate }),
        ...clientCertificate,
      };
  }
}

/**
 * Connection pools, one per target (server, database, role, password and options). A CLI
 * call uses one connection and exits; in serve mode, and when a caller pages through a
 * list in one process, later calls reuse the open connection instead of paying for a new
 * session each time. Idle connections close after a few seconds and never keep the process
 * alive. The key is a hash: the password is never kept in clear beside the pool.
 */
const pools = new Map<string, pg.Pool>();
const POOL_IDLE_MS = 5_000;
/** A server serving many tenants keeps the pools of the most recent ones. */
const MAX_POOLS = 32;

function poolFor(target: ConnectTarget): pg.Pool {
  const config = clientConfig(target);
  const key = createHash('sha256').update(JSON.stringify(config)).digest('base64url');
  let pool = pools.get(key);
  if (pool === undefined) {
    if (pools.size >= MAX_POOLS) {
      const [oldestKey, oldest] = pools.entries().next().value as [string, pg.Pool];
      pools.delete(oldestKey);
      void oldest.end().catch(() => {});
    }
    pool = new pg.Pool({
      ...config,
      max: 4,
      idleTimeoutMillis: POOL_IDLE_MS,
      allowExitOnIdle: true,
    });
    // An idle connection the server drops emits 'error' on the pool; the next call simply
    // opens a new one, so the event is not worth a crash.
    pool.on('error', () => {});
    pools.set(key, pool);
  }
  return pool;
}

/** Closes every pooled connection (for tests, benchmarks and server shutdown). */
export async function closeConnections(): Promise<void> {
  const open = [...pools.values()];
  pools.clear();
  await Promise.all(open.map((pool) => pool.end().catch(() => {})));
}

/**
 * Runs `use` with one connection of the target's pool. A connection that saw an error or
 * an abort is discarded rather than handed to the next call.
 */
export async function withCatalog<T>(
  target: ConnectTarget,
  use: (catalog: Catalog) => Promise<T>,
): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await poolFor(target).connect();
  } catch (error) {
    throw new ConnectFailedError(target.settings.host, target.settings.port, error);
  }
  let broken = false;
  const abort = (): void => {
    broken = true;
    client.release(true);
  };
  target.signal?.addEventListener('abort', abort, { once: true });
  try {
    return await use(new Catalog(client));
  } catch (error) {
    broken = true;
    throw error;
  } finally {
    target.signal?.removeEventListener('abort', abort);
    if (!target.signal?.aborted) client.release(broken);
  }
}

//// Quoting ////

/** Quotes a name as an SQL identifier with the driver's escaping. */
export function ident(name: string): string {
  return pg.escapeIdentifier(name);
}

/**
 * Builds, in SQL, the id encoding of ids.ts for a name column: '%' -> '%25', ':' -> '%3A'.
 * `column` is always a constant expression of this file, never input.
 */
function enc(column: string): string {
  return `replace(replace(${column}, '%', '%25'), ':', '%3A')`;
}

//// Rows ////

export interface AccountRow {
  oid: number;
  rolname: string;
  rolcanlogin: boolean;
  rolvaliduntil: Date | null;
  rolsuper: boolean;
  rolcreatedb: boolean;
  rolcreaterole: boolean;
  rolreplication: boolean;
  rolbypassrls: boolean;
  rolconnlimit: number;
  deactivated: boolean;
  comment: string | null;
}

export interface RoleRow {
  oid: number;
  rolname: string;
  rolcanlogin: boolean;
  deactivated: boolean;
  is_marker: boolean;
}

export interface ResourceRow {
  id: string;
  type: 'cluster' | 'database' | 'schema';
  name: string;
  owner: string | null;
  comment: string | null;
}

export interface EntitlementRow {
  id: string;
  kind: 'member' | 'attribute' | 'database' | 'schema' | 'tables';
  resource_id: string;
  object_name: string;
  privilege: string;
  public: boolean;
  predefined: boolean;
}

export interface AssociationRow {
  oid: number;
  rolname: string;
  entitlement_id: string;
  resource_id: string;
}

export interface CatalogAccess {
  readable: boolean;
  is_superuser: boolean;
  can_create_role: boolean;
  server_version: string;
}

/** Which accounts `accounts` returns: the window after a cursor, or named roles. */
export interface AccountsQuery {
  markerRole: string;
  afterOid: number;
  afterName: string;
  limit: number;
}

/** One page of associations, for a window of accounts (see `ASSOCIATIONS_SQL`). */
export interface AssociationsQuery {
  markerRole: string;
  /** The role oid the window starts at. */
  windowStart: number;
  /** Whether the role `windowStart` itself is in the window (a page ended inside it). */
  includeStart: boolean;
  windowSize: number;
  /** The last association served, within the window. */
  after: { oid: number; entitlementId: string } | undefined;
  limit: number;
}

export interface AssociationsPage {
  rows: AssociationRow[];
  /** The oid of the window's last account, when the window has any. */
  windowEnd: number | undefined;
  windowCount: number;
}

//// Reading the catalogs ////

/**
 * A role is an account when it can log in, or when this connector deactivated it
 * (a member of the marker role). The marker role is given as $1 in every query.
 */
const IS_MARKED = `EXISTS (
  SELECT 1 FROM pg_auth_members dm JOIN pg_roles mk ON mk.oid = dm.roleid
  WHERE dm.member = r.oid AND mk.rolname = $1)`;
const IS_ACCOUNT = `(r.rolcanlogin OR ${IS_MARKED})`;

const ACCOUNT_COLUMNS = `r.oid, r.rolname, r.rolcanlogin, r.rolvaliduntil, r.rolsuper,
  r.rolcreatedb, r.rolcreaterole, r.rolreplication, r.rolbypassrls, r.rolconnlimit,
  ${IS_MARKED} AS deactivated, shobj_description(r.oid, 'pg_authid') AS comment`;

/** SQL of one page of accounts; exported so the benchmark selects exactly the same rows. */
export const ACCOUNTS_PAGE_SQL = `SELECT ${ACCOUNT_COLUMNS}
  FROM pg_roles r
  WHERE ${IS_ACCOUNT} AND r.oid >= $2 AND (r.oid > $2 OR r.rolname > $3)
  ORDER BY r.oid, r.rolname
  LIMIT $4`;

/** Group roles: NOLOGIN roles that are neither deactivated accounts nor the marker. */
const IS_GROUP = `(NOT g.rolcanlogin AND g.rolname <> $1 AND NOT EXISTS (
  SELECT 1 FROM pg_auth_members gm JOIN pg_roles gk ON gk.oid = gm.roleid
  WHERE gm.member = g.oid AND gk.rolname = $1))`;

/** Relation kinds that GRANT ... ON ALL TABLES IN SCHEMA covers. */
const TABLE_KINDS = `('r', 'p', 'v', 'm', 'f')`;

const USER_SCHEMA = `n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'`;

const RESOURCES_SQL = `
  SELECT * FROM (
    SELECT '' AS id, 'cluster' AS type, current_setting('cluster_name') AS name,
      NULL::name AS owner, NULL::text AS comment
    UNION ALL
    SELECT 'database:' || ${enc('d.datname')}, 'database', d.datname,
      pg_get_userbyid(d.datdba), shobj_description(d.oid, 'pg_database')
    FROM pg_database d WHERE NOT d.datistemplate
    UNION ALL
    SELECT 'schema:' || ${enc('current_database()')} || ':' || ${enc('n.nspname')}, 'schema',
      n.nspname, pg_get_userbyid(n.nspowner), obj_description(n.oid, 'pg_namespace')
    FROM pg_namespace n WHERE ${USER_SCHEMA}
  ) x
  WHERE ($1::text IS NULL OR x.type = $1) AND ($2::text IS NULL OR x.id COLLATE "C" > $2)
  ORDER BY x.id COLLATE "C"
  LIMIT $3`;

/**
 * Every entitlement, with whether PUBLIC holds it. $1 is the marker role, $2 the role
 * attributes, $3/$4 filter on type and resource id, $5 is the cursor, $6 the limit.
 */
const ENTITLEMENTS_SQL = `
  WITH db_acl AS (
    SELECT d.datname, p.grantee, p.privilege_type
    FROM pg_database d,
      LATERAL aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) p
    WHERE NOT d.datistemplate
  ), nsp AS (
    SELECT n.oid, n.nspname, n.nspacl, n.nspowner FROM pg_namespace n WHERE ${USER_SCHEMA}
  ), table_public AS (
    SELECT c.relnamespace AS nsp, p.privilege_type, count(DISTINCT c.oid) AS granted
    FROM pg_class c, LATERAL aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) p
    WHERE c.relkind IN ${TABLE_KINDS} AND p.grantee = 0
    GROUP BY 1, 2
  ), table_count AS (
    SELECT c.relnamespace AS nsp, count(*) AS total FROM pg_class c
    WHERE c.relkind IN ${TABLE_KINDS} GROUP BY 1
  ), all_entitlements AS (
    SELECT 'attribute:' || a.attr AS id, 'attribute' AS kind, '' AS resource_id,
      '' AS object_name, a.attr AS privilege, false AS public, false AS predefined
    FROM unnest($2::text[]) a(attr)
    UNION ALL
    SELECT 'member:' || ${enc('g.rolname')}, 'member', '', g.rolname, '', false,
      g.rolname LIKE 'pg\\_%'
    FROM pg_roles g WHERE ${IS_GROUP}
    UNION ALL
    SELECT 'database:' || ${enc('d.datname')} || ':' || p.priv, 'database',
      'database:' || ${enc('d.datname')}, d.datname, p.priv,
      EXISTS (SELECT 1 FROM db_acl x
              WHERE x.datname = d.datname AND x.grantee = 0 AND x.privilege_type = p.priv),
      false
    FROM pg_database d, unnest(ARRAY['CONNECT', 'CREATE', 'TEMPORARY']) p(priv)
    WHERE NOT d.datistemplate
    UNION ALL
    SELECT 'schema:' || ${enc('current_database()')} || ':' || ${enc('n.nspname')} || ':' || p.priv,
      'schema', 'schema:' || ${enc('current_database()')} || ':' || ${enc('n.nspname')},
      n.nspname, p.priv,
      EXISTS (SELECT 1 FROM aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) x
              WHERE x.grantee = 0 AND x.privilege_type = p.priv),
      false
    FROM nsp n, unnest(ARRAY['USAGE', 'CREATE']) p(priv)
    UNION ALL
    SELECT 'tables:' || ${enc('current_database()')} || ':' || ${enc('n.nspname')} || ':' || p.priv,
      'tables', 'schema:' || ${enc('current_database()')} || ':' || ${enc('n.nspname')},
      n.nspname, p.priv,
      coalesce(tc.total > 0 AND tp.granted = tc.total, false),
      false
    FROM nsp n CROSS JOIN unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']) p(priv)
      LEFT JOIN table_count tc ON tc.nsp = n.oid
      LEFT JOIN table_public tp ON tp.nsp = n.oid AND tp.privilege_type = p.priv
  )
  SELECT * FROM all_entitlements e
  WHERE ($3::text[] IS NULL OR e.kind = ANY($3::text[]))
    AND ($4::text IS NULL OR e.resource_id = $4)
    AND ($5::text IS NULL OR e.id COLLATE "C" > $5)
  ORDER BY e.id COLLATE "C"
  LIMIT $6`;

/**
 * Who holds what, for a window of accounts. $1 marker role, $2 the oid the window starts
 * at, $3 whether that oid itself is included, $4 the window size, $5/$6 the cursor within
 * the window (oid, entitlement id), $7 the page limit.
 */
const ASSOCIATIONS_SQL = `
  WITH accounts AS (
    SELECT r.oid, r.rolname, r.rolsuper, r.rolcreatedb, r.rolcreaterole, r.rolreplication,
      r.rolbypassrls
    FROM pg_roles r
    WHERE ${IS_ACCOUNT} AND (r.oid > $2 OR ($3 AND r.oid = $2))
    ORDER BY r.oid LIMIT $4
  ), nsp AS (
    SELECT n.oid, n.nspname, n.nspacl, n.nspowner FROM pg_namespace n WHERE ${USER_SCHEMA}
  ), table_count AS (
    SELECT c.relnamespace AS nsp, count(*) AS total FROM pg_class c
    WHERE c.relkind IN ${TABLE_KINDS} GROUP BY 1
  ), table_acl AS (
    SELECT c.oid AS rel, c.relnamespace AS nsp, p.grantee, p.privilege_type
    FROM pg_class c, LATERAL aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) p
    WHERE c.relkind IN ${TABLE_KINDS}
      AND p.privilege_type IN ('SELECT', 'INSERT', 'UPDATE', 'DELETE')
  ), default_acl AS (
    SELECT d.defaclnamespace AS nsp, p.grantee, p.privilege_type
    FROM pg_default_acl d, LATERAL aclexplode(d.defaclacl) p
    WHERE d.defaclobjtype = 'r'
  ), held AS (
    SELECT a.oid, a.rolname, 'member:' || ${enc('g.rolname')} AS entitlement_id,
      '' AS resource_id
    FROM accounts a JOIN pg_auth_members m ON m.member = a.oid
      JOIN pg_roles g ON g.oid = m.roleid
    WHERE ${IS_GROUP}
    UNION
    SELECT a.oid, a.rolname, 'attribute:' || v.attr, ''
    FROM accounts a, LATERAL (VALUES ('SUPERUSER', a.rolsuper), ('CREATEDB', a.rolcreatedb),
      ('CREATEROLE', a.rolcreaterole), ('REPLICATION', a.rolreplication),
      ('BYPASSRLS', a.rolbypassrls)) v(attr, has)
    WHERE v.has
    UNION
    SELECT a.oid, a.rolname, 'database:' || ${enc('d.datname')} || ':' || p.privilege_type,
      'database:' || ${enc('d.datname')}
    FROM pg_database d,
      LATERAL aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) p
      JOIN accounts a ON p.grantee = a.oid OR p.grantee = 0
    WHERE NOT d.datistemplate AND p.privilege_type IN ('CONNECT', 'CREATE', 'TEMPORARY')
    UNION
    SELECT a.oid, a.rolname,
      'schema:' || ${enc('current_database()')} || ':' || ${enc('n.nspname')} || ':' ||
        p.privilege_type,
      'schema:' || ${enc('current_database()')} || ':' || ${enc('n.nspname')}
    FROM nsp n,
      LATERAL aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) p
      JOIN accounts a ON p.grantee = a.oid OR p.grantee = 0
    WHERE p.privilege_type IN ('USAGE', 'CREATE')
    UNION
    SELECT t.oid, t.rolname,
      'tables:' || ${enc('current_database()')} || ':' || ${enc('n.nspname')} || ':' ||
        t.privilege_type,
      'schema:' || ${enc('current_database()')} || ':' || ${enc('n.nspname')}
    FROM (
      SELECT a.oid, a.rolname, x.nsp, x.privilege_type, count(DISTINCT x.rel) AS granted
      FROM table_acl x JOIN accounts a ON x.grantee = a.oid OR x.grantee = 0
      GROUP BY 1, 2, 3, 4
    ) t JOIN nsp n ON n.oid = t.nsp JOIN table_count tc ON tc.nsp = t.nsp
    WHERE t.granted = tc.total
    UNION
    SELECT a.oid, a.rolname,
      'tables:' || ${enc('current_database()')} || ':' || ${enc('n.nspname')} || ':' ||
        x.privilege_type,
      'schema:' || ${enc('current_database()')} || ':' || ${enc('n.nspname')}
    FROM default_acl x JOIN accounts a ON x.grantee = a.oid OR x.grantee = 0
      JOIN nsp n ON n.oid = x.nsp
    WHERE x.privilege_type IN ('SELECT', 'INSERT', 'UPDATE', 'DELETE')
      AND NOT EXISTS (SELECT 1 FROM table_count tc WHERE tc.nsp = x.nsp)
  )
  SELECT h.oid, h.rolname, h.entitlement_id, h.resource_id FROM held h
  WHERE $5::oid IS NULL OR h.oid > $5
    OR (h.oid = $5 AND h.entitlement_id COLLATE "C" > $6)
  ORDER BY h.oid, h.entitlement_id COLLATE "C"
  LIMIT $7`;

/** Typed access to the catalogs through one connection. */
export class Catalog {
  readonly client: pg.ClientBase;

  constructor(client: pg.ClientBase) {
    this.client = client;
  }

  /** The cluster's system identifier: stable for the cluster, whatever its host name. */
  async systemIdentifier(): Promise<string> {
    const result = await this.client.query<{ id: string }>(
      'SELECT system_identifier::text AS id FROM pg_control_system()',
    );
    return result.rows[0]!.id;
  }

  /** Whether the role can read the catalogs the connector reads, and what it may change. */
  async access(): Promise<CatalogAccess> {
    const tables = [
      'pg_catalog.pg_roles',
      'pg_catalog.pg_auth_members',
      'pg_catalog.pg_database',
      'pg_catalog.pg_namespace',
      'pg_catalog.pg_class',
      'pg_catalog.pg_shdepend',
      'pg_catalog.pg_default_acl',
    ];
    const result = await this.client.query<CatalogAccess>(
      `SELECT bool_and(has_table_privilege(t, 'SELECT')) AS readable,
         (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS is_superuser,
         (SELECT rolcreaterole FROM pg_roles WHERE rolname = current_user) AS can_create_role,
         current_setting('server_version') AS server_version
       FROM unnest($1::text[]) t`,
      [tables],
    );
    return result.rows[0]!;
  }

  async accounts(query: AccountsQuery): Promise<AccountRow[]> {
    const result = await this.client.query<AccountRow>(ACCOUNTS_PAGE_SQL, [
      query.markerRole,
      query.afterOid,
      query.afterName,
      query.limit,
    ]);
    return result.rows;
  }

  /** The account of this name, or undefined when there is no such role or it is a group. */
  async account(markerRole: string, name: string): Promise<AccountRow | undefined> {
    const result = await this.client.query<AccountRow>(
      `SELECT ${ACCOUNT_COLUMNS} FROM pg_roles r WHERE ${IS_ACCOUNT} AND r.rolname = $2`,
      [markerRole, name],
    );
    return result.rows[0];
  }

  /** A role of any kind, with whether it is a deactivated account or the marker itself. */
  async role(markerRole: string, name: string): Promise<RoleRow | undefined> {
    const result = await this.client.query<RoleRow>(
      `SELECT r.oid, r.rolname, r.rolcanlogin, ${IS_MARKED} AS deactivated,
         r.rolname = $1 AS is_marker
       FROM pg_roles r WHERE r.rolname = $2`,
      [markerRole, name],
    );
    return result.rows[0];
  }

  async resources(
    type: string | undefined,
    afterId: string | undefined,
    limit: number,
  ): Promise<ResourceRow[]> {
    const result = await this.client.query<ResourceRow>(RESOURCES_SQL, [
      type ?? null,
      afterId ?? null,
      limit,
    ]);
    return result.rows;
  }

  async entitlements(options: {
    markerRole: string;
    kinds: readonly string[] | undefined;
    resourceId: string | undefined;
    afterId: string | undefined;
    limit: number;
  }): Promise<EntitlementRow[]> {
    const result = await this.client.query<EntitlementRow>(ENTITLEMENTS_SQL, [
      options.markerRole,
      ROLE_ATTRIBUTES,
      options.kinds ?? null,
      options.resourceId ?? null,
      options.afterId ?? null,
      options.limit,
    ]);
    return result.rows;
  }

  async associations(options: AssociationsQuery): Promise<AssociationsPage> {
    // Both statements read one snapshot, so the window they see is the same window.
    await this.client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      return await this.#associationsInSnapshot(options);
    } finally {
      // Read only: a failed COMMIT loses nothing, and must not hide the query's own error.
      await this.client.query('COMMIT').catch(() => {});
    }
  }

  async #associationsInSnapshot(options: AssociationsQuery): Promise<AssociationsPage> {
    const window = await this.client.query<{ last: number | null; count: string }>(
      `SELECT max(oid) AS last, count(*) AS count FROM (
         SELECT r.oid FROM pg_roles r
         WHERE ${IS_ACCOUNT} AND (r.oid > $2 OR ($3 AND r.oid = $2))
         ORDER BY r.oid LIMIT $4) w`,
      [options.markerRole, options.windowStart, options.includeStart, options.windowSize],
    );
    const result = await this.client.query<AssociationRow>(ASSOCIATIONS_SQL, [
      options.markerRole,
      options.windowStart,
      options.includeStart,
      options.windowSize,
      options.after?.oid ?? null,
      options.after?.entitlementId ?? null,
      options.limit,
    ]);
    const row = window.rows[0]!;
    return {
      rows: result.rows,
      windowEnd: row.last ?? undefined,
      windowCount: Number(row.count),
    };
  }

  /** The ids of the entitlements one account holds (directly or through PUBLIC). */
  async heldBy(markerRole: string, roleOid: number): Promise<string[]> {
    const result = await this.client.query<AssociationRow>(ASSOCIATIONS_SQL, [
      markerRole,
      roleOid,
      true,
      1,
      null,
      null,
      100_000,
    ]);
    return result.rows.filter((row) => row.oid === roleOid).map((row) => row.entitlement_id);
  }

  /** Objects the role owns anywhere in the cluster, described for a person. */
  async ownedObjects(roleOid: number): Promise<string[]> {
    const result = await this.client.query<{ description: string }>(
      `SELECT CASE
           WHEN s.dbid = 0 OR d.datname = current_database()
             THEN pg_describe_object(s.classid, s.objid, s.objsubid)
           ELSE format('%s %s in database %s', s.classid::regclass, s.objid, d.datname)
         END AS description
       FROM pg_shdepend s LEFT JOIN pg_database d ON d.oid = s.dbid
       WHERE s.refclassid = 'pg_authid'::regclass AND s.refobjid = $1 AND s.deptype = 'o'
       ORDER BY 1`,
      [roleOid],
    );
    return result.rows.map((row) => row.description);
  }

  async currentDatabase(): Promise<string> {
    const result = await this.client.query<{ name: string }>('SELECT current_database() AS name');
    return result.rows[0]!.name;
  }

  /** Runs statements built only from quoted identifiers and constants. */
  async execute(sql: string): Promise<void> {
    await this.client.query(sql);
  }

  /** Runs `work` in one transaction: all of it happens, or none of it. */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.client.query('BEGIN');
    try {
      const result = await work();
      await this.client.query('COMMIT');
      return result;
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  }
}
