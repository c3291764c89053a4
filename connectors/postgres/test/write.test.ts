import type { FoundAccountData } from '@grantkit/connector-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCluster, type TestCluster } from './support/cluster.ts';

let cluster: TestCluster;
let p: string;
let db: string;

beforeAll(async () => {
  cluster = await openCluster('write');
  p = cluster.prefix;
  db = cluster.database;
  await cluster.sql(`
    CREATE ROLE ${p}analysts NOLOGIN;
    CREATE ROLE ${p}heir NOLOGIN;
    CREATE ROLE ${p}someone LOGIN;
    CREATE SCHEMA ${p}sales;
    CREATE TABLE ${p}sales.orders (id int);
    CREATE TABLE ${p}sales.customers (id int);
  `);
});

afterAll(() => cluster?.close());

async function roleRow(name: string) {
  const result = await cluster.sql(
    'SELECT rolcanlogin, rolcreatedb FROM pg_roles WHERE rolname = $1',
    [name],
  );
  return result.rows[0] as { rolcanlogin: boolean; rolcreatedb: boolean } | undefined;
}

async function heldBy(name: string): Promise<string[]> {
  const all: string[] = [];
  let token: string | undefined;
  do {
    const envelope = await cluster.call(
      'find_entitlement_associations',
      {},
      {
        page: token === undefined ? { size: 500 } : { size: 500, token },
      },
    );
    const rows = (envelope as { response: Array<Record<string, string>> }).response;
    for (const row of rows) {
      if (row.account_id === name) all.push(row.integration_specific_entitlement_id!);
    }
    token = envelope.page?.token ?? undefined;
  } while (token !== undefined);
  return all
    .map((id) => id.replaceAll(p, '~'))
    .filter(
      (id) => id.includes('~') || id.startsWith('attribute:') || id.startsWith(`database:${db}:`),
    );
}

const grant = (
  account: string,
  id: string,
  type: string,
  resource: string,
  resourceType: string,
) => ({
  account_integration_specific_id: account,
  entitlement_integration_specific_id: id,
  entitlement_type: type,
  resource_integration_specific_id: resource,
  resource_type: resourceType,
});

