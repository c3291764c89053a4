//// A small company to explore: the seed of `pnpm demo` and `postgres-connector embedded --seed` ////

const PEOPLE: ReadonlyArray<[name: string, groups: string]> = [
  ['alice.nguyen', 'engineering'],
  ['bob.martin', 'engineering'],
  ['carol.diaz', 'engineering,app_writers'],
  ['dan.okafor', 'engineering'],
  ['erin.walsh', 'analysts'],
  ['farid.haddad', 'analysts'],
  ['grace.liu', 'analysts,readonly'],
  ['hugo.petit', 'finance_team'],
  ['ines.costa', 'finance_team'],
  ['jamal.reed', 'finance_team,analysts'],
  ['kira.tanaka', 'support'],
  ['leo.schmidt', 'support'],
  ['maya.cohen', 'support,readonly'],
  ['nina.ivanova', 'hr_team'],
  ['omar.farouk', 'hr_team'],
  ['paula.silva', 'engineering'],
  ['quentin.roy', 'readonly'],
  ['rosa.moreno', 'analysts'],
  ['sam.taylor', 'engineering'],
  ['tara.singh', 'finance_team'],
  ['uma.patel', 'support'],
  ['victor.hugo', 'readonly'],
  ['wendy.clark', 'engineering'],
  ['xavier.lopez', 'analysts'],
];

const SERVICES: ReadonlyArray<[name: string, groups: string]> = [
  ['svc_etl', 'app_writers,readonly'],
  ['svc_billing', 'app_writers'],
  ['app_api', 'app_writers'],
  ['svc_backup', ''],
];

/** SQL that builds the company; names are fixed constants of this file, never input. */
export function demoCompanySql(): string {
  const groups = ['engineering', 'analysts', 'finance_team', 'support', 'hr_team', 'readonly'];
  const lines: string[] = [
    ...groups.map((group) => `CREATE ROLE ${group} NOLOGIN;`),
    'CREATE ROLE app_writers NOLOGIN;',
    'CREATE SCHEMA sales; CREATE SCHEMA finance; CREATE SCHEMA hr; CREATE SCHEMA analytics;',
    'CREATE TABLE sales.customers (id int PRIMARY KEY, name text, region text);',
    'CREATE TABLE sales.orders (id int PRIMARY KEY, customer_id int, total numeric);',
    'CREATE TABLE finance.invoices (id int PRIMARY KEY, order_id int, due date);',
    'CREATE TABLE finance.ledger (id bigint PRIMARY KEY, account text, amount numeric);',
    'CREATE TABLE hr.employees (id int PRIMARY KEY, name text, salary numeric);',
    'CREATE VIEW analytics.revenue_by_region AS SELECT c.region, sum(o.total) AS revenue ' +
      'FROM sales.orders o JOIN sales.customers c ON c.id = o.customer_id GROUP BY c.region;',
  ];
  for (const [name, memberOf] of [...PEOPLE, ...SERVICES]) {
    lines.push(`CREATE ROLE "${name}" LOGIN;`);
    for (const group of memberOf.split(',').filter(Boolean)) {
      lines.push(`GRANT ${group} TO "${name}";`);
    }
  }
  lines.push(
    `ALTER ROLE "xavier.lopez" VALID UNTIL '2024-06-30';`,
    `ALTER ROLE "svc_backup" REPLICATION;`,
    `ALTER ROLE "alice.nguyen" CREATEDB CREATEROLE;`,
    'CREATE ROLE grantkit_deactivated NOLOGIN;',
    'CREATE ROLE "former.contractor" NOLOGIN; GRANT grantkit_deactivated TO "former.contractor";',
    'GRANT analysts TO "former.contractor";',
    'REVOKE CONNECT ON DATABASE warehouse FROM PUBLIC;',
    'GRANT CONNECT ON DATABASE warehouse TO analysts, finance_team, svc_etl;',
    'GRANT CREATE ON DATABASE warehouse TO svc_etl;',
    'GRANT USAGE ON SCHEMA sales, analytics TO analysts, engineering, support;',
    'GRANT SELECT ON ALL TABLES IN SCHEMA sales TO analysts, support, readonly;',
    'GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO analysts, readonly;',
    'GRANT INSERT, UPDATE ON ALL TABLES IN SCHEMA sales TO app_writers;',
    'GRANT USAGE ON SCHEMA finance TO finance_team;',
    'GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA finance TO finance_team;',
    'GRANT USAGE ON SCHEMA hr TO hr_team; GRANT SELECT, UPDATE ON hr.employees TO hr_team;',
    'GRANT USAGE, CREATE ON SCHEMA analytics TO "rosa.moreno";',
    'ALTER TABLE sales.orders OWNER TO "carol.diaz";',
  );
  return lines.join('\n');
}

/** Seeds the company through `run` (e.g. PGlite's `exec` or a pg client's `query`). */
export async function seedDemoCompany(
  database: { exec(sql: string): Promise<unknown> } | { query(sql: string): Promise<unknown> },
): Promise<void> {
  // CREATE DATABASE cannot share a multi-statement batch (an implicit transaction).
  for (const sql of ['CREATE DATABASE warehouse', demoCompanySql()]) {
    if ('exec' in database) await database.exec(sql);
    else await database.query(sql);
  }
}
