import type { FoundAccountData, FoundEntitlementAssociation } from '@grantkit/connector-core';
import { collectPages } from '@grantkit/connector-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integration } from '../src/integration.ts';
import { openCluster, TEST_PASSWORD, type TestCluster } from './support/cluster.ts';
import { startFakeAuthServer } from './support/fake-auth-server.ts';

let cluster: TestCluster;
let p: string;

beforeAll(async () => {
  cluster = await openCluster('sec');
  p = cluster.prefix;
});

afterAll(() => cluster?.close());

/**
 * Everything outside this file's roles that a stray statement could have changed; privileges
 * compared as what they grant (a default ACL and its spelled-out form are the same).
 */
async function clusterSnapshot(): Promise<unknown> {
  const result = await cluster.sql(
    `SELECT
       (SELECT json_agg(json_build_object('name', rolname, 'login', rolcanlogin,
          'super', rolsuper, 'createrole', rolcreaterole) ORDER BY oid)
        FROM pg_roles WHERE NOT starts_with(rolname, $1)) AS roles,
       (SELECT json_agg(json_build_object('role', roleid, 'member', member) ORDER BY roleid, member)
        FROM pg_auth_members m
        WHERE NOT starts_with(pg_get_userbyid(m.member), $1)
          AND NOT starts_with(pg_get_userbyid(m.roleid), $1)) AS members,
       (SELECT json_agg(format('%s %s %s', d.datname, a.grantee, a.privilege_type)
          ORDER BY d.oid, a.grantee, a.privilege_type)
        FROM pg_database d,
          aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a) AS databases,
       (SELECT json_agg(format('%s %s %s', n.nspname, a.grantee, a.privilege_type)
          ORDER BY n.oid, a.grantee, a.privilege_type)
        FROM pg_namespace n,
          aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a
        WHERE NOT starts_with(n.nspname, $1)) AS schemas`,
    [p],
  );
  return result.rows[0];
}

describe('hostile role names', () => {
  const hostile = () => [
    `${p}x'); DROP ROLE postgres;--`,
    `${p}semi;colon`,
    `${p}with space`,
    `${p}"quoted"`,
    `${p}ünï 名前 🐘`,
    `${p}SELECT`,
    `${p}a:b%3A`,
  ];

  it('are created, granted, listed, deactivated and deleted as names, nothing else happens', async () => {
    const before = await clusterSnapshot();
    const group = `${p}grp"; GRANT pg_read_all_data TO PUBLIC;--`;
    await cluster.sql(`CREATE ROLE ${cluster.admin.escapeIdentifier(group)} NOLOGIN`);
    const schema = `${p}s"; DROP SCHEMA public;--`;
    await cluster.sql(`CREATE SCHEMA ${cluster.admin.escapeIdentifier(schema)}`);
    await cluster.sql(`CREATE TABLE ${cluster.admin.escapeIdentifier(schema)}.t (id int)`);
    const schemaId = `schema:${cluster.database}:${schema.replaceAll('%', '%25').replaceAll(':', '%3A')}`;

    for (const name of hostile()) {
      const created = await cluster.ok('create_account', {
        username: name,
        entitlements: [
          {
            integration_specific_id: `member:${group.replaceAll('%', '%25').replaceAll(':', '%3A')}`,
            entitlement_type: 'role_membership',
          },
          {
            integration_specific_id: `tables:${schemaId.slice(7)}:SELECT`,
            entitlement_type: 'table_privilege',
          },
        ],
      });
      expect(created).toEqual({ id: name, status: 'ACTIVE', created: true });
    }

    const accounts = await collectPages(integration, 'list_accounts', cluster.envelope({}), {
      pageSize: 3,
    });
    const names = (accounts.items as FoundAccountData[]).map((a) => a.integration_specific_id);
    expect(names.filter((n) => n.startsWith(p))).toEqual(hostile());

    const associations = await collectPages(
      integration,
      'find_entitlement_associations',
      cluster.envelope({}),
      { pageSize: 50 },
    );
    for (const name of hostile()) {
      const held = (associations.items as FoundEntitlementAssociation[])
        .filter((a) => a.account_id === name)
        .map((a) => a.integration_specific_entitlement_id)
        .filter((id) => id.includes(p));
      expect(held).toEqual([
        `member:${group.replaceAll('%', '%25').replaceAll(':', '%3A')}`,
        `tables:${schemaId.slice(7)}:SELECT`,
      ]);
    }

    for (const name of hostile()) {
      expect(await cluster.ok('deactivate_account', { account_id: name })).toMatchObject({
        deactivated: true,
      });
      expect(await cluster.ok('activate_account', { account_id: name })).toMatchObject({
        activated: true,
      });
      expect(await cluster.ok('delete_account', { account_id: name })).toEqual({
        status: 'DELETED',
        deleted: true,
      });
    }
    const left = await cluster.sql(
      'SELECT count(*)::int AS n FROM pg_roles WHERE rolname = ANY($1)',
      [hostile()],
    );
    expect(left.rows[0].n).toBe(0);
    expect(await clusterSnapshot()).toEqual(before);
  });
});

