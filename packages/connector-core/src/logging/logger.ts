import type { Redactor } from '../errors/redactor.ts';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFields = Record<string, unknown>;

/**
 * Where the SDK and connectors write logs. Libraries never print: they call a logger they
 * were given, and only the CLI or server decides where it goes (stderr) and redacts it.
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** Whether a message at this level would be written; skip costly log fields if not. */
  isEnabled(level: Exclude<LogLevel, 'silent'>): boolean;
}

const noop = (): void => {};

/** A logger that drops everything; the default inside libraries and tests. */
export const silentLogger: Logger = {
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  isEnabled: () => false,
};

export interface StreamLoggerOptions {
  /** @default 'info' */
  level?: LogLevel;
  /** `text` for people, `json` (one object a line) for log collectors. @default 'text' */
  format?: 'text' | 'json';
  /** Redacts every line by secret value and secret key before it is written. */
  redactor?: Redactor;
  /** Fields added to every line, e.g. `{ app_id, capability }`. */
  fields?: LogFields;
  write?: (line: string) => void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/** A logger writing one line per message, by default to stderr. */
export function createStreamLogger(options: StreamLoggerOptions = {}): Logger {
  const threshold = RANK[options.level ?? 'info'];
  const format = options.format ?? 'text';
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const base = options.fields ?? {};

  const log = (level: Exclude<LogLevel, 'silent'>, message: string, fields?: LogFields) => {
    if (RANK[level] < threshold) return;
    const all = { ...base, ...fields };
    const safe = options.redactor ? options.redactor.redact(all) : all;
    const text = options.redactor ? options.redactor.redactText(message) : message;
    write(format === 'json' ? jsonLine(level, text, safe) : textLine(level, text, safe));
  };

  return {
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
    isEnabled: (level) => RANK[level] >= threshold,
  };
}

function jsonLine(level: string, message: string, fields: LogFields): string {
  return JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
}

function textLine(level: string, message: string, fields: LogFields): string {
  const rest = Object.entries(fields)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${message}${rest ? ` ${rest}` : ''}`;
}

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}
