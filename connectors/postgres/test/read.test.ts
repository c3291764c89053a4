import type { FoundAccountData, FoundEntitlementAssociation } from '@grantkit/connector-core';
import { collectPages } from '@grantkit/connector-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integration } from '../src/integration.ts';
import { openCluster, type TestCluster } from './support/cluster.ts';

let cluster: TestCluster;
let p: string;
let db: string;

beforeAll(async () => {
  cluster = await openCluster('read');
  p = cluster.prefix;
  db = cluster.database;
  await cluster.sql(`
    CREATE ROLE ${p}alice LOGIN CREATEDB;
    CREATE ROLE ${p}bob LOGIN VALID UNTIL '2001-01-01';
    CREATE ROLE ${p}svc_etl LOGIN;
    CREATE ROLE ${p}gone LOGIN;
    CREATE ROLE ${p}group NOLOGIN;
    GRANT ${p}group TO ${p}alice;
    CREATE SCHEMA ${p}s;
    CREATE TABLE ${p}s.t1 (id int);
    CREATE TABLE ${p}s.t2 (id int);
    GRANT SELECT ON ALL TABLES IN SCHEMA ${p}s TO ${p}alice;
    GRANT INSERT ON ${p}s.t1 TO ${p}bob;
    GRANT USAGE ON SCHEMA ${p}s TO ${p}group;
    CREATE SCHEMA ${p}empty;
    ALTER DEFAULT PRIVILEGES IN SCHEMA ${p}empty GRANT UPDATE ON TABLES TO ${p}bob;
    GRANT CREATE ON DATABASE "${db}" TO ${p}bob;
  `);
  await cluster.ok('deactivate_account', { account_id: `${p}gone` });
});

afterAll(() => cluster?.close());

const settings = () => ({ service_account_pattern: `^${p}svc_` });

function ours<T>(items: T[], idOf: (item: T) => string): T[] {
  return items.filter((item) => idOf(item).startsWith(p));
}

describe('validate_credentials', () => {
  it('answers the cluster system identifier as the tenant id', async () => {
    const expected = await cluster.sql(
      'SELECT system_identifier::text AS id FROM pg_control_system()',
    );
    const response = await cluster.ok('validate_credentials', {});
    expect(response).toEqual({ valid: true, unique_tenant_id: expected.rows[0].id });
    expect(await cluster.ok('validate_credentials', {})).toEqual(response);
  });
});

