import { isLogLevel, LOG_LEVELS, type LogLevel } from '../logging/logger.ts';

/** How the CLI and serve mode log, read from the environment. */
export interface CliConfig {
  /** `GRANTKIT_LOG_LEVEL`. @default 'warn' */
  logLevel: LogLevel;
  /** `GRANTKIT_LOG_FORMAT`: `text` for people, `json` for log collectors. @default 'text' */
  logFormat: 'text' | 'json';
}

export type CliConfigResult = { ok: true; config: CliConfig } | { ok: false; message: string };

/**
 * Reads the CLI's settings from the environment. This is the only place in the SDK that
 * reads `process.env`; everything else receives the result.
 */
export function readCliConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): CliConfigResult {
  const level = (env.GRANTKIT_LOG_LEVEL ?? '').trim().toLowerCase() || 'warn';
  const format = (env.GRANTKIT_LOG_FORMAT ?? '').trim().toLowerCase() || 'text';

  if (!isLogLevel(level)) {
    return {
      ok: false,
      message: `GRANTKIT_LOG_LEVEL='${env.GRANTKIT_LOG_LEVEL}' is not a log level; use one of: ${LOG_LEVELS.join(', ')}`,
    };
  }
  if (format !== 'text' && format !== 'json') {
    return {
      ok: false,
      message: `GRANTKIT_LOG_FORMAT='${env.GRANTKIT_LOG_FORMAT}' is not a log format; use text or json`,
    };
  }
  return { ok: true, config: { logLevel: level, logFormat: format } };
}
