import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Redactor } from '../errors/redactor.ts';
import type { Integration } from '../integration/integration.ts';
import { createStreamLogger, type Logger, silentLogger } from '../logging/logger.ts';
import type { ErrorEnvelope, ResponseEnvelope } from '../protocol/envelopes.ts';
import { type CapabilityLine, type Command, parseCommandLine, usageText } from './args.ts';
import { type CliConfig, readCliConfig } from './config.ts';
import { parseRequestJson, plainErrorEnvelope } from './envelope.ts';

/** The integration, or a function that loads it (so `info` can answer without loading it). */
export type IntegrationSource = Integration | (() => Integration | Promise<Integration>);

export interface RunOptions {
  /**
   * The `info` envelope written at build time (see `@grantkit/connector-core/build`).
   * When the file exists, `info` prints it without loading the integration; when it does
   * not (e.g. running from source), `info` is computed from the integration.
   */
  infoFile?: URL | string;
  /** The program name shown in the usage text. @default `<app_id>-connector` */
  bin?: string;
}

/** Where the CLI reads and writes; `runIntegration` passes the process's own. */
export interface CliIo {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const EXIT_OK = 0;
export const EXIT_ERROR_ENVELOPE = 1;
export const EXIT_USAGE = 2;

/**
 * `runIntegration` once `info` could not be answered from the build-time file: reads
 * `process.argv`, prints one JSON document on stdout, logs on stderr, and sets
 * `process.exitCode` (0 success, 1 error envelope, 2 usage error).
 */
export async function runProcess(source: IntegrationSource, options: RunOptions): Promise<void> {
  // A reader that goes away (`| head`) is not an error of the call: stop writing quietly.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  const io: CliIo = {
    argv: process.argv.slice(2),
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
  const code = await runCli(source, io, options);
  process.exitCode = code;
  await Promise.all([flush(process.stdout), flush(process.stderr)]);

  // A connector that leaves a socket or pool open would keep a finished call alive; the
  // output is flushed by now, so leave after a grace period. Serve mode has closed its
  // server when it gets here. The timer is unref'd: a clean process exits before it fires.
  setTimeout(() => process.exit(code), 1_000).unref();
}

function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.writableLength === 0) resolve();
    else stream.write('', () => resolve());
  });
}

/**
 * Runs one command line against the integration and returns the exit code. Never throws:
 * every failure is an error envelope on stdout (exit 1) or a usage text on stderr (exit 2).
 */
export async function runCli(
  source: IntegrationSource,
  io: CliIo,
  options: RunOptions = {},
): Promise<number> {
  const command = parseCommandLine(io.argv);
  const configured = readCliConfig(io.env);
  const loader = new Loader(source, options.infoFile);
  const usage = async (message: string): Promise<number> => {
    io.stderr(`error: ${message}\n\n${usageText(await loader.binName(options.bin))}`);
    return EXIT_USAGE;
  };

  if (command.kind === 'usage-error') return usage(command.message);
  if (!configured.ok) return usage(configured.message);
  const config = configured.config;

  try {
    return await runCommand(command, loader, io, config, options);
  } catch (error) {
    // Only a bug in the SDK gets here (dispatch never throws); still one envelope on stdout.
    createLogger(config, io).error('the CLI failed', { stack: (error as Error).stack });
    const envelope = plainErrorEnvelope(
      'unknown',
      'internal_error',
      `The connector CLI failed: ${(error as Error).message}`,
      'cli:runCli',
    );
    return print(io, envelope, undefined, config);
  }
}

async function runCommand(
  command: Exclude<Command, { kind: 'usage-error' }>,
  loader: Loader,
  io: CliIo,
  config: CliConfig,
  options: RunOptions,
): Promise<number> {
  switch (command.kind) {
    case 'help':
      io.stdout(await helpText(loader, command.capability, options.bin));
      return EXIT_OK;
    case 'info':
      return runInfo(loader, command.resultFile, io, config);
    case 'serve': {
      const integration = await loader.integrationOrEnvelope(createLogger(config, io));
      if (!isIntegration(integration)) return print(io, integration, undefined, config);
      const { serve } = await import('../server/serve.ts');
      return serve(integration, { port: command.port, host: command.host, config, io });
    }
    case 'call':
      return runCall(loader, command, io, config);
  }
}

