import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runBin } from '@grantkit/connector-testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openCluster, TEST_PASSWORD, type TestCluster } from './support/cluster.ts';

const BIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await openCluster('cli');
  await cluster.sql(`CREATE ROLE ${cluster.prefix}a LOGIN; CREATE ROLE ${cluster.prefix}b LOGIN`);
});

afterAll(() => cluster?.close());

describe('the postgres-connector bin', () => {
  it('prints info', async () => {
    const result = await runBin(BIN, 'info');
    expect(result.exitCode).toBe(0);
    expect(result.envelope).toMatchObject({
      response: {
        app_id: 'postgres',
        capabilities: expect.arrayContaining(['list_accounts', 'create_account']),
      },
    });
  });

  it('validates credentials and lists accounts', async () => {
    const valid = await runBin(BIN, 'validate_credentials', cluster.envelope({}));
    expect(valid.exitCode).toBe(0);
    expect(valid.envelope).toMatchObject({ response: { valid: true } });

    const listed = await runBin(BIN, 'list_accounts', cluster.envelope({}, { page: { size: 1 } }), {
      input: 'file',
    });
    expect(listed.exitCode).toBe(0);
    expect(listed.envelope).toMatchObject({ page: { token: expect.any(String), size: 1 } });
  });

  it('answers a refused connection with an error envelope, exit 1, and no password', async () => {
    const envelope = cluster.envelope(
      {},
      {
        settings: { port: 1 },
        auth: { basic: { username: 'admin', password: TEST_PASSWORD } },
      },
    );
    const result = await runBin(BIN, 'validate_credentials', envelope, {
      env: { GRANTKIT_LOG_LEVEL: 'debug' },
    });
    expect(result.exitCode).toBe(1);
    expect(result.envelope).toMatchObject({
      is_error: true,
      error: { error_code: 'connection_rejected' },
    });
    expect(result.stdout + result.stderr).not.toContain(TEST_PASSWORD);
  });

  it('prints usage and exits 2 with no command', async () => {
    const result = await runBin(BIN, undefined);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('postgres-connector');
  });

  // Independent of the backend under test: run once, in the embedded project.
  const embeddedProject = inject('postgres').kind === 'embedded';
  const itEmbedded = embeddedProject ? it : undefined;
  itEmbedded?.(
    'runs `embedded`, a server the bin can then reach',
    async () => {
      const child = spawn(
        process.execPath,
        ['--conditions=@grantkit/source', '--import', 'tsx', BIN, 'embedded', '--port', '0'],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      try {
        const port = await new Promise<number>((resolve, reject) => {
          let out = '';
          child.stdout.on('data', (chunk: Buffer) => {
            out += chunk.toString();
            const match = /listening on postgres:\/\/postgres@127\.0\.0\.1:(\d+)/.exec(out);
            if (match) resolve(Number(match[1]));
          });
          child.once('exit', (code) => reject(new Error(`embedded exited with ${code}: ${out}`)));
        });
        const result = await runBin(BIN, 'validate_credentials', {
          auth: { basic: { username: 'postgres', password: 'any' } },
          settings: { host: '127.0.0.1', port },
          request: {},
        });
        expect(result.envelope).toMatchObject({ response: { valid: true } });
      } finally {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGINT');
        await exited;
      }
    },
    90_000,
  );
});
