import { type HTTPError, isHTTPError, isTimeoutError } from 'ky';
import { parseRetryAfter, readRateLimit } from './rate-limit-headers.ts';

export interface RetryOptions {
  /** Retries after the first attempt; `0` turns retrying off. @default 3 */
  limit?: number | undefined;
  /**
   * Cap on the total time one request may spend waiting: backoff, `Retry-After`, and
   * waiting for a rate-limit reset. When the next wait would pass it, the request stops
   * and throws (a rate limit as `RateLimitedError`, code `rate_limit`).
   * @default 60_000
   */
  maxTotalWaitMs?: number | undefined;
  /** First backoff delay; it doubles on each retry. @default 500 */
  backoffBaseMs?: number | undefined;
  /** Largest backoff delay. @default 10_000 */
  backoffMaxMs?: number | undefined;
  /**
   * Share of each backoff delay that is random, from `0` (none) to `1` (full jitter), so
   * that many clients do not retry in step. Waits the app asks for are not jittered.
   * @default 0.5
   */
  jitter?: number | undefined;
  /**
   * Statuses retried with backoff besides rate limits (429, and 403 with `Retry-After` or
   * `x-ratelimit-remaining: 0`, which are always retried). Only idempotent methods are
   * retried on these, except 503 with `Retry-After`, which is retried for any method.
   * @default [502, 503, 504]
   */
  statusCodes?: readonly number[] | undefined;
  /** Whether an attempt that timed out is retried (idempotent methods only). @default true */
  retryOnTimeout?: boolean | undefined;
}

export type ResolvedRetryOptions = {
  [K in keyof RetryOptions]-?: Exclude<RetryOptions[K], undefined>;
};

export const DEFAULT_RETRY: ResolvedRetryOptions = {
  limit: 3,
  maxTotalWaitMs: 60_000,
  backoffBaseMs: 500,
  backoffMaxMs: 10_000,
  jitter: 0.5,
  statusCodes: [502, 503, 504],
  retryOnTimeout: true,
};

/** Methods that a server may see twice without harm (RFC 9110 9.2.2). */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'TRACE']);

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method.toUpperCase());
}

export function resolveRetryOptions(
  ...layers: Array<RetryOptions | undefined>
): ResolvedRetryOptions {
  const resolved = { ...DEFAULT_RETRY };
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer ?? {})) {
      if (value !== undefined) (resolved as Record<string, unknown>)[key] = value;
    }
  }
  assertRetryOptions(resolved);
  return resolved;
}

function assertRetryOptions(options: ResolvedRetryOptions): void {
  for (const key of ['limit', 'maxTotalWaitMs', 'backoffBaseMs', 'backoffMaxMs'] as const) {
    const value = options[key];
    if (!(value >= 0) || (key === 'limit' && !Number.isInteger(value))) {
      const what = key === 'limit' ? 'an integer' : 'a number';
      throw new TypeError(`createHttpClient: retry.${key} must be ${what} >= 0; got ${value}`);
    }
  }
  if (!(options.jitter >= 0 && options.jitter <= 1)) {
    throw new TypeError(
      `createHttpClient: retry.jitter must be between 0 and 1; got ${options.jitter}`,
    );
  }
}

/** Why and how long to wait before the next attempt, or why not to retry. */
export type RetryDecision =
  | {
      retry: true;
      waitMs: number;
      /** The app refused for its rate limit: 429, or GitHub's 403 forms. */
      rateLimited: boolean;
      /** The wait came from the app (`Retry-After`, reset headers), not from backoff. */
      fromServer: boolean;
      resetAt: Date | undefined;
      reason: string;
    }
  | { retry: false; rateLimited: boolean; resetAt: Date | undefined };

export interface RetryContext {
  method: string;
  /** The attempt that just failed, from 1. */
  attempt: number;
  options: ResolvedRetryOptions;
  /** Whether the caller's own signal was aborted (never retried). */
  aborted: boolean;
  now?: number;
  random?: () => number;
}

