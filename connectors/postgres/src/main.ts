#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { runIntegration } from '@grantkit/connector-core/cli';

const BIN = 'postgres-connector';

/**
 * `postgres-connector embedded [--port N] [--seed]`: runs the embedded PostgreSQL (PGlite)
 * on 127.0.0.1 until interrupted, so that the README's example calls can be pasted. Every
 * other command is the standard connector CLI.
 */
async function runEmbedded(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { port: { type: 'string' }, seed: { type: 'boolean' } },
    strict: true,
  });
  const port = values.port === undefined ? 5433 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(`error: --port '${values.port}' is not a port number\n`);
    process.exitCode = 2;
    return;
  }
  const { startEmbeddedPostgres } = await import('./embedded.ts');
  const server = await startEmbeddedPostgres({ port });
  if (values.seed === true) {
    const { seedDemoCompany } = await import('./demo-seed.ts');
    await seedDemoCompany(server.db);
  }
  const settings = { host: server.host, port: server.port, database: 'postgres' };
  process.stdout.write(
    `Embedded PostgreSQL (PGlite) listening on ${server.url}${values.seed ? ' (seeded)' : ''}\n` +
      'It takes any password. Settings for calls:\n' +
      `  "settings": ${JSON.stringify(settings)}\n` +
      '  "auth": {"basic": {"username": "postgres", "password": "any"}}\n' +
      'Press Ctrl-C to stop.\n',
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.stop();
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'embedded') {
  await runEmbedded(rest);
} else {
  await runIntegration(async () => (await import('./integration.ts')).integration, {
    bin: BIN,
    infoFile: new URL('./info.json', import.meta.url),
  });
}