describe('create_account', () => {
  it('creates a login role with its entitlements', async () => {
    const response = await cluster.ok('create_account', {
      username: `${p}erin`,
      entitlements: [
        {
          integration_specific_id: `member:${p}analysts`,
          entitlement_type: 'role_membership',
          integration_specific_resource_id: '',
        },
        {
          integration_specific_id: `schema:${db}:${p}sales:USAGE`,
          entitlement_type: 'schema_privilege',
          integration_specific_resource_id: `schema:${db}:${p}sales`,
        },
        {
          integration_specific_id: `tables:${db}:${p}sales:SELECT`,
          entitlement_type: 'table_privilege',
        },
        {
          integration_specific_id: `database:${db}:CREATE`,
          entitlement_type: 'database_privilege',
        },
      ],
    });
    expect(response).toEqual({ id: `${p}erin`, status: 'ACTIVE', created: true });
    expect(await roleRow(`${p}erin`)).toEqual({ rolcanlogin: true, rolcreatedb: false });
    expect(await heldBy(`${p}erin`)).toEqual([
      `database:${db}:CONNECT`,
      `database:${db}:CREATE`,
      `database:${db}:TEMPORARY`,
      'member:~analysts',
      `schema:${db}:~sales:USAGE`,
      `tables:${db}:~sales:SELECT`,
    ]);
  });

  it('creates an INACTIVE account as a deactivated NOLOGIN role', async () => {
    const response = await cluster.ok('create_account', {
      username: `${p}frank`,
      user_status: 'INACTIVE',
      entitlements: [],
    });
    expect(response).toEqual({ id: `${p}frank`, status: 'INACTIVE', created: true });
    const account = await cluster.ok<FoundAccountData>('get_account', { account_id: `${p}frank` });
    expect(account.user_status).toBe('INACTIVE');
    expect(account.extra_data).toMatchObject({ can_login: false, deactivated_by_connector: true });
  });

  it('is all or nothing: a failing entitlement leaves no role behind', async () => {
    const error = await cluster.error('create_account', {
      username: `${p}ghost`,
      entitlements: [
        { integration_specific_id: `member:${p}analysts`, entitlement_type: 'role_membership' },
        {
          integration_specific_id: 'database:no_such_db:CONNECT',
          entitlement_type: 'database_privilege',
        },
      ],
    });
    expect(error.error_code).toBe('not_found');
    expect(error.message).toContain('database "no_such_db" does not exist');
    expect(error.message).toContain('[SQLSTATE 3D000]');
    expect(await roleRow(`${p}ghost`)).toBeUndefined();

    const missingGroup = await cluster.error('create_account', {
      username: `${p}ghost`,
      entitlements: [
        {
          integration_specific_id: `database:${db}:CREATE`,
          entitlement_type: 'database_privilege',
        },
        { integration_specific_id: `member:${p}nope`, entitlement_type: 'role_membership' },
      ],
    });
    expect(missingGroup).toMatchObject({
      error_code: 'not_found',
      message: `No group role named '${p}nope' exists in the cluster`,
    });
    expect(await roleRow(`${p}ghost`)).toBeUndefined();
  });

  it('checks every entitlement before touching the cluster', async () => {
    const error = await cluster.error('create_account', {
      username: `${p}ghost`,
      entitlements: [
        { integration_specific_id: 'database:x:DROP', entitlement_type: 'database_privilege' },
      ],
    });
    expect(error).toMatchObject({
      error_code: 'bad_request',
      message:
        "'database:x:DROP' is not an entitlement id of this connector; list_entitlements " +
        'shows them (e.g. member:<role>, database:<db>:CONNECT)',
    });
    const wrongType = await cluster.error('create_account', {
      username: `${p}ghost`,
      entitlements: [
        { integration_specific_id: 'attribute:CREATEDB', entitlement_type: 'role_membership' },
      ],
    });
    expect(wrongType.message).toBe(
      "Entitlement 'attribute:CREATEDB' has type 'role_attribute', not 'role_membership'",
    );
    expect(await roleRow(`${p}ghost`)).toBeUndefined();
  });

  it('refuses an existing role, a missing username and a name PostgreSQL would truncate', async () => {
    const exists = await cluster.error('create_account', {
      username: `${p}someone`,
      entitlements: [],
    });
    expect(exists.error_code).toBe('conflict');
    expect(exists.message).toContain('[SQLSTATE 42710]');
    const missing = await cluster.error('create_account', { entitlements: [] });
    expect(missing).toMatchObject({
      error_code: 'bad_request',
      message: 'create_account needs `username`: it becomes the name of the PostgreSQL role',
    });
    const long = await cluster.error('create_account', {
      username: 'x'.repeat(64),
      entitlements: [],
    });
    expect(long.error_code).toBe('bad_request');
  });
});

