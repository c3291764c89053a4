import pLimit, { type LimitFunction } from 'p-limit';
import type { RateLimitInfo } from './rate-limit-headers.ts';

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function wait(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  // setTimeout fires at once for delays past 2^31-1 ms; no wait here is meant to be that long.
  const delay = Math.min(ms, 2 ** 31 - 1);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, delay);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A token bucket: up to `capacity` requests at once, refilled evenly at `capacity` per
 * `windowMs`. Callers reserve a token in call order and wait for it to exist.
 *
 * Written by hand rather than with p-throttle: p-throttle binds one abort signal at
 * creation, while each request here has its own, and an aborted waiter must hand its
 * token back. It is a dozen lines of arithmetic.
 */
export class TokenBucket {
  readonly #capacity: number;
  readonly #refillPerMs: number;
  #tokens: number;
  #last = performance.now();

  constructor(capacity: number, windowMs: number) {
    if (!(capacity > 0) || !(windowMs > 0)) {
      throw new TypeError(
        `createHttpClient: a rate limit needs requests > 0 and windowMs > 0; got ${capacity} per ${windowMs} ms`,
      );
    }
    this.#capacity = capacity;
    this.#refillPerMs = capacity / windowMs;
    this.#tokens = capacity;
  }

  /** Takes a token, waiting for one if the bucket is empty. Returns the time waited. */
  async take(signal: AbortSignal): Promise<number> {
    const now = performance.now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#last) * this.#refillPerMs);
    this.#last = now;
    this.#tokens -= 1;
    if (this.#tokens >= 0) return 0;

    const waitMs = Math.ceil(-this.#tokens / this.#refillPerMs);
    try {
      await wait(waitMs, signal);
    } catch (error) {
      this.#tokens += 1;
      throw error;
    }
    return waitMs;
  }
}

/** Runs tasks with at most `concurrency` in flight; a task whose signal aborts leaves the queue. */
export class ConcurrencyGate {
  readonly #limit: LimitFunction;

  constructor(concurrency: number) {
    if (!(concurrency >= 1) || !(Number.isInteger(concurrency) || concurrency === Infinity)) {
      throw new TypeError(
        `createHttpClient: rateLimit.concurrency must be an integer >= 1; got ${concurrency}`,
      );
    }
    this.#limit = pLimit(concurrency);
  }

  get active(): number {
    return this.#limit.activeCount;
  }

  run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T> {
    const queued = this.#limit(() => {
      signal.throwIfAborted();
      return task();
    });
    if (signal.aborted) {
      queued.catch(() => {});
      return Promise.reject(signal.reason);
    }
    // p-limit cannot drop a queued task: answer the caller at once on abort, and let the
    // task fail fast (above) when its turn comes.
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      queued.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }
}

/** What the app last said about one rate-limit bucket, and what is in flight against it. */
interface BucketState {
  info: RateLimitInfo | undefined;
  inFlight: number;
}

/**
 * Stays under the app's reported rate limit, per bucket: a request waits for the reset when
 * the requests left, less those in flight, are at or below `reserve`. Waiting only once
 * the app says 0 would be too late with several requests in flight: each could be refused.
 */
const CLOCK_SLACK_MS = 5;

export class QuotaTracker {
  readonly #buckets = new Map<string, BucketState>();
  readonly #reserve: number;

  constructor(reserve = 0) {
    if (!(reserve >= 0)) {
      throw new TypeError(`createHttpClient: rateLimit.reserve must be >= 0; got ${reserve}`);
    }
    this.#reserve = reserve;
  }

  /**
   * How long to wait before sending on this bucket, with what the app last said; undefined
   * when the request may go. Call `start` right after (no await between) once it may go.
   */
  pending(
    bucket: string,
    now = Date.now(),
  ): { waitMs: number; info: RateLimitInfo; inFlight: number } | undefined {
    const state = this.#buckets.get(bucket);
    const info = state?.info;
    if (state === undefined || info?.remaining === undefined || info.resetAt === undefined) {
      return undefined;
    }
    const waitMs = info.resetAt.getTime() - now;
    // Timers and the wall clock disagree by a millisecond or two: a wait that just ended
    // must not start a second, 1 ms wait for the same reset.
    if (waitMs <= CLOCK_SLACK_MS) {
      state.info = undefined;
      return undefined;
    }
    if (info.remaining - state.inFlight > this.#reserve) return undefined;
    return { waitMs, info, inFlight: state.inFlight };
  }

  start(bucket: string): void {
    this.#state(bucket).inFlight += 1;
  }

  /** Ends a request started with `start`, with the rate-limit headers of its answer. */
  finish(bucket: string, info: RateLimitInfo | undefined): void {
    const state = this.#state(bucket);
    state.inFlight = Math.max(0, state.inFlight - 1);
    if (info?.remaining === undefined || info.resetAt === undefined) return;
    const known = state.info;
    const knownReset = known?.resetAt?.getTime();
    const reset = info.resetAt.getTime();
    if (known?.remaining !== undefined && knownReset !== undefined && reset === knownReset) {
      // Answers arrive out of order: within one window the smallest count is the latest.
      if (info.remaining < known.remaining) state.info = info;
    } else if (knownReset === undefined || reset > knownReset) {
      state.info = info;
    }
  }

  #state(bucket: string): BucketState {
    let state = this.#buckets.get(bucket);
    if (state === undefined) {
      state = { info: undefined, inFlight: 0 };
      this.#buckets.set(bucket, state);
    }
    return state;
  }
}
