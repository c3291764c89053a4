/** What a response said about the app's rate limit, from whichever header family it uses. */
export interface RateLimitInfo {
  /** Requests allowed in the current window. */
  limit: number | undefined;
  /** Requests left in the current window; `0` means the next one will be refused. */
  remaining: number | undefined;
  /** When the window resets. */
  resetAt: Date | undefined;
  /** The limit's name when the app says it, e.g. GitHub's `core` or `search`. */
  resource: string | undefined;
}

/**
 * Header families, most specific first: GitHub (`x-ratelimit-*`), Okta and Twitter
 * (`x-rate-limit-*`), and the IETF draft (`ratelimit-*`).
 */
const FAMILIES = ['x-ratelimit-', 'x-rate-limit-', 'ratelimit-'] as const;

/**
 * Reads the rate-limit headers of a response; `undefined` when it has none.
 * Also reads the structured IETF form `RateLimit: "default";r=0;t=30` (and the older
 * `RateLimit: limit=100, remaining=0, reset=30`).
 */
export function readRateLimit(headers: Headers, now = Date.now()): RateLimitInfo | undefined {
  for (const prefix of FAMILIES) {
    const limit = toNumber(headers.get(`${prefix}limit`));
    const remaining = toNumber(headers.get(`${prefix}remaining`));
    const reset = toNumber(headers.get(`${prefix}reset`));
    if (limit === undefined && remaining === undefined && reset === undefined) continue;
    return {
      limit,
      remaining,
      resetAt: reset === undefined ? undefined : resetToDate(reset, now),
      resource: headers.get(`${prefix}resource`) ?? undefined,
    };
  }
  return readStructuredRateLimit(headers.get('ratelimit'), now);
}

function readStructuredRateLimit(value: string | null, now: number): RateLimitInfo | undefined {
  if (!value) return undefined;
  const param = (names: string): number | undefined =>
    toNumber(new RegExp(`(?:^|[;,\\s])(?:${names})=(\\d+(?:\\.\\d+)?)`).exec(value)?.[1] ?? null);
  const remaining = param('r|remaining');
  const reset = param('t|reset');
  if (remaining === undefined && reset === undefined) return undefined;
  return {
    limit: param('limit'),
    remaining,
    // The IETF draft gives the reset as seconds from now, never as a timestamp.
    resetAt: reset === undefined ? undefined : new Date(now + reset * 1000),
    resource: /^"([^"]*)"/.exec(value.trim())?.[1],
  };
}

/**
 * A reset value as a date. Apps disagree: GitHub and Okta send epoch seconds, the IETF
 * draft and some others send seconds from now, a few send epoch milliseconds. Values are
 * told apart by size; any real delay is far below 1e9 seconds (31 years).
 */
export function resetToDate(value: number, now = Date.now()): Date {
  if (value >= 1e12) return new Date(value);
  if (value >= 1e9) return new Date(value * 1000);
  return new Date(now + value * 1000);
}

/**
 * `Retry-After` in milliseconds from now: delay-seconds (`120`, tolerating a fraction)
 * or an HTTP date (`Wed, 21 Oct 2026 07:28:00 GMT`). A date in the past gives 0;
 * a value that is neither gives `undefined`.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function toNumber(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 ? number : undefined;
}
