import type { CliConfig } from '../cli/config.ts';
import type { CliIo } from '../cli/run.ts';
import type { Redactor } from '../errors/redactor.ts';
import type { Integration } from '../integration/integration.ts';
import { createStreamLogger } from '../logging/logger.ts';
import { createConnectorServer } from './server.ts';

export interface ServeOptions {
  port: number;
  host: string;
  config: CliConfig;
  io: CliIo;
  /** Stops the server when aborted; the CLI passes SIGTERM and SIGINT. @default the signals */
  stop?: AbortSignal;
}

/**
 * `<app>-connector serve`: answers calls over HTTP until SIGTERM or SIGINT, then stops
 * taking calls, lets in-flight ones finish, and returns the exit code.
 */
export async function serve(integration: Integration, options: ServeOptions): Promise<number> {
  const { config, io } = options;
  const createLogger = (redactor?: Redactor) =>
    createStreamLogger({
      level: config.logLevel,
      format: config.logFormat,
      fields: { app_id: integration.appId },
      write: (line) => io.stderr(`${line}\n`),
      ...(redactor ? { redactor } : {}),
    });
  const logger = createLogger();
  const connector = createConnectorServer(integration, { createLogger });

  let url: URL;
  try {
    url = await connector.listen(options.port, options.host);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    io.stderr(
      `error: cannot listen on ${options.host}:${options.port} (${reason}); choose another --port or --host\n`,
    );
    return 1;
  }
  // One line, whatever the log level, so that a supervisor (or a test) learns the port.
  io.stderr(
    config.logFormat === 'json'
      ? `${JSON.stringify({ time: new Date().toISOString(), level: 'info', message: 'listening', url: url.href })}\n`
      : `listening on ${url.href}\n`,
  );

  const stop = options.stop ?? signalsAbort();
  await new Promise<void>((resolve) => {
    if (stop.aborted) resolve();
    else stop.addEventListener('abort', () => resolve(), { once: true });
  });
  logger.info('shutting down: finishing in-flight calls');
  await connector.close();
  logger.info('stopped');
  return 0;
}

/** Aborts on the first SIGTERM or SIGINT; a second one ends the process at once. */
function signalsAbort(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
    controller.abort();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return controller.signal;
}