describe('list_accounts', () => {
  it('lists login roles and deactivated roles, with status and type, never group roles', async () => {
    const pages = await collectPages(
      integration,
      'list_accounts',
      cluster.envelope(
        {},
        {
          settings: settings(),
        },
      ),
      { pageSize: 2 },
    );
    expect(pages.error).toBeUndefined();
    const accounts = ours(pages.items as FoundAccountData[], (a) => a.integration_specific_id);
    expect(accounts.map((a) => [a.integration_specific_id, a.user_status, a.account_type])).toEqual(
      [
        [`${p}alice`, 'ACTIVE', 'user'],
        [`${p}bob`, 'SUSPENDED', 'user'],
        [`${p}svc_etl`, 'ACTIVE', 'service'],
        [`${p}gone`, 'INACTIVE', 'user'],
      ],
    );
    const alice = accounts[0]!;
    expect(alice.username).toBe(`${p}alice`);
    expect(alice.extra_data).toMatchObject({
      can_login: true,
      valid_until: null,
      deactivated_by_connector: false,
      attributes: ['CREATEDB'],
    });
    expect(accounts[1]!.extra_data).toMatchObject({ valid_until: '2001-01-01T00:00:00.000Z' });
    expect(accounts[3]!.extra_data).toMatchObject({
      can_login: false,
      deactivated_by_connector: true,
    });
  });

  it('get_account answers one account, and not_found for a group role', async () => {
    const bob = await cluster.ok<FoundAccountData>('get_account', { account_id: `${p}bob` });
    expect(bob.user_status).toBe('SUSPENDED');
    const error = await cluster.error('get_account', { account_id: `${p}group` });
    expect(error.error_code).toBe('not_found');
    expect(error.message).toBe(
      `Role '${p}group' is a group role (NOLOGIN), not an account; grant it with ` +
        'assign_entitlement (role_membership) instead',
    );
  });

  it('keeps a page sequence correct while roles are added and dropped between pages', async () => {
    const names = Array.from({ length: 9 }, (_, i) => `${p}page_${i}`);
    for (const name of names) await cluster.sql(`CREATE ROLE ${name} LOGIN`);

    const seen: string[] = [];
    let token: string | undefined;
    let pageNumber = 0;
    do {
      const envelope = await cluster.call(
        'list_accounts',
        {},
        {
          page: token === undefined ? { size: 4 } : { size: 4, token },
        },
      );
      const response = (envelope as { response: FoundAccountData[] }).response;
      seen.push(...response.map((a) => a.integration_specific_id));
      token = envelope.page?.token ?? undefined;
      pageNumber++;
      if (pageNumber === 2) {
        // One already served and one not yet served disappear; one new role appears.
        await cluster.sql(`DROP ROLE ${names[0]}; DROP ROLE ${names[8]}`);
        await cluster.sql(`CREATE ROLE ${p}page_new LOGIN`);
      }
    } while (token !== undefined);

    const pageRoles = seen.filter((name) => name.startsWith(`${p}page_`));
    expect(pageRoles).toEqual([...names.slice(0, 8), `${p}page_new`]);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('refuses a page token it did not write', async () => {
    const garbage = await cluster.error('list_accounts', {}, { page: { token: 'garbage' } });
    expect(garbage.error_code).toBe('invalid_page_token');

    const resources = await cluster.call('list_resources', {}, { page: { size: 1 } });
    const foreign = await cluster.error(
      'list_accounts',
      {},
      {
        page: { token: resources.page!.token! },
      },
    );
    expect(foreign.error_code).toBe('invalid_page_token');
  });
});

describe('list_resources', () => {
  it('lists the cluster, each database, and each schema of the configured database', async () => {
    const pages = await collectPages(integration, 'list_resources', cluster.envelope({}), {
      pageSize: 2,
    });
    const resources = pages.items as Array<{ integration_specific_id: string }>;
    const ids = resources.map((r) => r.integration_specific_id);
    expect(ids[0]).toBe('');
    expect(resources[0]).toMatchObject({ resource_type: 'cluster', label: expect.any(String) });
    expect(ids).toContain(`database:${db}`);
    expect(ids.filter((id) => id.includes(p))).toEqual([
      `schema:${db}:${p}empty`,
      `schema:${db}:${p}s`,
    ]);
    expect(ids).not.toContain('database:template0');
    expect(ids).not.toContain(`schema:${db}:pg_catalog`);
  });

  it('filters by resource type and refuses an unknown one', async () => {
    const schemas = await cluster.ok<Array<{ resource_type: string }>>('list_resources', {
      resource_type: 'schema',
    });
    expect(new Set(schemas.map((r) => r.resource_type))).toEqual(new Set(['schema']));
    const error = await cluster.error('list_resources', { resource_type: 'table' });
    expect(error).toMatchObject({
      error_code: 'bad_request',
      message: "Unknown resource_type 'table'; use one of: cluster, database, schema",
    });
  });
});

describe('list_entitlements', () => {
  it('lists memberships, attributes, and privileges on databases, schemas and tables', async () => {
    const schemaId = `schema:${db}:${p}s`;
    const onSchema = await cluster.ok<Array<Record<string, unknown>>>('list_entitlements', {
      resource_integration_specific_id: schemaId,
    });
    expect(onSchema.map((e) => [e.integration_specific_id, e.entitlement_type, e.label])).toEqual([
      [`${schemaId}:CREATE`, 'schema_privilege', `CREATE on schema ${p}s`],
      [`${schemaId}:USAGE`, 'schema_privilege', `USAGE on schema ${p}s`],
      [`tables:${db}:${p}s:DELETE`, 'table_privilege', `DELETE on all tables in schema ${p}s`],
      [`tables:${db}:${p}s:INSERT`, 'table_privilege', `INSERT on all tables in schema ${p}s`],
      [`tables:${db}:${p}s:SELECT`, 'table_privilege', `SELECT on all tables in schema ${p}s`],
      [`tables:${db}:${p}s:UPDATE`, 'table_privilege', `UPDATE on all tables in schema ${p}s`],
    ]);

    const cluster_ = await cluster.ok<Array<Record<string, unknown>>>('list_entitlements', {
      resource_type: 'cluster',
    });
    const clusterIds = cluster_.map((e) => e.integration_specific_id);
    expect(clusterIds).toContain(`member:${p}group`);
    expect(clusterIds).toContain('attribute:SUPERUSER');
    expect(clusterIds).not.toContain(`member:${p}alice`);
    expect(clusterIds).not.toContain(`member:${p}gone`);
    expect(clusterIds).not.toContain(`member:${p}deactivated`);
  });

  it('marks privileges granted to PUBLIC', async () => {
    const onDatabase = await cluster.ok<Array<Record<string, unknown>>>('list_entitlements', {
      resource_integration_specific_id: `database:${db}`,
    });
    expect(onDatabase.map((e) => [e.integration_specific_id, e.extra_data])).toEqual([
      [`database:${db}:CONNECT`, { database: db, privilege: 'CONNECT', granted_to_public: true }],
      [`database:${db}:CREATE`, { database: db, privilege: 'CREATE', granted_to_public: false }],
      [
        `database:${db}:TEMPORARY`,
        { database: db, privilege: 'TEMPORARY', granted_to_public: true },
      ],
    ]);
  });

  it('refuses a resource id it did not write', async () => {
    const error = await cluster.error('list_entitlements', {
      resource_integration_specific_id: 'table:x',
    });
    expect(error.error_code).toBe('bad_request');
  });
});

describe('find_entitlement_associations', () => {
  it('finds who holds what, PUBLIC grants included, across pages', async () => {
    const pages = await collectPages(
      integration,
      'find_entitlement_associations',
      cluster.envelope({}),
      { pageSize: 3 },
    );
    expect(pages.error).toBeUndefined();
    const mine = (pages.items as FoundEntitlementAssociation[]).filter(
      (a) =>
        a.account_id.startsWith(p) &&
        !a.account_id.startsWith(`${p}page_`) &&
        (a.integration_specific_entitlement_id.includes(p) ||
          a.integration_specific_resource_id === `database:${db}` ||
          a.integration_specific_resource_id === ''),
    );
    const held = mine.map(
      (a) =>
        `${a.account_id.slice(p.length)} ${a.integration_specific_entitlement_id.replaceAll(p, '~')}`,
    );
    expect(held).toEqual([
      'alice attribute:CREATEDB',
      `alice database:${db}:CONNECT`,
      `alice database:${db}:TEMPORARY`,
      'alice member:~group',
      `alice tables:${db}:~s:SELECT`,
      `bob database:${db}:CONNECT`,
      `bob database:${db}:CREATE`,
      `bob database:${db}:TEMPORARY`,
      `bob tables:${db}:~empty:UPDATE`,
      `svc_etl database:${db}:CONNECT`,
      `svc_etl database:${db}:TEMPORARY`,
      `gone database:${db}:CONNECT`,
      `gone database:${db}:TEMPORARY`,
    ]);
    for (const association of mine) {
      expect(association.integration_specific_resource_id).toBe(
        association.integration_specific_entitlement_id.startsWith('tables:')
          ? `schema:${association.integration_specific_entitlement_id.split(':').slice(1, 3).join(':')}`
          : association.integration_specific_entitlement_id.startsWith('database:')
            ? association.integration_specific_entitlement_id.split(':').slice(0, 2).join(':')
            : '',
      );
    }
  });

  it('keeps a page sequence correct while accounts are added and dropped', async () => {
    const names = Array.from({ length: 6 }, (_, i) => `${p}assoc_${i}`);
    for (const name of names) await cluster.sql(`CREATE ROLE ${name} LOGIN CREATEDB CREATEROLE`);

    const seen: string[] = [];
    let token: string | undefined;
    let pageNumber = 0;
    do {
      const envelope = await cluster.call(
        'find_entitlement_associations',
        {},
        {
          page: token === undefined ? { size: 3 } : { size: 3, token },
        },
      );
      const rows = (envelope as { response: FoundEntitlementAssociation[] }).response;
      seen.push(
        ...rows
          .filter((a) => a.account_id.startsWith(`${p}assoc_`))
          .filter((a) => a.integration_specific_entitlement_id.startsWith('attribute:'))
          .map((a) => `${a.account_id.slice(p.length)} ${a.integration_specific_entitlement_id}`),
      );
      token = envelope.page?.token ?? undefined;
      pageNumber++;
      if (seen.some((line) => line.startsWith('assoc_1 ')) && !seen.includes('dropped')) {
        // Mid-walk: one account already served and one not yet served disappear.
        await cluster.sql(`DROP ROLE ${names[0]}; DROP ROLE ${names[4]}`);
        seen.push('dropped');
      }
    } while (token !== undefined && pageNumber < 10_000);

    const expected = [0, 1, 2, 3, 5].flatMap((i) => [
      `assoc_${i} attribute:CREATEDB`,
      `assoc_${i} attribute:CREATEROLE`,
    ]);
    expect(seen.filter((line) => line !== 'dropped')).toEqual(expected);
  });

  it('gives the same associations whatever the page size', async () => {
    const small = await collectPages(
      integration,
      'find_entitlement_associations',
      cluster.envelope({}),
      { pageSize: 1 },
    );
    const large = await collectPages(
      integration,
      'find_entitlement_associations',
      cluster.envelope({}),
      { pageSize: 1000 },
    );
    expect(small.error).toBeUndefined();
    expect(small.items).toEqual(large.items);
  });
});
