import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STANDALONE_COMPILER_OPTIONS, STANDALONE_VERSIONS } from '../src/versions.ts';

const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

describe('standalone versions', () => {
  it('match the workspace catalog', () => {
    const catalog = read('pnpm-workspace.yaml');
    for (const [name, version] of Object.entries(STANDALONE_VERSIONS)) {
      if (name.startsWith('@grantkit/')) continue;
      const line = new RegExp(`^\\s+"?${name.replace('/', '\\/')}"?: (.+)$`, 'm').exec(catalog);
      expect(line?.[1], name).toBe(version);
    }
  });

  it('name a range that holds the first release of the grantkit packages', () => {
    for (const name of ['connector-core', 'connector-testing']) {
      const { version } = JSON.parse(read(`packages/${name}/package.json`)) as { version: string };
      const [major, minor] = version.split('.').map(Number);
      // Unreleased packages (0.0.x) are published first as 0.1.0, by their minor changeset.
      const released = major === 0 && minor === 0 ? '0.1.0' : version;
      expect(STANDALONE_VERSIONS[`@grantkit/${name}`]).toBe(`^${released}`);
    }
  });

  it('copy the shared compiler options', () => {
    const base = JSON.parse(read('tooling/tsconfig/base.json'));
    const { rewriteRelativeImportExtensions: _, ...options } = base.compilerOptions;
    expect(STANDALONE_COMPILER_OPTIONS).toEqual(options);
  });
});
