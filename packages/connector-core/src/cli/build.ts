import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { TsdownPlugin, UserConfig } from 'tsdown';

const execFileAsync = promisify(execFile);

export interface ConnectorBuildOptions {
  /** The library entry: exports the integration for tests and embedding. @default 'src/index.ts' */
  library?: string;
  /** The bin entry, the connector's `main.ts`. @default 'src/main.ts' */
  bin?: string;
  /** Where both builds go; the bin is `<outDir>/main.js`. @default 'dist' */
  outDir?: string;
  /**
   * Modules the bin leaves to `node_modules` at run time instead of bundling: native
   * addons, or optional peers loaded by name (e.g. `pg-native`). Keep them in
   * `dependencies`. @default []
   */
  external?: ReadonlyArray<string | RegExp>;
  /**
   * Write `<outDir>/info.json` after the build by running the built bin's `info`, so
   * that `info` answers without loading the integration. @default true
   */
  infoFile?: boolean;
}

/** The name of the build-time info file beside the bundled bin. */
export const INFO_FILE_NAME = 'info.json';

/**
 * The tsdown configuration of a connector, two builds in one `dist/`:
 *
 * - the library (`index.js` with types), its dependencies left external;
 * - the bin (`main.js` with a `#!/usr/bin/env node` banner), everything bundled in
 *   (connector-core, zod, ky, ...) so a published connector starts without resolving a
 *   module graph; the integration lands in a chunk that `main.js` loads only for calls.
 *
 * After the build, the bin's `info` is written to `dist/info.json`, which
 * `runIntegration(..., { infoFile })` prints without loading the integration.
 *
 * @example
 * // tsdown.config.ts
 * import { connectorBuildConfig } from '@grantkit/connector-core/build';
 * export default connectorBuildConfig();
 */
export function connectorBuildConfig(options: ConnectorBuildOptions = {}): UserConfig[] {
  const outDir = options.outDir ?? 'dist';
  const external = options.external ?? [];
  const common = {
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outDir,
    fixedExtension: false,
    checks: { pluginTimings: false },
    // Workspace packages resolve to their source, as tests and tsx run them.
    inputOptions: {
      resolve: { conditionNames: ['@grantkit/source', 'node', 'import', 'module', 'default'] },
    },
  } satisfies UserConfig;

  const library: UserConfig = {
    ...common,
    name: 'library',
    entry: { index: options.library ?? 'src/index.ts' },
    dts: true,
    clean: true,
  };

  const bin: UserConfig = {
    ...common,
    name: 'bin',
    entry: { main: options.bin ?? 'src/main.ts' },
    dts: false,
    clean: true,
    plugins: [shebang()],
    deps: {
      alwaysBundle: (id) => !isExternal(id, external),
      neverBundle: [...external],
      onlyBundle: false,
    },
    outputOptions: { chunkFileNames: 'bin/[name]-[hash].js' },
    hooks: {
      'build:done': async ({ options: resolved }) => {
        if (options.infoFile !== false) await writeInfoFile(join(resolved.outDir, 'main.js'));
      },
    },
  };

  return [library, bin];
}

/**
 * Starts the bin with `#!/usr/bin/env node` unless its source already does (a banner would
 * put a second one after the source's own, which is a syntax error).
 */
function shebang(): TsdownPlugin {
  return {
    name: 'grantkit:shebang',
    renderChunk(code, chunk) {
      if (!chunk.isEntry || code.startsWith('#!')) return null;
      return `#!/usr/bin/env node\n${code}`;
    },
  };
}

function isExternal(id: string, external: ReadonlyArray<string | RegExp>): boolean {
  return external.some((pattern) =>
    typeof pattern === 'string' ? id === pattern || id.startsWith(`${pattern}/`) : pattern.test(id),
  );
}

/**
 * Runs the built bin's `info` and writes its output beside it as `info.json`. Any stale
 * file is removed first, so the bin computes `info` from the integration it was built with.
 */
export async function writeInfoFile(binPath: string): Promise<string> {
  const bin = resolve(binPath);
  const target = join(bin, '..', INFO_FILE_NAME);
  await rm(target, { force: true });

  let stdout: string;
  try {
    ({ stdout } = await execFileAsync(process.execPath, [bin, 'info'], {
      env: { ...process.env, GRANTKIT_LOG_LEVEL: 'silent' },
      maxBuffer: 64 * 1024 * 1024,
    }));
  } catch (error) {
    throw new Error(
      `Could not write ${INFO_FILE_NAME}: '${bin} info' failed: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const parsed = JSON.parse(stdout) as { response?: { app_id?: unknown } };
  if (typeof parsed.response?.app_id !== 'string') {
    throw new Error(`Could not write ${INFO_FILE_NAME}: '${bin} info' printed no info envelope`);
  }
  await writeFile(target, stdout);
  return target;
}
