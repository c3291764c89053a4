/**
 * `pnpm demo`: starts the embedded PostgreSQL seeded with a small company, then drives the
 * `postgres-connector` CLI through a tour of its capabilities, printing a short summary of
 * each step (`--json` prints the raw envelopes as well).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { seedDemoCompany } from '../src/demo-seed.ts';
import { startEmbeddedPostgres } from '../src/embedded.ts';

const run = promisify(execFile);
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const showJson = process.argv.includes('--json');

type Envelope = {
  response?: unknown;
  page?: { token?: string } | null;
  is_error?: boolean;
  error?: { error_code: string; message: string };
};

const started = performance.now();
console.log('Starting the embedded PostgreSQL (PGlite) and seeding a small company...');
const server = await startEmbeddedPostgres();
await seedDemoCompany(server.db);
console.log(`Ready on ${server.url} (${seconds()} s)\n`);

const base = {
  auth: { basic: { username: 'postgres', password: 'demo-password' } },
  settings: { host: server.host, port: server.port, database: 'postgres' },
};

/** Runs the connector's CLI, from source, as the platform would. */
/** What `--json` prints for each call: the command line and the envelope it printed. */
const transcripts = new WeakMap<Envelope, string>();

/** With `--json`, prints the raw calls behind a step's summary. */
function show(...envelopes: Envelope[]): void {
  if (!showJson) return;
  for (const envelope of envelopes) console.log(transcripts.get(envelope));
}

async function cli(capability: string, request: object, page?: object): Promise<Envelope> {
  const envelope = JSON.stringify({ ...base, request, ...(page ? { page } : {}) });
  const args = ['--conditions=@grantkit/source', '--import', 'tsx', MAIN, capability];
  const command = `postgres-connector ${capability} --json '${JSON.stringify({ request, ...(page ? { page } : {}) })}'`;
  let stdout: string;
  try {
    ({ stdout } = await run(process.execPath, [...args, '--json', envelope]));
  } catch (error) {
    // Exit code 1 is an error envelope on stdout; anything else is a real failure.
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (failed.code !== 1 || !failed.stdout) throw error;
    stdout = failed.stdout;
  }
  const parsed = JSON.parse(stdout) as Envelope;
  transcripts.set(parsed, `  $ ${command}\n  ${stdout.trim()}`);
  return parsed;
}

function step(title: string): void {
  console.log(`\n== ${title}`);
}

function seconds(): string {
  return ((performance.now() - started) / 1000).toFixed(1);
}

/** `Object.groupBy` arrived in Node 21; this runs on Node 20. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Record<string, T[]> {
  const groups: Record<string, T[]> = {};
  for (const item of items) {
    const group = groups[key(item)] ?? [];
    group.push(item);
    groups[key(item)] = group;
  }
  return groups;
}

function list<T>(envelope: Envelope): T[] {
  if (envelope.is_error)
    throw new Error(`${envelope.error?.error_code}: ${envelope.error?.message}`);
  return envelope.response as T[];
}

try {
  // The read calls do not depend on each other: run them side by side, print them in order.
  const accountPages = (async () => {
    const pages: Envelope[] = [];
    let token: string | undefined;
    do {
      const envelope = await cli('list_accounts', {}, token ? { size: 15, token } : { size: 15 });
      pages.push(envelope);
      token = envelope.page?.token;
    } while (token);
    return pages;
  })();
  const [valid, pages, resourcesEnvelope, entitlementsEnvelope, associationsEnvelope] =
    await Promise.all([
      cli('validate_credentials', {}),
      accountPages,
      cli('list_resources', {}),
      cli('list_entitlements', {}, { size: 500 }),
      cli('find_entitlement_associations', {}, { size: 2000 }),
    ]);

  step('validate_credentials');
  show(valid);
  const tenant = (valid.response as { unique_tenant_id: string }).unique_tenant_id;
  console.log(`  valid; tenant id (the cluster's system identifier): ${tenant}`);

  step('list_accounts, 15 per page');
  show(...pages);
  type Account = { integration_specific_id: string; user_status: string; account_type: string };
  const accounts: Account[] = [];
  pages.forEach((envelope, index) => {
    const page = list<Account>(envelope);
    accounts.push(...page);
    console.log(`  page ${index + 1}: ${page.map((a) => a.integration_specific_id).join(', ')}`);
  });
  const byStatus = groupBy(accounts, (a) => `${a.user_status} ${a.account_type}`);
  console.log(
    `  ${accounts.length} accounts: ` +
      Object.entries(byStatus)
        .map(([key, items]) => `${items.length} ${key}`)
        .join(', '),
  );

  step('list_resources');
  show(resourcesEnvelope);
  type Resource = { integration_specific_id: string; resource_type: string };
  for (const r of list<Resource>(resourcesEnvelope)) {
    console.log(`  ${r.resource_type.padEnd(8)} ${JSON.stringify(r.integration_specific_id)}`);
  }

  step('list_entitlements');
  show(entitlementsEnvelope);
  type Entitlement = { integration_specific_id: string; entitlement_type: string };
  const byType = groupBy(list<Entitlement>(entitlementsEnvelope), (e) => e.entitlement_type);
  for (const [type, items] of Object.entries(byType)) {
    const example = items[0]?.integration_specific_id;
    console.log(`  ${String(items.length).padStart(3)} ${type} (e.g. ${example})`);
  }

  step('find_entitlement_associations');
  show(associationsEnvelope);
  type Association = { account_id: string; integration_specific_entitlement_id: string };
  const associations = list<Association>(associationsEnvelope);
  console.log(`  ${associations.length} associations; rosa.moreno holds:`);
  for (const a of associations.filter((a) => a.account_id === 'rosa.moreno')) {
    console.log(`    ${a.integration_specific_entitlement_id}`);
  }

  step('create_account zoe.adams, member of analysts (one transaction)');
  const created = await cli('create_account', {
    username: 'zoe.adams',
    entitlements: [
      { integration_specific_id: 'member:analysts', entitlement_type: 'role_membership' },
    ],
  });
  show(created);
  console.log(`  ${JSON.stringify(created.response)}`);

  const financeSelect = {
    account_integration_specific_id: 'zoe.adams',
    entitlement_integration_specific_id: 'tables:postgres:finance:SELECT',
    entitlement_type: 'table_privilege',
    resource_integration_specific_id: 'schema:postgres:finance',
    resource_type: 'schema',
  };
  for (const [title, capability] of [
    ['assign_entitlement: SELECT on all tables in schema finance', 'assign_entitlement'],
    ['unassign_entitlement: the same, revoked', 'unassign_entitlement'],
  ] as const) {
    step(title);
    const envelope = await cli(capability, financeSelect);
    show(envelope);
    console.log(`  ${JSON.stringify(envelope.response)}`);
  }

  step('deactivate_account zoe.adams (NOLOGIN; still listed as INACTIVE)');
  const deactivated = await cli('deactivate_account', { account_id: 'zoe.adams' });
  const zoe = await cli('get_account', { account_id: 'zoe.adams' });
  show(deactivated, zoe);
  console.log(`  ${JSON.stringify(deactivated.response)}`);
  console.log(`  get_account: ${(zoe.response as Account).user_status}`);

  step('delete_account carol.diaz (owns a table: refused, naming it)');
  const refused = await cli('delete_account', { account_id: 'carol.diaz' });
  show(refused);
  console.log(`  ${refused.error?.error_code}: ${refused.error?.message}`);

  console.log(`\nDone in ${seconds()} s.`);
} finally {
  await server.stop();
}
