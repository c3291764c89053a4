import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integration } from './fixtures/example-connector/src/integration.ts';

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are checked field by field.
type Json = any;

/**
 * The example connector driven as a platform drives one: its real bin in a child process,
 * from source (tsx) and bundled by its own tsdown config, and its serve mode over HTTP.
 */

const execFileAsync = promisify(execFile);
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const MAIN = 'test/fixtures/example-connector/src/main.ts';
const FROM_SOURCE = ['--conditions=@grantkit/source', '--import', 'tsx'];
const TOKEN = 'ex_tok_e2e_5a9c3e7b1d';
const SIGNING_KEY = 'sk-live-e2e-8f2b4d6a0c';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'grantkit-e2e-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Exit {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(
  args: string[],
  {
    bin = MAIN,
    node = FROM_SOURCE,
    env = {},
  }: { bin?: string; node?: string[]; env?: object } = {},
): Promise<Exit> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [...node, bin, ...args], {
      cwd: PACKAGE_DIR,
      env: { ...process.env, GRANTKIT_LOG_LEVEL: 'warn', ...env },
      maxBuffer: 256 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function envelope(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    request: {},
    auth: { token: { token: TOKEN } },
    settings: { tenant: 'acme', signing_key: SIGNING_KEY, account_count: 5 },
    ...extra,
  });
}

describe('the CLI, run from source', () => {
  it('prints info', async () => {
    const result = await cli(['info']);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      response: integration.info(),
      raw_data: null,
      page: null,
    });
  });

  it('lists every account, page by page, until there is no token', async () => {
    const ids: string[] = [];
    let token: string | undefined;
    let calls = 0;
    do {
      const page = token === undefined ? { size: 2 } : { size: 2, token };
      const result = await cli(['list_accounts', '--json', envelope({ page })]);
      expect(result.code).toBe(0);
      const parsed = JSON.parse(result.stdout);
      ids.push(
        ...parsed.response.map(
          (a: { integration_specific_id: string }) => a.integration_specific_id,
        ),
      );
      token = parsed.page?.token;
      calls++;
    } while (token !== undefined);

    expect(calls).toBe(3);
    expect(ids).toEqual(['u00001', 'u00002', 'u00003', 'u00004', 'u00005']);
  });

  it('reads --json-file and gzips into --result-file-path', async () => {
    const input = join(dir, 'envelope.json');
    const output = join(dir, 'out.json.gz');
    await writeFile(input, envelope());

    const result = await cli([
      'validate_credentials',
      '--json-file',
      input,
      '--result-file-path',
      output,
    ]);

    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(JSON.parse(gunzipSync(await readFile(output)).toString('utf8'))).toEqual({
      response: { valid: true, unique_tenant_id: 'acme' },
      raw_data: null,
      page: null,
    });
  });

  it('exits 1 with one error envelope on stdout and a redacted log line on stderr', async () => {
    const result = await cli(['leak_attempt', '--json', envelope()], {
      env: { GRANTKIT_LOG_LEVEL: 'debug' },
    });

    expect(result.code).toBe(1);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(result.stdout).error.error_code).toBe('unexpected_error');
    expect(result.stderr).toContain('debug line with [REDACTED] and [REDACTED]');
    for (const secret of [TOKEN, SIGNING_KEY]) {
      expect(result.stdout + result.stderr).not.toContain(secret);
    }
  });

  it('exits 2 with the usage on stderr when there is no command', async () => {
    const result = await cli([]);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Usage: example-connector <command> [options]');
  });

  it('does not truncate a large result written to a pipe', async () => {
    const count = 20_000;
    const result = await cli([
      'list_accounts',
      '--json',
      envelope({ settings: { tenant: 'acme', account_count: count }, page: { size: count } }),
    ]);

    expect(result.code).toBe(0);
    expect(result.stdout.length).toBeGreaterThan(3_000_000);
    expect(JSON.parse(result.stdout).response).toHaveLength(count);
  });
});

describe('serve mode', () => {
  let child: ChildProcess;
  let base: URL;
  let stderr = '';

  beforeAll(async () => {
    child = spawn(process.execPath, [...FROM_SOURCE, MAIN, 'serve', '--port', '0'], {
      cwd: PACKAGE_DIR,
      env: { ...process.env, GRANTKIT_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    base = await new Promise<URL>((resolve, reject) => {
      child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        const match = /^listening on (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(stderr);
        if (match) resolve(new URL(match[1]!));
      });
      child.once('exit', (code) => reject(new Error(`serve exited early (${code}): ${stderr}`)));
    });
  });

  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('answers capability calls, info and health over HTTP', async () => {
    const call = await fetch(new URL('/list_accounts', base), { method: 'POST', body: envelope() });
    const info = await fetch(new URL('/info', base));
    const health = await fetch(new URL('/healthz', base));

    expect(call.status).toBe(200);
    expect(((await call.json()) as Json).response).toHaveLength(5);
    expect(((await info.json()) as Json).response.app_id).toBe('example');
    expect(await health.json()).toEqual({ status: 'ok' });
  });

  it('finishes an in-flight call on SIGTERM, then exits 0', async () => {
    const inFlight = fetch(new URL('/wait', base), {
      method: 'POST',
      body: envelope({ request: { ms: 500 } }),
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

    child.kill('SIGTERM');
    const answer = await inFlight;

    expect(await answer.json()).toEqual({ response: { waited: 500 }, raw_data: null, page: null });
    expect(await exited).toBe(0);
    expect(stderr).toContain('shutting down: finishing in-flight calls');
    expect(stderr).not.toContain(TOKEN);
    expect(stderr).not.toContain(SIGNING_KEY);
  });
});

describe('the bundled bin, built with the README recipe', () => {
  let bin: string;

  beforeAll(async () => {
    const out = join(dir, 'dist');
    await writeFile(join(dir, 'package.json'), '{"type":"module"}\n');
    await execFileAsync(process.execPath, [...FROM_SOURCE, 'bench/build-fixture.ts', out], {
      cwd: PACKAGE_DIR,
    });
    bin = join(out, 'main.js');
  }, 120_000);

  it('starts with a shebang and answers info from the build-time info.json', async () => {
    const info = await readFile(join(bin, '..', 'info.json'), 'utf8');
    const result = await cli(['info'], { bin, node: [] });

    expect((await readFile(bin, 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(result.stdout).toBe(info);
    expect(JSON.parse(info)).toEqual({ response: integration.info(), raw_data: null, page: null });
  });

  it('runs a capability call with core, zod and ky bundled in', async () => {
    const result = await cli(
      ['get_account', '--json', envelope({ request: { account_id: 'u00003' } })],
      {
        bin,
        node: [],
      },
    );

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).response.username).toBe('user00003');
  });
});