//// Commands ////

async function runInfo(
  loader: Loader,
  resultFile: string | undefined,
  io: CliIo,
  config: CliConfig,
): Promise<number> {
  const prebuilt = loader.prebuiltInfo();
  if (prebuilt !== undefined && resultFile === undefined) {
    io.stdout(prebuilt.endsWith('\n') ? prebuilt : `${prebuilt}\n`);
    return EXIT_OK;
  }
  const integration = await loader.integrationOrEnvelope();
  const envelope = isIntegration(integration)
    ? await integration.dispatch('info', { request: {} })
    : integration;
  return print(io, envelope, resultFile, config);
}

async function runCall(
  loader: Loader,
  command: Extract<Command, { kind: 'call' }>,
  io: CliIo,
  config: CliConfig,
): Promise<number> {
  const baseLogger = createLogger(config, io);
  const integration = await loader.integrationOrEnvelope(baseLogger);
  if (!isIntegration(integration)) return print(io, integration, undefined, config);

  const appId = integration.appId;
  const fail = (message: string, where: string) =>
    print(io, plainErrorEnvelope(appId, 'bad_request', message, `cli:${where}`), undefined, config);

  const text = await readInput(command.input);
  if (!text.ok) return fail(text.message, 'readEnvelope');
  const parsed = parseRequestJson(text.value);
  if (!parsed.ok) return fail(parsed.message, 'readEnvelope');

  if (command.resultFile !== undefined) {
    const { checkResultFile } = await import('./result-file.ts');
    const problem = await checkResultFile(command.resultFile);
    if (problem !== undefined) return fail(problem, 'checkResultFile');
  }

  let redactor: Redactor | undefined;
  let callLogger = baseLogger;
  const logger = lateLogger(() => callLogger);
  logger.info(`calling ${command.capability}`, { app_id: appId });
  const envelope = await integration.dispatch(command.capability, parsed.value, {
    logger,
    onRedactor: (received) => {
      redactor = received;
      callLogger = createLogger(config, io, received);
    },
  });
  return print(io, envelope, command.resultFile, config, redactor);
}

type InputText = { ok: true; value: string } | { ok: false; message: string };

async function readInput(input: { json: string } | { file: string }): Promise<InputText> {
  if ('json' in input) return { ok: true, value: input.json };
  try {
    return { ok: true, value: await readFile(input.file, 'utf8') };
  } catch (error) {
    // The path is named, never the contents (the file holds credentials).
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).name;
    return {
      ok: false,
      message: `Could not read --json-file '${input.file}' (${code}); check that the file exists and is readable`,
    };
  }
}

/** Prints the envelope (or gzips it into the result file) and returns the exit code. */
async function print(
  io: CliIo,
  envelope: ResponseEnvelope,
  resultFile: string | undefined,
  config: CliConfig,
  redactor?: Redactor,
): Promise<number> {
  const isError = 'is_error' in envelope && envelope.is_error === true;
  const json = JSON.stringify(envelope);
  // Error messages are already redacted by dispatch; this second pass costs little.
  const text = isError && redactor ? redactor.redactText(json) : json;
  const code = isError ? EXIT_ERROR_ENVELOPE : EXIT_OK;
  if (isError) {
    const { error } = envelope as ErrorEnvelope;
    createLogger(config, io, redactor).warn(`the call failed: ${error.message}`, {
      error_code: error.error_code,
    });
  }
  if (resultFile === undefined) {
    io.stdout(`${text}\n`);
    return code;
  }
  try {
    // Loaded only here: zlib and crypto are not worth their start-up time on other calls.
    const { writeResultFile } = await import('./result-file.ts');
    await writeResultFile(resultFile, text);
    return code;
  } catch (error) {
    // Nothing is lost: the result goes to stdout when the file cannot take it.
    createLogger(config, io, redactor).error((error as Error).message);
    io.stdout(`${text}\n`);
    return EXIT_ERROR_ENVELOPE;
  }
}

//// Loading the integration lazily ////

function isIntegration(value: Integration | ResponseEnvelope): value is Integration {
  return typeof (value as { dispatch?: unknown }).dispatch === 'function';
}

class Loader {
  readonly #source: IntegrationSource;
  readonly #infoFile: URL | string | undefined;
  #prebuilt: string | null | undefined;

