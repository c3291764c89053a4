#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ScaffoldError } from './errors.ts';
import { generateConnector } from './generate.ts';
import { AUTH_KINDS, PAGINATION_STYLES } from './options.ts';

const USAGE = `Usage: create-connector <app> [options]

Creates a grantkit connector for <app> (kebab-case, e.g. acme-hr): connectors/<app> in the
grantkit monorepo, ./<app> elsewhere. Never overwrites an existing folder.

Options:
  --auth <type>         credential the connector takes: ${AUTH_KINDS.join(', ')} (default: token)
  --pagination <style>  how the app pages its users: ${PAGINATION_STYLES.join(', ')} (default: link)
  --dir <path>          folder to create instead of the default
  -h, --help            show this help

Examples:
  pnpm new-connector acme-hr --auth basic --pagination offset
  pnpm create @grantkit/connector acme-hr
`;

async function main(argv: readonly string[], cwd: string): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    const problem = positionals.length === 0 ? 'name the app' : 'name exactly one app';
    process.stderr.write(`error: ${problem}\n\n${USAGE}`);
    return 2;
  }

  try {
    const result = await generateConnector({
      app: positionals[0]!,
      cwd,
      ...(values.auth === undefined ? {} : { auth: values.auth }),
      ...(values.pagination === undefined ? {} : { pagination: values.pagination }),
      ...(values.dir === undefined ? {} : { dir: values.dir }),
    });
    const lines = [
      `Created ${result.names.packageName} in ${result.dir}`,
      `  credential: ${result.auth}, pagination: ${result.pagination}, bin: ${result.names.bin}`,
      ...result.files.map((file) => `  ${file}`),
      ...(result.changeset ? [`  ${result.changeset} (first changeset)`] : []),
      '',
      'Next:',
      ...result.nextSteps.map((step) => `  ${step}`),
      '',
    ];
    process.stdout.write(lines.join('\n'));
    return 0;
  } catch (error) {
    if (error instanceof ScaffoldError) {
      process.stderr.write(`error: ${error.message}\n${error.usage ? `\n${USAGE}` : ''}`);
      return error.usage ? 2 : 1;
    }
    process.stderr.write(`create-connector failed: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      auth: { type: 'string' },
      pagination: { type: 'string' },
      dir: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

// `pnpm new-connector` runs this in the package's folder; INIT_CWD is where the user typed it.
// `pnpm new-connector` runs this from the package's folder; pnpm passes the folder it was
// called from as INIT_CWD. Only that script may use it: INIT_CWD is inherited by every child
// of any package script, where it names some unrelated folder.
const fromScript = process.env.npm_lifecycle_event === 'new-connector' && process.env.INIT_CWD;
process.exitCode = await main(process.argv.slice(2), fromScript || process.cwd());
