import { readFileSync } from 'node:fs';
import type { IntegrationSource, RunOptions } from './run.ts';

/**
 * The bin of a connector, called from its `main.ts`. Reads `process.argv`, prints one
 * JSON document on stdout, logs on stderr, and sets `process.exitCode` (0 success, 1 error
 * envelope, 2 usage error).
 *
 * `info` is answered from `options.infoFile` when the build wrote one, before anything
 * else is loaded: this module imports only `node:fs`, and the rest of the CLI, the
 * integration and its dependencies are loaded with `import()` for other commands.
 */
export async function runIntegration(
  source: IntegrationSource,
  options: RunOptions = {},
): Promise<void> {
  const argv = process.argv.slice(2);
  const command = argv[0];
  if (argv.length === 1 && (command === 'info' || command === 'app_info')) {
    const prebuilt = readInfoFile(options.infoFile);
    if (prebuilt !== undefined) {
      process.stdout.write(prebuilt.endsWith('\n') ? prebuilt : `${prebuilt}\n`);
      return;
    }
  }
  const { runProcess } = await import('./run.ts');
  await runProcess(source, options);
}

/** The build-time `info` envelope, or undefined when there is none (e.g. from source). */
function readInfoFile(file: URL | string | undefined): string | undefined {
  if (file === undefined) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
