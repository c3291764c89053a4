#!/usr/bin/env node
// CI check of the scaffolder: generates one connector per credential type (each with a
// different pagination style, so every style is covered too) into a temporary folder of the
// workspace, then runs what a connector's author would run: tsc, biome and vitest.
//
// Usage: node packages/create-connector/scripts/check-generated.mjs [--tests=all|first] [--keep]
//
// The connectors are not installed with pnpm (that would change the lockfile): their
// folder's node_modules links to this package's, which holds the same dependencies.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { tests: { type: 'string', default: 'all' }, keep: { type: 'boolean', default: false } },
});
if (values.tests !== 'all' && values.tests !== 'first') {
  console.error(`--tests must be 'all' or 'first', not '${values.tests}'`);
  process.exit(2);
}

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(packageDir, '..', '..');
const COMBINATIONS = [
  ['token', 'link'],
  ['basic', 'offset'],
  ['oauth', 'cursor'],
  ['oauth_client_credentials', 'page'],
  ['jwt', 'scim'],
];

mkdirSync(join(root, '.tmp'), { recursive: true });
const work = mkdtempSync(join(root, '.tmp', 'scaffold-check-'));
symlinkSync(join(packageDir, 'node_modules'), join(work, 'node_modules'), 'dir');
const started = Date.now();
let failed = false;

function step(title, command, args, cwd) {
  const begun = Date.now();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env } });
  const seconds = ((Date.now() - begun) / 1000).toFixed(1);
  const ok = result.status === 0;
  const checked = /Checked \d+ files?/.exec(`${result.stdout}${result.stderr}`)?.[0];
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${title} (${seconds} s${checked ? `, ${checked}` : ''})`);
  if (!ok) {
    failed = true;
    console.log(
      `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-60).join('\n'),
    );
  }
  return ok;
}

try {
  const apps = [];
  for (const [auth, pagination] of COMBINATIONS) {
    const app = `check-${auth.replaceAll('_', '-')}-${pagination}`;
    const dir = join(work, app);
    const args = ['--conditions=@grantkit/source', '--import', 'tsx', 'src/main.ts', app];
    args.push('--auth', auth, '--pagination', pagination, '--dir', dir);
    if (step(`generate ${app}`, process.execPath, args, packageDir)) apps.push(app);
  }

  // One tsc over every connector: each one's tsconfig is this one with its own folder.
  writeFileSync(
    join(work, 'tsconfig.json'),
    JSON.stringify({
      extends: '@grantkit/tsconfig/base.json',
      include: ['*/src', '*/test', '*/*.ts'],
    }),
  );
  const tsc = join(work, 'node_modules/typescript/bin/tsc');
  step('typecheck (tsc --noEmit)', process.execPath, [tsc, '--noEmit', '-p', work], work);

  const biome = join(root, 'node_modules/@biomejs/biome/bin/biome');
  const paths = apps.map((app) => relative(root, join(work, app)));
  step(
    'lint (biome check)',
    process.execPath,
    [biome, 'check', '--vcs-enabled=false', ...paths],
    root,
  );

  // The build imports connector-core's built `build` entry, so it needs `pnpm build` first
  // (CI runs it before this script).
  const first = join(work, apps[0]);
  if (existsSync(join(root, 'packages/connector-core/dist/build.js'))) {
    const tsdown = join(work, 'node_modules/tsdown/dist/run.mjs');
    if (step(`build ${apps[0]} (tsdown)`, process.execPath, [tsdown], first)) {
      step(`run ${apps[0]} dist/main.js info`, process.execPath, ['dist/main.js', 'info'], first);
    }
  } else {
    console.log('skip build: connector-core is not built (run pnpm build first)');
  }

  const vitest = join(work, 'node_modules/vitest/vitest.mjs');
  for (const app of values.tests === 'first' ? apps.slice(0, 1) : apps) {
    step(`test ${app} (vitest run)`, process.execPath, [vitest, 'run'], join(work, app));
  }
} finally {
  if (!values.keep) rmSync(work, { recursive: true, force: true });
}

const total = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `${failed ? 'FAILED' : 'passed'}: scaffolder check in ${total} s${values.keep ? ` (kept ${work})` : ''}`,
);
process.exit(failed ? 1 : 0);
