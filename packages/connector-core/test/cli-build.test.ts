import { describe, expect, it } from 'vitest';
import { connectorBuildConfig } from '../src/cli/build.ts';

type RenderChunk = (code: string, chunk: { isEntry: boolean }) => string | null;

function binConfig(options: Parameters<typeof connectorBuildConfig>[0] = {}) {
  const [library, bin] = connectorBuildConfig(options);
  return { library: library!, bin: bin! };
}

function renderChunk(options: Parameters<typeof connectorBuildConfig>[0] = {}): RenderChunk {
  const plugins = binConfig(options).bin.plugins as unknown as Array<{ renderChunk: RenderChunk }>;
  return plugins[0]!.renderChunk;
}

describe('connectorBuildConfig', () => {
  it('builds the library with types and the bin without, both into dist', () => {
    const { library, bin } = binConfig();

    expect(library).toMatchObject({ entry: { index: 'src/index.ts' }, dts: true, outDir: 'dist' });
    expect(bin).toMatchObject({ entry: { main: 'src/main.ts' }, dts: false, outDir: 'dist' });
  });

  it('bundles every dependency into the bin except the ones named external', () => {
    const { bin } = binConfig({ external: ['pg-native', /^@node-rs\//] });
    const alwaysBundle = bin.deps!.alwaysBundle as (id: string) => boolean;

    expect(alwaysBundle('zod')).toBe(true);
    expect(alwaysBundle('@grantkit/connector-core/cli')).toBe(true);
    expect(alwaysBundle('pg-native')).toBe(false);
    expect(alwaysBundle('pg-native/lib/index.js')).toBe(false);
    expect(alwaysBundle('@node-rs/argon2')).toBe(false);
    expect(bin.deps!.neverBundle).toEqual(['pg-native', /^@node-rs\//]);
  });

  it('starts the bin with a shebang unless its source has one', () => {
    const render = renderChunk();

    expect(render('import "x";\n', { isEntry: true })).toBe('#!/usr/bin/env node\nimport "x";\n');
    expect(render('#!/usr/bin/env node\nimport "x";\n', { isEntry: true })).toBeNull();
    expect(render('export const chunk = 1;\n', { isEntry: false })).toBeNull();
  });

  it('resolves workspace packages to their source', () => {
    const { library, bin } = binConfig();

    for (const config of [library, bin]) {
      expect(
        (config.inputOptions as { resolve: { conditionNames: string[] } }).resolve
          .conditionNames[0],
      ).toBe('@grantkit/source');
    }
  });
});
