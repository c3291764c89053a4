import type { ErrorCode } from '../protocol/error-codes.ts';

export interface ConnectorErrorOptions {
  /** The upstream HTTP status that caused this error, if any. */
  statusCode?: number | undefined;
  /** An app-specific code, `<app>.<reason>`, e.g. `github.token_expired`. */
  appErrorCode?: string | undefined;
  cause?: unknown;
}

/**
 * An error with a protocol error code. Throw it from a handler to answer with exactly
 * that code and message; the message must say what failed and what to do next, and must
 * never contain a secret.
 */
export class ConnectorError extends Error {
  override name = 'ConnectorError';
  readonly code: ErrorCode;
  readonly statusCode: number | undefined;
  readonly appErrorCode: string | undefined;

  constructor(code: ErrorCode, message: string, options: ConnectorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.statusCode = options.statusCode;
    this.appErrorCode = options.appErrorCode;
  }
}

export function isConnectorError(error: unknown): error is ConnectorError {
  return error instanceof ConnectorError;
}