export function decideRetry(error: unknown, context: RetryContext): RetryDecision {
  const { method, attempt, options } = context;
  const now = context.now ?? Date.now();
  const random = context.random ?? Math.random;
  const backoff = (): number => backoffDelay(attempt, options, random);
  const exhausted = attempt > options.limit || context.aborted;

  if (isHTTPError(error)) {
    const rateLimit = rateLimitWait(error, now);
    if (rateLimit !== undefined) {
      if (exhausted) return { retry: false, rateLimited: true, resetAt: rateLimit.resetAt };
      const fromServer = rateLimit.waitMs !== undefined && rateLimit.waitMs > 0;
      return {
        retry: true,
        waitMs: fromServer ? rateLimit.waitMs! : backoff(),
        rateLimited: true,
        fromServer,
        resetAt: rateLimit.resetAt,
        reason: `rate limited (${error.response.status})`,
      };
    }
    const status = error.response.status;
    if (exhausted || !options.statusCodes.includes(status)) return notRetried();
    const retryAfter = parseRetryAfter(error.response.headers.get('retry-after'), now);
    // A 503 with Retry-After says the server did not take the request on: safe for any method.
    const safe = isIdempotent(method) || (status === 503 && retryAfter !== undefined);
    if (!safe) return notRetried();
    return {
      retry: true,
      waitMs: retryAfter !== undefined && retryAfter > 0 ? retryAfter : backoff(),
      rateLimited: false,
      fromServer: retryAfter !== undefined,
      resetAt: undefined,
      reason: `status ${status}`,
    };
  }

  if (exhausted || !isIdempotent(method)) return notRetried();
  if (isTimeoutError(error)) {
    if (!options.retryOnTimeout) return notRetried();
    return backoffRetry(backoff(), 'timeout');
  }
  const code = networkErrorCode(error);
  if (code === undefined) return notRetried();
  return backoffRetry(backoff(), `network error ${code}`);
}

function notRetried(): RetryDecision {
  return { retry: false, rateLimited: false, resetAt: undefined };
}

function backoffRetry(waitMs: number, reason: string): RetryDecision {
  return { retry: true, waitMs, rateLimited: false, fromServer: false, resetAt: undefined, reason };
}

/** Exponential backoff: base * 2^(attempt-1), capped, with the random share taken off. */
export function backoffDelay(
  attempt: number,
  options: Pick<ResolvedRetryOptions, 'backoffBaseMs' | 'backoffMaxMs' | 'jitter'>,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(options.backoffMaxMs, options.backoffBaseMs * 2 ** (attempt - 1));
  return Math.round(exponential * (1 - options.jitter * random()));
}

/**
 * For a response refused by a rate limit, how long the app asks to wait; `undefined` when
 * the response is not a rate limit. A 403 counts only with GitHub's signs of a limit
 * (`Retry-After`, or no requests remaining); a plain 403 is a permission problem.
 */
export function rateLimitWait(
  error: HTTPError,
  now = Date.now(),
): { waitMs: number | undefined; resetAt: Date | undefined } | undefined {
  const { status, headers } = error.response;
  if (status !== 429 && status !== 403) return undefined;
  const retryAfter = parseRetryAfter(headers.get('retry-after'), now);
  const info = readRateLimit(headers, now);
  const exhausted = info?.remaining === 0;
  if (status === 403 && retryAfter === undefined && !exhausted) return undefined;

  const untilReset = info?.resetAt === undefined ? undefined : info.resetAt.getTime() - now;
  const waitMs =
    exhausted && untilReset !== undefined
      ? Math.max(retryAfter ?? 0, untilReset)
      : (retryAfter ?? untilReset);
  const resetAt =
    info?.resetAt ?? (retryAfter === undefined ? undefined : new Date(now + retryAfter));
  return { waitMs, resetAt };
}

/** Node and undici error codes that mean the connection failed, not the app. */
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** The system code of a failed connection in the cause chain (fetch wraps it), if any. */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    if (current instanceof AggregateError) {
      const inner = current.errors.map(networkErrorCode).find((found) => found !== undefined);
      if (inner !== undefined) return inner;
    }
    current = current.cause;
  }
  return undefined;
}
