/** A declared rate limit: how many requests the app allows per window. */
export interface RateLimitOptions {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
  /**
   * `fixed`: windows start at the first request and follow each other, as GitHub's hourly
   * budget does. `sliding`: no `windowMs` interval may hold more than `limit` requests
   * (the strictest reading of a limit). @default 'fixed'
   */
  mode?: 'fixed' | 'sliding';
  /**
   * Headers telling the client its budget on every answer: `github` sends
   * `x-ratelimit-limit/remaining/used/reset` (reset in epoch seconds), `ietf` sends
   * `ratelimit-limit/remaining/reset` (reset in seconds from now), `none` sends nothing.
   * @default 'github'
   */
  headers?: 'github' | 'ietf' | 'none';
  /** The status of the throttled answer (GitHub also uses 403). @default 429 */
  status?: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** Headers to add to the answer. */
  headers: Record<string, string>;
  /** Whole seconds until a request will be allowed again (at least 1). */
  retryAfterSeconds: number;
}

/** Counts requests against a declared rate limit. */
export class RateLimiter {
  readonly #options: RateLimitOptions;
  #windowStart: number | undefined;
  #countInWindow = 0;
  readonly #recent: number[] = [];

  constructor(options: RateLimitOptions) {
    if (!(options.limit > 0) || !(options.windowMs > 0)) {
      throw new TypeError(
        `rateLimit: limit and windowMs must be positive; got ${options.limit} per ${options.windowMs} ms`,
      );
    }
    this.#options = options;
  }

  /** Counts one request (allowed or not) and says whether it may pass. */
  take(now: number): RateLimitDecision {
    const { limit, windowMs } = this.#options;
    let used: number;
    let resetAt: number;
    let allowed: boolean;

    if (this.#options.mode === 'sliding') {
      while (this.#recent.length > 0 && this.#recent[0]! <= now - windowMs) this.#recent.shift();
      allowed = this.#recent.length < limit;
      if (allowed) this.#recent.push(now);
      used = this.#recent.length;
      resetAt = (this.#recent[0] ?? now) + windowMs;
    } else {
      if (this.#windowStart === undefined || now >= this.#windowStart + windowMs) {
        this.#windowStart = now;
        this.#countInWindow = 0;
      }
      allowed = this.#countInWindow < limit;
      if (allowed) this.#countInWindow += 1;
      used = this.#countInWindow;
      resetAt = this.#windowStart + windowMs;
    }

    const retryAfterSeconds = Math.max(1, Math.ceil((resetAt - now) / 1000));
    return { allowed, headers: this.#headers(limit, used, resetAt, now), retryAfterSeconds };
  }

  get status(): number {
    return this.#options.status ?? 429;
  }

  #headers(limit: number, used: number, resetAt: number, now: number): Record<string, string> {
    const remaining = String(Math.max(0, limit - used));
    switch (this.#options.headers ?? 'github') {
      case 'github':
        return {
          'x-ratelimit-limit': String(limit),
          'x-ratelimit-remaining': remaining,
          'x-ratelimit-used': String(used),
          'x-ratelimit-reset': String(Math.ceil(resetAt / 1000)),
        };
      case 'ietf':
        return {
          'ratelimit-limit': String(limit),
          'ratelimit-remaining': remaining,
          'ratelimit-reset': String(Math.max(0, Math.ceil((resetAt - now) / 1000))),
        };
      case 'none':
        return {};
    }
  }
}
