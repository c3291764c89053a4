/**
 * `pnpm bench`: list_accounts over 100,000 roles, paged 1,000 at a time through dispatch,
 * against selecting the same rows with the driver directly (the same keyset query, on one
 * connection). Prints the ratio (target: at most 1.3x) and the peak heap while paging at
 * two cluster sizes (target: flat).
 *
 * Runs against GRANTKIT_TEST_PG_URL when it is set (a real server; the bench roles are
 * dropped afterwards), else against the embedded PGlite.
 */
import { randomBytes } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pg from 'pg';
import { ACCOUNTS_PAGE_SQL, closeConnections } from '../src/client.ts';
import { startEmbeddedPostgres } from '../src/embedded.ts';
import { integration } from '../src/integration.ts';

const REAL_URL = process.env.GRANTKIT_TEST_PG_URL || undefined;
const SIZES = [20_000, 100_000] as const;
const PAGE = 1_000;
const ROUNDS = 6;
const MARKER = 'grantkit_deactivated';

const embedded = REAL_URL === undefined ? await startEmbeddedPostgres() : undefined;
const url = new URL(REAL_URL ?? embedded!.url);
const connection = {
  host: url.hostname,
  port: Number(url.port || 5432),
  user: decodeURIComponent(url.username || 'postgres'),
  password: decodeURIComponent(url.password) || 'bench-password',
  database: decodeURIComponent(url.pathname.slice(1)) || 'postgres',
};
const admin = new pg.Client(connection);
await admin.connect();
const version = (await admin.query("SELECT current_setting('server_version') AS v")).rows[0].v;
console.log(
  `backend: ${embedded ? `embedded PGlite (PostgreSQL ${version})` : `real PostgreSQL ${version} (GRANTKIT_TEST_PG_URL)`}`,
);

const prefix = `bench_${randomBytes(3).toString('hex')}_`;
const envelope = (token: string | undefined) => ({
  auth: { basic: { username: connection.user, password: connection.password } },
  settings: { host: connection.host, port: connection.port, database: connection.database },
  request: {},
  page: token === undefined ? { size: PAGE } : { size: PAGE, token },
});

// A forced collection after each page measures what stays alive, not garbage in waiting.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * Pages through list_accounts with dispatch; returns the count and, with `measureMemory`,
 * the largest live heap after any page (collected after each page, so not timed).
 */
async function viaConnector(measureMemory = false): Promise<{ count: number; peakHeap: number }> {
  let token: string | undefined;
  let count = 0;
  let peakHeap = 0;
  do {
    const result = await integration.dispatch('list_accounts', envelope(token));
    if ('is_error' in result) throw new Error(result.error.message);
    count += (result.response as unknown[]).length;
    token = result.page?.token;
    if (measureMemory) {
      collectGarbage();
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }
  } while (token !== undefined);
  return { count, peakHeap };
}

/** The same rows, the same query, with the driver on one connection. */
async function viaDriver(): Promise<{ count: number }> {
  const client = new pg.Client(connection);
  await client.connect();
  let afterOid = 0;
  let afterName = '';
  let count = 0;
  for (;;) {
    const { rows } = await client.query(ACCOUNTS_PAGE_SQL, [MARKER, afterOid, afterName, PAGE]);
    count += rows.length;
    if (rows.length < PAGE) break;
    afterOid = rows.at(-1).oid;
    afterName = rows.at(-1).rolname;
  }
  await client.end();
  return { count };
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

async function createRoles(from: number, to: number): Promise<void> {
  const started = performance.now();
  // Server-side loops (100,000 round trips would measure the network, not the setup), in
  // batches: each batch is one transaction, and one transaction holds a lock per role.
  for (let first = from; first <= to; first += 5_000) {
    const last = Math.min(first + 4_999, to);
    await admin.query(
      `DO $$ BEGIN
         FOR i IN ${first}..${last} LOOP
           EXECUTE format('CREATE ROLE %I LOGIN', '${prefix}' || i);
         END LOOP;
       END $$`,
    );
  }
  console.log(
    `created roles ${from}..${to} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

try {
  let created = 0;
  for (const size of SIZES) {
    await createRoles(created + 1, size);
    created = size;
    const total = Number((await admin.query('SELECT count(*) FROM pg_roles')).rows[0].count);

    await viaDriver(); // warm caches and the JIT once before measuring
    await viaConnector();
    // The machine is shared: each round times both sides back to back, alternating which
    // goes first, and the ratio is the median of the rounds' ratios.
    const connectorMs: number[] = [];
    const driverMs: number[] = [];
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const driverFirst = round % 2 === 0;
      const first = await timed(() => (driverFirst ? viaDriver() : viaConnector()));
      const second = await timed(() => (driverFirst ? viaConnector() : viaDriver()));
      const [driver, connector] = driverFirst ? [first, second] : [second, first];
      if (connector.result.count !== driver.result.count) {
        throw new Error(`count mismatch: ${connector.result.count} vs ${driver.result.count}`);
      }
      driverMs.push(driver.ms);
      connectorMs.push(connector.ms);
      ratios.push(connector.ms / driver.ms);
    }
    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;
    const { peakHeap } = await viaConnector(true);
    const ratio = median(ratios);
    console.log(
      `${total} roles (${size} bench roles), pages of ${PAGE}, ${ROUNDS} rounds: ` +
        `connector median ${median(connectorMs).toFixed(0)} ms, ` +
        `driver median ${median(driverMs).toFixed(0)} ms: ratio ${ratio.toFixed(2)}x ` +
        `(target <= 1.3x; rounds ${ratios.map((r) => r.toFixed(2)).join(' ')})\n` +
        `  live heap: ${mb(heapBefore)} before paging, at most ${mb(peakHeap)} after any page`,
    );
  }
} finally {
  await closeConnections();
  if (REAL_URL !== undefined) {
    // In batches: one transaction dropping 100,000 roles runs out of lock slots.
    for (let dropped = -1; dropped !== 0; ) {
      const result = await admin.query(
        `SELECT count(*)::int AS n FROM (SELECT rolname FROM pg_roles
           WHERE starts_with(rolname, '${prefix}') LIMIT 5000) r`,
      );
      dropped = result.rows[0].n;
      await admin.query(
        `DO $$ DECLARE r record; BEGIN
           FOR r IN SELECT rolname FROM pg_roles
                    WHERE starts_with(rolname, '${prefix}') LIMIT 5000 LOOP
             EXECUTE format('DROP ROLE %I', r.rolname);
           END LOOP;
         END $$`,
      );
    }
  }
  await admin.end();
  await embedded?.stop();
}