describe('deactivate_account and activate_account', () => {
  it('switch LOGIN off and on, keep the account listed, and are idempotent', async () => {
    await cluster.sql(`CREATE ROLE ${p}gina LOGIN`);
    for (let i = 0; i < 2; i++) {
      expect(await cluster.ok('deactivate_account', { account_id: `${p}gina` })).toEqual({
        status: 'INACTIVE',
        deactivated: true,
      });
    }
    expect(await roleRow(`${p}gina`)).toMatchObject({ rolcanlogin: false });
    const listed = await cluster.ok<FoundAccountData>('get_account', { account_id: `${p}gina` });
    expect(listed.user_status).toBe('INACTIVE');

    const marker = await cluster.sql(
      "SELECT shobj_description(oid, 'pg_authid') AS comment, rolcanlogin FROM pg_roles WHERE rolname = $1",
      [`${p}deactivated`],
    );
    expect(marker.rows[0]).toMatchObject({
      rolcanlogin: false,
      comment: expect.stringContaining('grantkit'),
    });

    for (let i = 0; i < 2; i++) {
      expect(await cluster.ok('activate_account', { account_id: `${p}gina` })).toEqual({
        status: 'ACTIVE',
        activated: true,
      });
    }
    expect(await roleRow(`${p}gina`)).toMatchObject({ rolcanlogin: true });
    const members = await cluster.sql(
      `SELECT count(*)::int AS n FROM pg_auth_members WHERE member = $1::regrole`,
      [`"${p}gina"`],
    );
    expect(members.rows[0].n).toBe(0);
  });

  it('refuses to lock out the role the connector connects as', async () => {
    const me = await cluster.sql('SELECT current_user AS me');
    const error = await cluster.error('deactivate_account', { account_id: me.rows[0].me });
    expect(error).toMatchObject({
      error_code: 'bad_request',
      message: `Refusing to deactivate '${me.rows[0].me}': it is the role this connector connects as`,
    });
  });

  it('answers not_found for a group role and for a role that does not exist', async () => {
    expect(
      (await cluster.error('deactivate_account', { account_id: `${p}analysts` })).error_code,
    ).toBe('not_found');
    expect((await cluster.error('activate_account', { account_id: `${p}nobody` })).error_code).toBe(
      'not_found',
    );
  });
});

describe('delete_account', () => {
  it('refuses to delete a role that owns objects, naming them', async () => {
    await cluster.sql(`CREATE ROLE ${p}owner LOGIN; CREATE TABLE ${p}sales.owned (id int);
      ALTER TABLE ${p}sales.owned OWNER TO ${p}owner;
      CREATE SCHEMA ${p}owned_schema AUTHORIZATION ${p}owner`);
    const error = await cluster.error('delete_account', { account_id: `${p}owner` });
    expect(error).toEqual({
      error_code: 'conflict',
      app_error_code: 'postgres.role_owns_objects',
      app_id: 'postgres',
      raised_by: 'ConnectorError',
      raised_in: expect.any(String),
      message:
        `Role '${p}owner' owns 2 object(s): schema ${p}owned_schema, table ${p}sales.owned. ` +
        'Reassign them first (REASSIGN OWNED BY), or set reassign_owned_to to the role that ' +
        'should take them',
    });
    expect(await roleRow(`${p}owner`)).toBeDefined();
  });

  it('reassigns owned objects when reassign_owned_to is set, then drops the role', async () => {
    const response = await cluster.ok(
      'delete_account',
      { account_id: `${p}owner` },
      {
        settings: { reassign_owned_to: `${p}heir` },
      },
    );
    expect(response).toEqual({ status: 'DELETED', deleted: true });
    expect(await roleRow(`${p}owner`)).toBeUndefined();
    const owner = await cluster.sql(
      `SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE oid = $1::regclass`,
      [`${p}sales.owned`],
    );
    expect(owner.rows[0].owner).toBe(`${p}heir`);
  });

  it('drops a role that holds privileges, revoking them', async () => {
    await cluster.sql(`CREATE ROLE ${p}holder LOGIN; GRANT SELECT ON ${p}sales.orders TO ${p}holder;
      GRANT USAGE ON SCHEMA ${p}sales TO ${p}holder; GRANT ${p}analysts TO ${p}holder`);
    expect(await cluster.ok('delete_account', { account_id: `${p}holder` })).toEqual({
      status: 'DELETED',
      deleted: true,
    });
    expect(await roleRow(`${p}holder`)).toBeUndefined();
    expect((await cluster.error('delete_account', { account_id: `${p}holder` })).error_code).toBe(
      'not_found',
    );
  });
});

