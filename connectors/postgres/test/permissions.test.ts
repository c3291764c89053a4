import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openCluster, type TestCluster } from './support/cluster.ts';

// PGlite has one user: every connection is the superuser `postgres`, whatever user it
// names. Connecting as a less privileged role needs the real server.
const real = inject('postgres').kind === 'real';

let cluster: TestCluster;

beforeAll(async () => {
  if (!real) return;
  cluster = await openCluster('perm');
  const p = cluster.prefix;
  await cluster.sql(`CREATE ROLE ${p}reader LOGIN; CREATE ROLE ${p}manager LOGIN CREATEROLE;
    CREATE ROLE ${p}group NOLOGIN; CREATE ROLE ${p}target LOGIN`);
});

afterAll(() => cluster?.close());

describe('a connector role with fewer privileges', () => {
  if (!real) {
    it('runs against the real server only', (context) => {
      context.skip('the embedded PGlite has one superuser and ignores the connecting user');
    });
    return;
  }

  const as = (role: string) => ({
    auth: { basic: { username: `${cluster.prefix}${role}`, password: 'unused-with-trust' } },
  });

  it('can validate: reading the catalogs needs no privilege', async () => {
    expect(await cluster.ok('validate_credentials', {}, as('reader'))).toMatchObject({
      valid: true,
    });
  });

  it('gets permission_denied, with the server reason, for a write it may not do', async () => {
    const error = await cluster.error(
      'create_account',
      { username: `${cluster.prefix}new`, entitlements: [] },
      as('reader'),
    );
    expect(error).toMatchObject({
      error_code: 'permission_denied',
      app_error_code: 'postgres.42501',
      message: expect.stringContaining('[SQLSTATE 42501]'),
    });
  });

  it('with CREATEROLE still cannot hand out SUPERUSER', async () => {
    const error = await cluster.error(
      'assign_entitlement',
      {
        account_integration_specific_id: `${cluster.prefix}target`,
        entitlement_integration_specific_id: 'attribute:SUPERUSER',
        entitlement_type: 'role_attribute',
        resource_integration_specific_id: '',
        resource_type: 'cluster',
      },
      as('manager'),
    );
    expect(error.error_code).toBe('permission_denied');
  });
});

describe('deactivate_account on a real server', () => {
  if (!real) {
    it('ends the open sessions of the role', (context) => {
      context.skip('the embedded PGlite has one session for every connection');
    });
    return;
  }

  it('ends the open sessions of the role', async () => {
    const role = `${cluster.prefix}session`;
    await cluster.sql(`CREATE ROLE ${role} LOGIN`);
    const url = new URL(inject('postgres').url);
    const session = new pg.Client({
      host: url.hostname,
      port: Number(url.port),
      user: role,
      database: cluster.database,
    });
    session.on('error', () => {});
    await session.connect();
    try {
      expect(await cluster.ok('deactivate_account', { account_id: role })).toEqual({
        status: 'INACTIVE',
        deactivated: true,
      });
      await expect(session.query('SELECT 1')).rejects.toThrow();
    } finally {
      await session.end().catch(() => {});
    }
  });
});
