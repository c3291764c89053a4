import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The grantkit monorepo the scaffolder runs in, if it runs in one. */
export interface Workspace {
  root: string;
  connectorsDir: string;
  changesetDir: string;
}

/**
 * The grantkit workspace above `from`: the nearest folder with a `pnpm-workspace.yaml` that
 * holds `packages/connector-core` (so an unrelated pnpm workspace is not mistaken for it).
 */
export function findWorkspace(from: string): Workspace | undefined {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml')) && isGrantkitRoot(dir)) {
      return {
        root: dir,
        connectorsDir: join(dir, 'connectors'),
        changesetDir: join(dir, '.changeset'),
      };
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function isGrantkitRoot(dir: string): boolean {
  try {
    const manifest = readFileSync(join(dir, 'packages/connector-core/package.json'), 'utf8');
    return (JSON.parse(manifest) as { name?: unknown }).name === '@grantkit/connector-core';
  } catch {
    return false;
  }
}

/** Names of the packages in the workspace's `packages/` and `connectors/` folders. */
export function workspacePackageNames(workspace: Workspace): Map<string, string> {
  const names = new Map<string, string>();
  for (const group of ['packages', 'connectors']) {
    const base = join(workspace.root, group);
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      try {
        const manifest = readFileSync(join(base, entry.name, 'package.json'), 'utf8');
        const name = (JSON.parse(manifest) as { name?: unknown }).name;
        if (typeof name === 'string') names.set(name, `${group}/${entry.name}`);
      } catch {
        // A folder without a readable package.json is not a package.
      }
    }
  }
  return names;
}