describe('assign_entitlement and unassign_entitlement', () => {
  const cases = () =>
    [
      [`member:${p}analysts`, 'role_membership', '', 'cluster'],
      ['attribute:CREATEDB', 'role_attribute', '', 'cluster'],
      [`database:${db}:CREATE`, 'database_privilege', `database:${db}`, 'database'],
      [`schema:${db}:${p}sales:CREATE`, 'schema_privilege', `schema:${db}:${p}sales`, 'schema'],
      [`tables:${db}:${p}sales:DELETE`, 'table_privilege', `schema:${db}:${p}sales`, 'schema'],
    ] as const;

  it('grant and revoke each kind of entitlement, twice each without harm', async () => {
    await cluster.sql(`CREATE ROLE ${p}hank LOGIN`);
    for (const [id, type, resource, resourceType] of cases()) {
      const request = grant(`${p}hank`, id, type, resource, resourceType);
      const shown = id.replaceAll(p, '~');
      expect(await cluster.ok('assign_entitlement', request)).toEqual({ assigned: true });
      expect(await cluster.ok('assign_entitlement', request)).toEqual({ assigned: true });
      expect(await heldBy(`${p}hank`), `after assigning ${id}`).toContain(shown);

      expect(await cluster.ok('unassign_entitlement', request)).toEqual({ unassigned: true });
      expect(await cluster.ok('unassign_entitlement', request)).toEqual({ unassigned: true });
      expect(await heldBy(`${p}hank`), `after unassigning ${id}`).not.toContain(shown);
    }
  });

  it('covers tables created after the grant (default privileges)', async () => {
    await cluster.sql(`CREATE ROLE ${p}ivy LOGIN`);
    const request = grant(
      `${p}ivy`,
      `tables:${db}:${p}sales:SELECT`,
      'table_privilege',
      `schema:${db}:${p}sales`,
      'schema',
    );
    await cluster.ok('assign_entitlement', request);
    await cluster.sql(`CREATE TABLE ${p}sales.later (id int)`);
    const can = await cluster.sql(`SELECT has_table_privilege($1, $2, 'SELECT') AS can`, [
      `${p}ivy`,
      `${p}sales.later`,
    ]);
    expect(can.rows[0].can).toBe(true);
    expect(await heldBy(`${p}ivy`)).toContain(`tables:${db}:~sales:SELECT`);
  });

  it('says so when a privilege is still held through PUBLIC', async () => {
    const error = await cluster.error(
      'unassign_entitlement',
      grant(
        `${p}someone`,
        `database:${db}:CONNECT`,
        'database_privilege',
        `database:${db}`,
        'database',
      ),
    );
    expect(error).toMatchObject({
      error_code: 'conflict',
      app_error_code: 'postgres.still_granted',
    });
    expect(error.message).toContain('PUBLIC');
  });

  it('refuses a request whose type or resource does not match the entitlement', async () => {
    const wrongResource = await cluster.error(
      'assign_entitlement',
      grant(
        `${p}someone`,
        `database:${db}:CREATE`,
        'database_privilege',
        'database:other',
        'database',
      ),
    );
    expect(wrongResource.message).toBe(
      `Entitlement 'database:${db}:CREATE' is on resource 'database:${db}', not 'database:other'`,
    );
    const loginRole = await cluster.error(
      'assign_entitlement',
      grant(`${p}someone`, `member:${p}someone`, 'role_membership', '', 'cluster'),
    );
    expect(loginRole.error_code).toBe('bad_request');
    const otherDatabase = await cluster.error(
      'assign_entitlement',
      grant(
        `${p}someone`,
        'schema:elsewhere:public:USAGE',
        'schema_privilege',
        'schema:elsewhere:public',
        'schema',
      ),
    );
    expect(otherDatabase.message).toBe(
      "Schema privileges of database 'elsewhere' can only be changed by a connector whose " +
        `database setting is 'elsewhere' (this one connects to '${db}')`,
    );
  });
});
