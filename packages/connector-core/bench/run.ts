/**
 * The core benchmarks, as ratios against a baseline measured in the same run:
 *
 * - cold start: `<app>-connector info` of the bundled example connector against
 *   `node -e ""`, median of alternating runs (the target is at most 1.5x);
 * - dispatch overhead: a `list_accounts` call whose handler returns 1,000 accounts, through
 *   `dispatch` and `JSON.stringify` of the envelope, against `JSON.stringify` of the
 *   accounts alone.
 *
 * Thresholds are reported, not asserted: the exit code is non-zero only on a crash.
 * Run with `pnpm bench` (or `pnpm --filter @grantkit/connector-core bench`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { defineIntegration, type FoundAccountData, FoundAccountDataSchema } from '../src/index.ts';
import { buildFixture } from './build-fixture.ts';

const COLD_START_RUNS = 30;
const COLD_START_LIMIT = 1.5;
const DISPATCH_ROUNDS = 300;
const ACCOUNTS = 1_000;

interface Row {
  name: string;
  baseline: number;
  measured: number;
  limit?: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

//// Cold start ////

function timeRun(args: string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const elapsed = performance.now() - started;
  if (result.status !== 0) {
    throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  }
  return elapsed;
}

async function coldStart(): Promise<Row[]> {
  const dir = await mkdtemp(join(tmpdir(), 'grantkit-bench-'));
  try {
    // As in a published connector: `dist/` inside a package of type module.
    await writeFile(join(dir, 'package.json'), '{"type":"module"}\n');
    const bin = await buildFixture(join(dir, 'dist'));
    const info = spawnSync(process.execPath, [bin, 'info'], { encoding: 'utf8' });
    if (JSON.parse(info.stdout).response?.app_id !== 'example') {
      throw new Error(`the bundled bin printed no info: ${info.stdout.slice(0, 200)}`);
    }
    const call = [
      bin,
      'validate_credentials',
      '--json',
      JSON.stringify({
        request: {},
        auth: { token: { token: 'ex_bench' } },
        settings: { tenant: 'a' },
      }),
    ];

    const baseline: number[] = [];
    const infoRuns: number[] = [];
    const callRuns: number[] = [];
    for (let i = 0; i < 2; i++) timeRun(['-e', '']) + timeRun([bin, 'info']);
    // Alternating, so that a busy neighbour slows both sides alike.
    for (let i = 0; i < COLD_START_RUNS; i++) {
      baseline.push(timeRun(['-e', '']));
      infoRuns.push(timeRun([bin, 'info']));
      callRuns.push(timeRun(call));
    }
    return [
      {
        name: 'cold start: info',
        baseline: median(baseline),
        measured: median(infoRuns),
        limit: COLD_START_LIMIT,
      },
      {
        name: 'cold start: validate_credentials',
        baseline: median(baseline),
        measured: median(callRuns),
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

//// Dispatch overhead ////

function makeAccounts(count: number): FoundAccountData[] {
  return Array.from({ length: count }, (_, i) => ({
    integration_specific_id: `00u${i.toString(36).padStart(8, '0')}`,
    email: `person${i}@example.com`,
    given_name: `Given${i}`,
    family_name: `Family${i}`,
    username: `person${i}`,
    user_status: i % 10 === 0 ? 'SUSPENDED' : 'ACTIVE',
    account_type: 'user',
    extra_data: { department: `dept-${i % 17}`, title: 'Engineer', manager_id: `00u${i % 50}` },
    custom_attributes: { cost_center: String(1000 + (i % 40)) },
  }));
}

async function dispatchOverhead(): Promise<Row[]> {
  const accounts = makeAccounts(ACCOUNTS);
  const integration = defineIntegration({
    appId: 'bench',
    version: '0.0.0',
    name: 'Bench',
    description: 'dispatch overhead',
    auth: 'token',
  });
  integration.register('validate_credentials', async () => ({
    response: { valid: true, unique_tenant_id: 'bench' },
  }));
  integration.register('list_accounts', async () => ({ response: accounts }));
  const request = JSON.stringify({ request: {}, auth: { token: { token: 'bench-token-1' } } });

  const viaDispatch = async (): Promise<number> => {
    const started = performance.now();
    const envelope = await integration.dispatch('list_accounts', JSON.parse(request));
    const text = JSON.stringify(envelope);
    const elapsed = performance.now() - started;
    if (text.length < 100_000) throw new Error(`dispatch answered ${text.slice(0, 300)}`);
    return elapsed;
  };
  const alone = (): number => {
    const started = performance.now();
    JSON.stringify(accounts);
    return performance.now() - started;
  };

  // Most of dispatch's cost is checking the handler's answer against the protocol schema;
  // timed on its own to show how much.
  const schema = z.array(FoundAccountDataSchema);
  const validation = (): number => {
    const started = performance.now();
    schema.parse(accounts);
    return performance.now() - started;
  };

  for (let i = 0; i < 50; i++) {
    await viaDispatch();
    alone();
    validation();
  }
  const baseline: number[] = [];
  const measured: number[] = [];
  const validated: number[] = [];
  for (let i = 0; i < DISPATCH_ROUNDS; i++) {
    baseline.push(alone());
    measured.push(await viaDispatch());
    validated.push(validation());
  }
  return [
    {
      name: `dispatch: list_accounts x${ACCOUNTS}`,
      baseline: median(baseline),
      measured: median(measured),
    },
    {
      name: `  of which zod check x${ACCOUNTS}`,
      baseline: median(baseline),
      measured: median(validated),
    },
  ];
}

//// Report ////

function report(rows: Row[]): void {
  const header = ['benchmark', 'baseline', 'measured', 'ratio', 'target', 'result'];
  const lines = rows.map((row) => {
    const ratio = row.measured / row.baseline;
    return [
      row.name,
      `${row.baseline.toFixed(2)} ms`,
      `${row.measured.toFixed(2)} ms`,
      `${ratio.toFixed(2)}x`,
      row.limit === undefined ? '-' : `<= ${row.limit}x`,
      row.limit === undefined ? 'reported' : ratio <= row.limit ? 'PASS' : 'FAIL',
    ];
  });
  const widths = header.map((_, i) =>
    Math.max(...[header, ...lines].map((line) => line[i]!.length)),
  );
  for (const line of [header, ...lines]) {
    console.log(line.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
  }
  console.log(
    '\nbaselines: `node -e ""` for cold starts; JSON.stringify of the accounts for dispatch.',
  );
}

const rows = [...(await coldStart()), ...(await dispatchOverhead())];
report(rows);
