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