describe('a hostile database name', () => {
  it('is granted and revoked as a name, and shows up in the ids escaped', async () => {
    const database = `${p}db:"; DROP DATABASE postgres;--`;
    const quoted = cluster.admin.escapeIdentifier(database);
    await cluster.sql(`CREATE DATABASE ${quoted}`);
    try {
      await cluster.sql(`CREATE ROLE ${p}dbuser LOGIN`);
      const id = `database:${database.replaceAll('%', '%25').replaceAll(':', '%3A')}`;
      const request = {
        account_integration_specific_id: `${p}dbuser`,
        entitlement_integration_specific_id: `${id}:CREATE`,
        entitlement_type: 'database_privilege',
        resource_integration_specific_id: id,
        resource_type: 'database',
      };
      const before = await clusterSnapshot();
      expect(await cluster.ok('assign_entitlement', request)).toEqual({ assigned: true });
      const can = await cluster.sql(`SELECT has_database_privilege($1, $2, 'CREATE') AS can`, [
        `${p}dbuser`,
        database,
      ]);
      expect(can.rows[0].can).toBe(true);
      const resources = await cluster.ok<Array<{ integration_specific_id: string }>>(
        'list_resources',
        { resource_type: 'database' },
      );
      expect(resources.map((r) => r.integration_specific_id)).toContain(id);
      expect(await cluster.ok('unassign_entitlement', request)).toEqual({ unassigned: true });
      expect(await clusterSnapshot()).toEqual(before);
    } finally {
      await cluster.sql(`DROP DATABASE ${quoted}`);
    }
  });
});

describe('the admin password', () => {
  const secret = TEST_PASSWORD;

  function expectNoSecret(value: unknown): void {
    const text = JSON.stringify(value);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(encodeURIComponent(secret));
    expect(text).not.toContain(Buffer.from(secret).toString('base64'));
  }

  function captureLogs(): { lines: string[]; logger: Parameters<typeof integration.dispatch>[2] } {
    const lines: string[] = [];
    const log = (message: string, fields?: Record<string, unknown>) =>
      lines.push(`${message} ${JSON.stringify(fields ?? {})}`);
    return {
      lines,
      logger: {
        logger: { debug: log, info: log, warn: log, error: log, isEnabled: () => true },
      },
    };
  }

  it('never appears when the server rejects it, even if the server quotes it', async () => {
    const fake = await startFakeAuthServer({ echoPassword: true });
    try {
      const logs = captureLogs();
      const envelope = await integration.dispatch(
        'validate_credentials',
        cluster.envelope(
          {},
          {
            settings: { host: '127.0.0.1', port: fake.port },
            auth: { basic: { username: 'admin', password: secret } },
          },
        ),
        logs.logger,
      );
      expect(envelope).toMatchObject({
        is_error: true,
        error: { error_code: 'unauthorized', app_error_code: 'postgres.28P01' },
      });
      expect((envelope as { error: { message: string } }).error.message).toBe(
        'PostgreSQL refused validate_credentials: password authentication failed for user ' +
          '"admin" (got "[REDACTED]") [SQLSTATE 28P01]; check the username and password of ' +
          'the basic credential',
      );
      expectNoSecret(envelope);
      expectNoSecret(logs.lines);
    } finally {
      await fake.close();
    }
  });

  it('never appears when the port is closed', async () => {
    const envelope = await cluster.call(
      'list_accounts',
      {},
      { settings: { host: '127.0.0.1', port: 1 } },
    );
    expect(envelope).toMatchObject({
      is_error: true,
      error: {
        error_code: 'connection_rejected',
        message:
          'PostgreSQL at 127.0.0.1:1 refused the connection [ECONNREFUSED]; check host and ' +
          'port, and that the server listens on them',
        raised_in: 'client:withCatalog',
      },
    });
    expectNoSecret(envelope);
  });

  it('never appears when the server does not answer in time', async () => {
    const fake = await startFakeAuthServer({ silent: true });
    try {
      const envelope = await cluster.call(
        'validate_credentials',
        {},
        {
          settings: { host: '127.0.0.1', port: fake.port, connect_timeout_seconds: 1 },
          auth: { basic: { username: 'admin', password: secret } },
        },
      );
      expect(envelope).toMatchObject({
        is_error: true,
        error: { error_code: 'connection_timeout' },
      });
      expectNoSecret(envelope);
    } finally {
      await fake.close();
    }
  });

  it('never appears in any envelope or log of a full read and write cycle', async () => {
    const logs = captureLogs();
    const run = (capability: string, request: object) =>
      integration.dispatch(
        capability,
        cluster.envelope(request, {
          auth: {
            basic: {
              username: (cluster.envelope({}).auth as { basic: { username: string } }).basic
                .username,
              password: secret,
            },
          },
        }),
        logs.logger,
      );
    const envelopes = [
      await run('validate_credentials', {}),
      await run('list_accounts', {}),
      await run('create_account', { username: `${p}pw`, entitlements: [] }),
      await run('create_account', { username: `${p}pw`, entitlements: [] }),
      await run('get_account', { account_id: secret }),
      await run('delete_account', { account_id: `${p}pw` }),
    ];
    expectNoSecret(envelopes);
    expectNoSecret(logs.lines);
  });
});
