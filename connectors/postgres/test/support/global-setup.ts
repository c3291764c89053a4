import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/embedded.ts';
import { REAL_PG_URL } from './env.ts';

export interface ProvidedBackend {
  kind: 'embedded' | 'real';
  url: string;
  version: string;
  /** Whether a real server is configured (and tested by the `real` project). */
  realConfigured: boolean;
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: ProvidedBackend;
  }
}

/**
 * Once per project: the `embedded` project starts PGlite; the `real` project checks the
 * server of GRANTKIT_TEST_PG_URL, and fails loudly when it is not reachable.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const realConfigured = REAL_PG_URL !== undefined;
  if (project.name === 'real' && REAL_PG_URL !== undefined) {
    const version = await serverVersion(REAL_PG_URL);
    process.stderr.write(
      `postgres tests: backend = real PostgreSQL ${version} (GRANTKIT_TEST_PG_URL)\n`,
    );
    project.provide('postgres', { kind: 'real', url: REAL_PG_URL, version, realConfigured });
    return async () => {};
  }
  const embedded = await startEmbeddedPostgres();
  const version = await serverVersion(embedded.url);
  process.stderr.write(
    `postgres tests: backend = embedded PGlite (PostgreSQL ${version}); real PostgreSQL: ` +
      `${realConfigured ? 'configured, tested as project "real"' : 'not configured (set GRANTKIT_TEST_PG_URL)'}\n`,
  );
  project.provide('postgres', { kind: 'embedded', url: embedded.url, version, realConfigured });
  return () => embedded.stop();
}

async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const result = await client.query<{ v: string }>(
      "SELECT current_setting('server_version') AS v",
    );
    return result.rows[0]!.v;
  } catch (error) {
    throw new Error(
      `The PostgreSQL test server at ${redactUrl(url)} is not reachable; start it or unset ` +
        'GRANTKIT_TEST_PG_URL to run against the embedded PGlite',
      { cause: error },
    );
  } finally {
    await client.end().catch(() => {});
  }
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
