import { ConnectorError, type ConnectorErrorOptions } from '../errors/connector-error.ts';

export interface RateLimitedErrorOptions extends ConnectorErrorOptions {
  /** How long the app asked to wait, counted from when the error was thrown. */
  retryAfterMs?: number | undefined;
  /** When the app said its limit resets. */
  resetAt?: Date | undefined;
}

/**
 * The app's rate limit is exhausted and waiting longer would pass the client's cap
 * (`retry.maxTotalWaitMs`) or its retry limit. Maps to the `rate_limit` error code, so the
 * caller knows to come back later rather than fix anything.
 */
export class RateLimitedError extends ConnectorError {
  override name = 'RateLimitedError';
  readonly retryAfterMs: number | undefined;
  readonly resetAt: Date | undefined;

  constructor(message: string, options: RateLimitedErrorOptions = {}) {
    super('rate_limit', message, options);
    this.retryAfterMs = options.retryAfterMs;
    this.resetAt = options.resetAt;
  }
}