  constructor(source: IntegrationSource, infoFile: URL | string | undefined) {
    this.#source = source;
    this.#infoFile = infoFile;
  }

  /** The build-time `info` envelope as text, or undefined when there is none. */
  prebuiltInfo(): string | undefined {
    if (this.#prebuilt === undefined) {
      this.#prebuilt = null;
      // Read here again rather than imported from bin.ts, which would then become a chunk
      // of its own beside the bundled main.js: one more file to load on every `info`.
      try {
        if (this.#infoFile !== undefined) this.#prebuilt = readFileSync(this.#infoFile, 'utf8');
      } catch {
        // No build-time info (running from source): computed from the integration instead.
      }
    }
    return this.#prebuilt ?? undefined;
  }

  async load(): Promise<Integration> {
    const source = this.#source;
    return typeof source === 'function' ? await source() : source;
  }

  /** The integration, or an error envelope saying why it did not load. */
  async integrationOrEnvelope(
    logger: Logger = silentLogger,
  ): Promise<Integration | ResponseEnvelope> {
    try {
      const started = performance.now();
      const integration = await this.load();
      logger.debug('connector loaded', { ms: Math.round(performance.now() - started) });
      for (const problem of integration.problems()) logger.warn(problem);
      return integration;
    } catch (error) {
      logger.error('the connector failed to load', { stack: (error as Error).stack });
      return plainErrorEnvelope(
        this.#appIdFromInfo() ?? 'unknown',
        'internal_error',
        `The connector failed to load: ${(error as Error).message}`,
        'cli:loadIntegration',
      );
    }
  }

  /** The capabilities and app id, from the build-time info or the integration. */
  async info(): Promise<
    { appId: string; capabilities: CapabilityLine[]; schemas: Record<string, unknown> } | undefined
  > {
    const prebuilt = this.prebuiltInfo();
    let info: PrebuiltInfo | undefined;
    try {
      info =
        prebuilt === undefined ? { response: (await this.load()).info() } : JSON.parse(prebuilt);
    } catch {
      return undefined;
    }
    const response = info?.response;
    if (response === undefined) return undefined;
    const schemas = response.capability_schema ?? {};
    return {
      appId: response.app_id,
      schemas,
      capabilities: Object.keys(schemas).map((name) => ({
        name,
        about: schemas[name]?.display_name ?? schemas[name]?.description,
      })),
    };
  }

  async binName(explicit: string | undefined): Promise<string> {
    if (explicit !== undefined) return explicit;
    const appId = (await this.info())?.appId;
    return appId === undefined ? 'connector' : `${appId}-connector`;
  }

  #appIdFromInfo(): string | undefined {
    try {
      const text = this.prebuiltInfo();
      return text === undefined ? undefined : (JSON.parse(text) as PrebuiltInfo).response.app_id;
    } catch {
      return undefined;
    }
  }
}

interface PrebuiltInfo {
  response: {
    app_id: string;
    capability_schema?: Record<string, { display_name?: string; description?: string }>;
  };
}

async function helpText(
  loader: Loader,
  capability: string | undefined,
  explicitBin: string | undefined,
): Promise<string> {
  const info = await loader.info();
  const bin = explicitBin ?? (info ? `${info.appId}-connector` : 'connector');
  const usage = usageText(bin, info?.capabilities ?? []);
  if (capability === undefined || info === undefined) return usage;
  const schema = info.schemas[capability];
  if (schema === undefined)
    return `${usage}\n'${capability}' is not a capability of this connector.\n`;
  return `${usage}\n${capability}:\n${JSON.stringify(schema, null, 2)}\n`;
}

//// Logging ////

function createLogger(config: CliConfig, io: CliIo, redactor?: Redactor): Logger {
  return createStreamLogger({
    level: config.logLevel,
    format: config.logFormat,
    write: (line) => io.stderr(`${line}\n`),
    ...(redactor ? { redactor } : {}),
  });
}

/** A logger that asks for its target on each line: the call's redactor arrives late. */
function lateLogger(target: () => Logger): Logger {
  return {
    debug: (message, fields) => target().debug(message, fields),
    info: (message, fields) => target().info(message, fields),
    warn: (message, fields) => target().warn(message, fields),
    error: (message, fields) => target().error(message, fields),
    isEnabled: (level) => target().isEnabled(level),
  };
}
