import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { ResponseEnvelope } from '@grantkit/connector-core';

export interface RunBinOptions {
  /** Added to (and overriding) the parent's environment. */
  env?: Record<string, string | undefined>;
  /** @default the folder of the nearest package.json above the bin */
  cwd?: string;
  /** `json` passes `--json '<envelope>'`, `file` writes it to a temp file for `--json-file`. @default 'json' */
  input?: 'json' | 'file';
  /** Extra arguments after the capability (e.g. `--result-file-path out.gz`). */
  args?: readonly string[];
  /** Kills the process after this long and rejects. @default 30_000 */
  timeoutMs?: number;
}

export interface BinResult {
  /** stdout parsed as one JSON document; undefined when stdout is not JSON. */
  envelope: ResponseEnvelope | undefined;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a connector's bin as the platform would: `node <bin> <capability> --json <envelope>`.
 * A `.ts` bin runs from source (`--conditions=@grantkit/source --import tsx`); pass the built
 * `dist/main.js` to test what is published. Leave `envelope` out for `info` and usage tests.
 */
export async function runBin(
  binPath: string,
  capability: string | undefined,
  envelope?: unknown,
  options: RunBinOptions = {},
): Promise<BinResult> {
  const bin = resolve(binPath);
  const nodeArgs = bin.endsWith('.ts')
    ? ['--conditions=@grantkit/source', '--import', 'tsx', bin]
    : [bin];
  const args: string[] = capability === undefined ? [] : [capability];
  let tempDir: string | undefined;

  if (envelope !== undefined) {
    const json = typeof envelope === 'string' ? envelope : JSON.stringify(envelope);
    if (options.input === 'file') {
      tempDir = await mkdtemp(join(tmpdir(), 'grantkit-run-bin-'));
      const file = join(tempDir, 'envelope.json');
      await writeFile(file, json, { mode: 0o600 });
      args.push('--json-file', file);
    } else {
      args.push('--json', json);
    }
  }
  args.push(...(options.args ?? []));

  try {
    return await spawnNode([...nodeArgs, ...args], {
      cwd: options.cwd ?? packageRoot(bin),
      env: { ...process.env, ...options.env },
      timeoutMs: options.timeoutMs ?? 30_000,
    });
  } finally {
    if (tempDir !== undefined) await rm(tempDir, { recursive: true, force: true });
  }
}

function spawnNode(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<BinResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `runBin: the bin did not finish within ${options.timeoutMs} ms (node ${args.join(' ').slice(0, 200)}); stderr so far:\n${stderr}`,
        ),
      );
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`runBin: could not start node: ${error.message}`, { cause: error }));
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolvePromise({ envelope: parseEnvelope(stdout), exitCode, stdout, stderr });
    });
  });
}

function parseEnvelope(stdout: string): ResponseEnvelope | undefined {
  try {
    return JSON.parse(stdout) as ResponseEnvelope;
  } catch {
    return undefined;
  }
}

function packageRoot(file: string): string {
  let dir = dirname(file);
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return dirname(file);
    dir = parent;
  }
  return dir;
}
