import { randomBytes } from 'node:crypto';
import type { ResponseEnvelope } from '@grantkit/connector-core';
import { expectError, expectSuccess } from '@grantkit/connector-testing';
import pg from 'pg';
import { inject } from 'vitest';
import { closeConnections } from '../../src/client.ts';
import { integration } from '../../src/integration.ts';

/** The password every test call sends: it must never show up in any output. */
export const TEST_PASSWORD = 'Pw-never-print-9f2c7e';

export interface CallOptions {
  page?: { token?: string; size?: number };
  settings?: Record<string, unknown>;
  auth?: Record<string, unknown>;
}

/**
 * One test file's view of the backend: a prefix for its roles and schemas (roles are
 * cluster-wide), a database of its own on a real server, and an admin connection to set
 * things up behind the connector's back.
 */
export interface TestCluster {
  kind: 'embedded' | 'real';
  /** `embedded PGlite (PostgreSQL 18.6)` or `real PostgreSQL 15.x`. */
  label: string;
  database: string;
  prefix: string;
  admin: pg.Client;
  settings: Record<string, unknown>;
  /** A role or schema name unique to this file. */
  name(suffix: string): string;
  envelope(request: object, options?: CallOptions): Record<string, unknown>;
  call(capability: string, request: object, options?: CallOptions): Promise<ResponseEnvelope>;
  ok<T = unknown>(capability: string, request: object, options?: CallOptions): Promise<T>;
  error(
    capability: string,
    request: object,
    options?: CallOptions,
  ): Promise<ReturnType<typeof expectError>>;
  sql(text: string, values?: unknown[]): Promise<pg.QueryResult>;
  close(): Promise<void>;
}

export async function openCluster(tag: string): Promise<TestCluster> {
  const backend = inject('postgres');
  const url = new URL(backend.url);
  const prefix = `t_${tag}_${randomBytes(3).toString('hex')}_`;
  let database = decodeURIComponent(url.pathname.slice(1)) || 'postgres';

  if (backend.kind === 'real') {
    const setup = new pg.Client({ connectionString: backend.url });
    await setup.connect();
    database = `grantkit_${prefix.slice(2, -1)}`;
    await setup.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
    await setup.end();
  }
  const admin = new pg.Client({
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || 'postgres'),
    password: decodeURIComponent(url.password),
    database,
  });
  admin.on('error', () => {});
  await admin.connect();

  const settings = {
    host: url.hostname,
    port: Number(url.port || 5432),
    database,
    deactivated_marker_role: `${prefix}deactivated`,
  };
  const username = decodeURIComponent(url.username || 'postgres');
  const envelope = (request: object, options: CallOptions = {}) => ({
    auth: options.auth ?? { basic: { username, password: url.password || TEST_PASSWORD } },
    settings: { ...settings, ...options.settings },
    request,
    ...(options.page === undefined ? {} : { page: options.page }),
  });
  const call = (capability: string, request: object, options?: CallOptions) =>
    integration.dispatch(capability, envelope(request, options));

  return {
    kind: backend.kind,
    label:
      backend.kind === 'embedded'
        ? `embedded PGlite (PostgreSQL ${backend.version})`
        : `real PostgreSQL ${backend.version}`,
    database,
    prefix,
    admin,
    settings,
    name: (suffix) => `${prefix}${suffix}`,
    envelope,
    call,
    ok: async (capability, request, options) =>
      expectSuccess(await call(capability, request, options)),
    error: async (capability, request, options) =>
      expectError(await call(capability, request, options)),
    sql: (text, values) => admin.query(text, values),
    close: async () => {
      await closeConnections();
      await dropSchemasWithPrefix(admin, prefix);
      await dropRolesWithPrefix(admin, prefix);
      await admin.end();
      if (backend.kind === 'real') {
        const setup = new pg.Client({ connectionString: backend.url });
        await setup.connect();
        await setup.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
        await setup.end();
      }
    },
  };
}

/** Drops every role this file made (and what they own in its database). */
export async function dropRolesWithPrefix(admin: pg.Client, prefix: string): Promise<void> {
  const roles = await admin.query<{ rolname: string }>(
    'SELECT rolname FROM pg_roles WHERE starts_with(rolname, $1) ORDER BY oid DESC',
    [prefix],
  );
  if (roles.rows.length === 0) return;
  const list = roles.rows.map((row) => pg.escapeIdentifier(row.rolname)).join(', ');
  await admin.query(`DROP OWNED BY ${list} CASCADE`);
  await admin.query(`DROP ROLE ${list}`);
}

export async function dropSchemasWithPrefix(admin: pg.Client, prefix: string): Promise<void> {
  const schemas = await admin.query<{ nspname: string }>(
    'SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)',
    [prefix],
  );
  for (const { nspname } of schemas.rows) {
    await admin.query(`DROP SCHEMA ${pg.escapeIdentifier(nspname)} CASCADE`);
  }
}
