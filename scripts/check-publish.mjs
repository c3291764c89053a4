#!/usr/bin/env node
// Proves that every publishable package works for a user who has never seen this
// monorepo: each is packed with `pnpm pack` (which applies publishConfig and rewrites
// workspace: ranges), checked with publint and arethetypeswrong, then all tarballs are
// installed with plain npm into an empty project, where each connector's bin must print
// a valid `info` envelope.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'grantkit-publish-'));
const tarballs = join(work, 'tarballs');
mkdirSync(tarballs);

// A clean environment for what runs inside the empty project: no npm_* or INIT_CWD
// variables of the `pnpm check-publish` script itself.
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^(npm_|INIT_CWD$|PNPM_)/i.test(key)),
);

function run(command, args, cwd) {
  return execFileSync(command, args, {
    cwd,
    env: cleanEnv,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function step(title, fn) {
  process.stdout.write(`- ${title} ... `);
  try {
    const detail = fn();
    process.stdout.write(`ok${detail ? ` (${detail})` : ''}\n`);
  } catch (error) {
    process.stdout.write('FAILED\n');
    const output = [error.stdout, error.stderr].filter(Boolean).join('\n');
    process.stderr.write(`${output || error.message}\n`);
    process.exitCode = 1;
  }
}

const packages = ['packages', 'connectors']
  .flatMap((group) =>
    readdirSync(join(root, group), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(root, group, entry.name)),
  )
  .map((dir) => ({
    dir,
    isConnector: dir.startsWith(join(root, 'connectors')),
    manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')),
  }))
  .filter(({ manifest }) => manifest.private !== true);

const packed = [];
for (const { dir, manifest, isConnector } of packages) {
  step(`pack ${manifest.name}`, () => {
    const before = new Set(readdirSync(tarballs));
    run('pnpm', ['pack', '--pack-destination', tarballs], dir);
    const file = readdirSync(tarballs).find((name) => !before.has(name));
    if (!file) throw new Error(`pnpm pack wrote no tarball for ${manifest.name}`);
    packed.push({ manifest, isConnector, tarball: join(tarballs, file) });
    return file;
  });
}

for (const { manifest, tarball } of packed) {
  step(`publint ${manifest.name}`, () =>
    run('pnpm', ['exec', 'publint', '--strict', tarball], root).trim().split('\n').at(-1),
  );
  step(`arethetypeswrong ${manifest.name}`, () => {
    run(
      'pnpm',
      ['exec', 'attw', '--profile', 'esm-only', '--format', 'table-flipped', tarball],
      root,
    );
    return 'no problems';
  });
}

const project = join(work, 'project');
mkdirSync(project);
writeFileSync(
  join(project, 'package.json'),
  JSON.stringify({ name: 'grantkit-publish-check', private: true, type: 'module' }),
);
step('npm install of every tarball into an empty project', () => {
  run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel=error', ...packed.map((p) => p.tarball)],
    project,
  );
  return `${packed.length} packages`;
});

for (const { manifest, isConnector } of packed) {
  if (!isConnector) continue;
  for (const bin of Object.keys(manifest.bin ?? {})) {
    step(`${bin} info`, () => {
      const stdout = run(join(project, 'node_modules', '.bin', bin), ['info'], project);
      const envelope = JSON.parse(stdout);
      const info = envelope.response;
      if (
        !info?.app_id ||
        !Array.isArray(info.capabilities) ||
        !info.capabilities.includes('validate_credentials')
      ) {
        throw new Error(`unexpected info output: ${stdout.slice(0, 300)}`);
      }
      return `${info.app_id} ${info.version}, ${info.capabilities.length} capabilities`;
    });
  }
}

if (process.exitCode) {
  process.stdout.write(`publishing check FAILED (work folder kept: ${work})\n`);
} else {
  rmSync(work, { recursive: true, force: true });
  process.stdout.write('publishing check passed\n');
}
