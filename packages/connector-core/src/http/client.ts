import ky, { isHTTPError, isTimeoutError, type KyInstance, TimeoutError } from 'ky';
import { ConnectorError } from '../errors/connector-error.ts';
import { Redactor, redactUrl } from '../errors/redactor.ts';
import { type Logger, silentLogger } from '../logging/logger.ts';
import { authHeaders, type HttpAuth } from './auth.ts';
import { describeHttpError, type HttpStatusError } from './http-status-error.ts';
import { ConcurrencyGate, QuotaTracker, TokenBucket, wait } from './limiter.ts';
import { type LinkRelations, parseLinkHeader } from './link-header.ts';
import { type RateLimitInfo, readRateLimit } from './rate-limit-headers.ts';
import { RateLimitedError } from './rate-limited-error.ts';
import {
  decideRetry,
  networkErrorCode,
  type ResolvedRetryOptions,
  type RetryDecision,
  type RetryOptions,
  rateLimitWait,
  resolveRetryOptions,
} from './retry-policy.ts';
import { parseBaseUrl, resolveRequestUrl, type SearchParams } from './url.ts';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

export interface RateLimitOptions {
  /** Most requests started per second (a token bucket of that size). @default unlimited */
  requestsPerSecond?: number | undefined;
  /**
   * Or: at most `requests` started per `windowMs`, refilled evenly (a token bucket of
   * `requests` tokens). Takes precedence over `requestsPerSecond`.
   * @default unlimited
   */
  window?: { requests: number; windowMs: number } | undefined;
  /** Most requests in flight at once; waits for a slot do not count as retry waiting. @default 8 */
  concurrency?: number | undefined;
  /**
   * Stay under the app's reported limit (`x-ratelimit-remaining` with its reset, or the Okta
   * or IETF equivalent): once the requests left are all taken by requests in flight (and
   * `reserve`), the next request waits for the reset instead of being refused. The wait
   * counts toward `retry.maxTotalWaitMs`; past it the request throws `RateLimitedError`
   * without being sent.
   * @default true
   */
  waitForReset?: boolean | undefined;
  /**
   * Requests of the app's reported limit to leave unused: a request waits for the reset
   * once the requests left, less those in flight, are at or below this. Useful to leave
   * room for other clients of the same credential.
   * @default 0
   */
  reserve?: number | undefined;
  /**
   * Which rate-limit bucket a request counts against, for `waitForReset`. Apps with
   * separate limits can key by path: GitHub's `search` limit apart from `core`
   * (`url.pathname.startsWith('/search') ? 'search' : 'core'`), Okta's per-endpoint limits.
   * @default one bucket per client
   */
  bucket?: ((request: { method: HttpMethod; url: URL }) => string) | undefined;
}

export interface HttpClientOptions {
  /** The API root; request paths are joined under its path, e.g. `https://api.github.com`. */
  baseUrl: string | URL;
  /** The app's name as users know it, for messages: "GitHub answered 404 ...". */
  appName: string;
  /** How each request authenticates. Its secrets are added to `redactor`. @default none */
  auth?: HttpAuth | undefined;
  /** Time allowed for one attempt, from sending to the end of the body. @default 30_000 */
  timeoutMs?: number | undefined;
  /** Retry policy; see `RetryOptions` for each default. */
  retry?: RetryOptions | undefined;
  /** Client-side limits: rate, concurrency and waiting for a reported reset. */
  rateLimit?: RateLimitOptions | undefined;
  /** Headers sent with every request (auth and per-request headers win). @default {} */
  headers?: Record<string, string> | undefined;
  /** @default 'grantkit-connector' */
  userAgent?: string | undefined;
  /** Debug line per attempt, info line per retry. @default silentLogger */
  logger?: Logger | undefined;
  /**
   * Redacts secrets from messages and logs; pass the call's `redactor` so the auth secrets
   * are redacted everywhere the call prints. @default a new Redactor
   */
  redactor?: Redactor | undefined;
  /** Aborts every request and wait of this client (e.g. the call's `signal`). */
  signal?: AbortSignal | undefined;
}

export interface RequestOptions {
  /** Query parameters, added to (and replacing the same keys in) the path's query. */
  searchParams?: SearchParams | undefined;
  /** A JSON body; sets `content-type: application/json`. */
  json?: unknown;
  /** A raw body (form or text); use `json` for JSON. Replayable, so retries can resend it. */
  body?: string | URLSearchParams | undefined;
  /** Headers for this request; `undefined` leaves a header out. */
  headers?: Record<string, string | undefined> | undefined;
  /** Sends `If-Match` (optimistic concurrency: a 412 means the object changed). */
  ifMatch?: string | undefined;
  /** @default the client's `timeoutMs` */
  timeoutMs?: number | undefined;
  /** Overrides the client's retry options for this request. */
  retry?: RetryOptions | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * A conditional GET: with `ifNoneMatch` (an ETag) or `ifModifiedSince`, a 304 answer
 * resolves as a `NotModifiedResponse` instead of throwing. Leaving the value `undefined`
 * sends an ordinary request (handy for the first call, before an ETag is known).
 */
export type ConditionalRequestOptions = RequestOptions &
  (
    | { ifNoneMatch: string | undefined; ifModifiedSince?: string | Date | undefined }
    | { ifNoneMatch?: string | undefined; ifModifiedSince: string | Date | undefined }
  );

export interface HttpResponse<T> {
  /** The parsed JSON body; `undefined` for an empty body (204, HEAD). Not validated. */
  data: T;
  status: number;
  notModified: false;
  headers: Headers;
  /** The URL answered (after redirects). */
  url: string;
  /** The `Link` header by relation, URLs resolved: `links.next` for the next page. */
  links: LinkRelations;
  /** The `ETag` header, for a later `ifNoneMatch`. */
  etag: string | undefined;
  /** The rate-limit headers of this response, if it had any. */
  rateLimit: RateLimitInfo | undefined;
  /** Attempts it took, from 1. */
  attempts: number;
  /** The underlying response; its body has been read. */
  response: Response;
}

/** A 304 answer to a conditional request: what the caller has is still current. */
export interface NotModifiedResponse
  extends Omit<HttpResponse<undefined>, 'status' | 'notModified'> {
  status: 304;
  notModified: true;
}

export interface PagesOptions extends RequestOptions {
  /** Stop after this many pages. @default Infinity */
  maxPages?: number | undefined;
}

/** A JSON client for one app; create it with `createHttpClient`. */
export interface HttpClient {
  readonly baseUrl: URL;
  readonly appName: string;
  readonly redactor: Redactor;
  request<T = unknown>(
    method: HttpMethod,
    path: string | URL,
    options: ConditionalRequestOptions,
  ): Promise<HttpResponse<T> | NotModifiedResponse>;
  request<T = unknown>(
    method: HttpMethod,
    path: string | URL,
    options?: RequestOptions,
  ): Promise<HttpResponse<T>>;
  get<T = unknown>(
    path: string | URL,
    options: ConditionalRequestOptions,
  ): Promise<HttpResponse<T> | NotModifiedResponse>;
  get<T = unknown>(path: string | URL, options?: RequestOptions): Promise<HttpResponse<T>>;
  head(path: string | URL, options?: RequestOptions): Promise<HttpResponse<undefined>>;
  post<T = unknown>(path: string | URL, options?: RequestOptions): Promise<HttpResponse<T>>;
  put<T = unknown>(path: string | URL, options?: RequestOptions): Promise<HttpResponse<T>>;
  patch<T = unknown>(path: string | URL, options?: RequestOptions): Promise<HttpResponse<T>>;
  delete<T = unknown>(path: string | URL, options?: RequestOptions): Promise<HttpResponse<T>>;
  /**
   * GETs `path`, then each `Link: rel="next"` target in turn, yielding every page.
   * `searchParams` apply to the first request only (next links carry their own query).
   */
  pages<T = unknown>(path: string | URL, options?: PagesOptions): AsyncGenerator<HttpResponse<T>>;
}

/**
 * Creates a JSON HTTP client for one app. Throws `ConnectorError` for a bad base URL or an
 * unusable secret. Errors it throws map through the default error chain: `HTTPError` by
 * status, `RateLimitedError` to `rate_limit`, network failures and timeouts by cause.
 *
 * @example
 * ```ts
 * const github = createHttpClient({
 *   baseUrl: settings.api_url,
 *   appName: 'GitHub',
 *   auth: { type: 'bearer', token: credential('token').token },
 *   headers: { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' },
 *   redactor,
 *   logger,
 *   signal,
 * });
 * const page = await github.get<Member[]>(urlPath`/orgs/${org}/members`, {
 *   searchParams: { per_page: 100 },
 * });
 * const next = page.links.next; // the absolute URL of the next page, or undefined
 * ```
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  return new Client(options);
}

//// Implementation ////

interface Plan {
  method: HttpMethod;
  url: URL;
  /** The URL as logs and messages show it; worked out on first use, as most never show it. */
  readonly shownUrl: string;
  headers: Headers;
  body: string | URLSearchParams | undefined;
  conditional: boolean;
  timeoutMs: number;
  retry: ResolvedRetryOptions;
  signal: AbortSignal;
  bucket: string;
}

interface Reply {
  response: Response;
  text: string;
}

class Client implements HttpClient {
  readonly baseUrl: URL;
  readonly appName: string;
  readonly redactor: Redactor;
  readonly #ky: KyInstance;
  readonly #headers: Headers;
  readonly #timeoutMs: number;
  readonly #retry: ResolvedRetryOptions;
  readonly #logger: Logger;
  readonly #signal: AbortSignal | undefined;
  readonly #gate: ConcurrencyGate;
  readonly #bucket: TokenBucket | undefined;
  readonly #quota: QuotaTracker;
  readonly #reserve: number;
  readonly #waitForReset: boolean;
  readonly #bucketOf: (request: { method: HttpMethod; url: URL }) => string;

  constructor(options: HttpClientOptions) {
    this.appName = options.appName;
    this.redactor = options.redactor ?? new Redactor();
    this.baseUrl = parseBaseUrl(options.baseUrl, options.appName);
    this.#headers = new Headers({
      accept: 'application/json',
      'user-agent': options.userAgent ?? 'grantkit-connector',
    });
    // set(), not an init object: `Accept` and `accept` are one header, and must not be joined.
    const auth = authHeaders(options.auth, this.redactor, options.appName);
    for (const [name, value] of [
      ...Object.entries(options.headers ?? {}),
      ...Object.entries(auth),
    ]) {
      this.#headers.set(name, value);
    }
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    if (!(this.#timeoutMs > 0)) {
      throw new TypeError(`createHttpClient: timeoutMs must be > 0; got ${options.timeoutMs}`);
    }
    this.#retry = resolveRetryOptions(options.retry);
    this.#logger = options.logger ?? silentLogger;
    this.#signal = options.signal;
    const limits = options.rateLimit ?? {};
    this.#gate = new ConcurrencyGate(limits.concurrency ?? 8);
    this.#bucket = limits.window
      ? new TokenBucket(limits.window.requests, limits.window.windowMs)
      : limits.requestsPerSecond !== undefined
        ? bucketPerSecond(limits.requestsPerSecond)
        : undefined;
    this.#waitForReset = limits.waitForReset ?? true;
    this.#reserve = limits.reserve ?? 0;
    this.#quota = new QuotaTracker(this.#reserve);
    this.#bucketOf = limits.bucket ?? (() => '');
    // ky sends and raises HTTPError; retries and timeouts are ours (#send), because ky's
    // retry shortens a long Retry-After to `maxRetryAfter` and retries anyway, has no cap on
    // the total wait, cannot treat GitHub's 403 limits as limits, and its timeout ends at the
    // headers, not the body. Our loop also frees the concurrency slot while it waits.
    this.#ky = ky.create({ retry: 0, timeout: false, throwHttpErrors: true });
  }

  request<T = unknown>(
    method: HttpMethod,
    path: string | URL,
    options: ConditionalRequestOptions,
  ): Promise<HttpResponse<T> | NotModifiedResponse>;
  request<T = unknown>(
    method: HttpMethod,
    path: string | URL,
    options?: RequestOptions,
  ): Promise<HttpResponse<T>>;
  async request<T = unknown>(
    method: HttpMethod,
    path: string | URL,
    options: RequestOptions | ConditionalRequestOptions = {},
  ): Promise<HttpResponse<T> | NotModifiedResponse> {
    return this.#send<T>(this.#plan(method, path, options));
  }

  get<T = unknown>(
    path: string | URL,
    options: ConditionalRequestOptions,
  ): Promise<HttpResponse<T> | NotModifiedResponse>;
  get<T = unknown>(path: string | URL, options?: RequestOptions): Promise<HttpResponse<T>>;
  async get<T = unknown>(
    path: string | URL,
    options: RequestOptions | ConditionalRequestOptions = {},
  ): Promise<HttpResponse<T> | NotModifiedResponse> {
    return this.#send<T>(this.#plan('GET', path, options));
  }

  head(path: string | URL, options: RequestOptions = {}): Promise<HttpResponse<undefined>> {
    return this.request<undefined>('HEAD', path, options);
  }

  post<T = unknown>(path: string | URL, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    return this.request<T>('POST', path, options);
  }

  put<T = unknown>(path: string | URL, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    return this.request<T>('PUT', path, options);
  }

  patch<T = unknown>(path: string | URL, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    return this.request<T>('PATCH', path, options);
  }

  delete<T = unknown>(path: string | URL, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    return this.request<T>('DELETE', path, options);
  }

  async *pages<T = unknown>(
    path: string | URL,
    options: PagesOptions = {},
  ): AsyncGenerator<HttpResponse<T>> {
    const { maxPages = Number.POSITIVE_INFINITY, searchParams, ...rest } = options;
    const seen = new Set<string>();
    let next: string | URL | undefined = path;
    for (let count = 0; next !== undefined && count < maxPages; count++) {
      const page: HttpResponse<T> = await this.request<T>(
        'GET',
        next,
        count === 0 && searchParams !== undefined ? { ...rest, searchParams } : rest,
      );
      seen.add(page.url);
      yield page;
      next = page.links.next;
      if (next !== undefined && seen.has(next)) {
        throw new ConnectorError(
          'invalid_response',
          `${this.appName}'s Link header points back to a page already read (${redactUrl(next)}); the listing would never end`,
        );
      }
    }
  }

  //// One request ////

  #plan(
    method: HttpMethod,
    path: string | URL,
    options: ConditionalRequestOptions | RequestOptions,
  ): Plan {
    const url = resolveRequestUrl(this.baseUrl, path, options.searchParams, this.appName);
    const headers = new Headers(this.#headers);
    let body = options.body;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers.set('content-type', 'application/json');
    }
    const conditional = conditionalHeaders(options);
    for (const [name, value] of Object.entries({ ...conditional, ...options.headers })) {
      if (value === undefined) headers.delete(name);
      else headers.set(name, value);
    }
    if (options.ifMatch !== undefined) headers.set('if-match', options.ifMatch);

    const signals = [this.#signal, options.signal].filter((s): s is AbortSignal => s !== undefined);
    const redactor = this.redactor;
    let shownUrl: string | undefined;
    return {
      method,
      url,
      get shownUrl(): string {
        shownUrl ??= redactor.redactText(redactUrl(url));
        return shownUrl;
      },
      headers,
      body,
      conditional: Object.keys(conditional).length > 0,
      timeoutMs: options.timeoutMs ?? this.#timeoutMs,
      retry: options.retry ? resolveRetryOptions(this.#retry, options.retry) : this.#retry,
      // A signal of its own per request, even with none given: listeners stay per request.
      signal: AbortSignal.any(signals),
      bucket: this.#bucketOf({ method, url }),
    };
  }

  async #send<T>(plan: Plan): Promise<HttpResponse<T> | NotModifiedResponse> {
    let waitedMs = 0;
    for (let attempt = 1; ; attempt++) {
      let started = performance.now();
      let quotaError: unknown;
      let reply: Reply;
      try {
        // The quota is checked inside the slot: a request queued for a slot must see the
        // `remaining` of answers that arrived while it queued, or a burst goes over the limit.
        reply = await this.#gate.run(async () => {
          try {
            waitedMs += await this.#waitForQuota(plan, waitedMs);
          } catch (error) {
            quotaError = error;
            throw error;
          }
          started = performance.now();
          return this.#attempt(plan);
        }, plan.signal);
      } catch (error) {
        if (quotaError !== undefined && error === quotaError) throw error;
        const headers = isHTTPError(error) ? error.response.headers : undefined;
        this.#quota.finish(plan.bucket, headers ? readRateLimit(headers) : undefined);
        this.#logAttempt(plan, attempt, started, describeFailure(error));
        waitedMs += await this.#waitToRetry(error, plan, attempt, waitedMs);
        continue;
      }
      const rateLimit = readRateLimit(reply.response.headers);
      this.#quota.finish(plan.bucket, rateLimit);
      this.#logAttempt(plan, attempt, started, { status: reply.response.status });
      return this.#toResponse<T>(plan, reply, attempt, rateLimit);
    }
  }

  /** Waits before the next attempt and returns the time waited, or throws the final error. */
  async #waitToRetry(
    error: unknown,
    plan: Plan,
    attempt: number,
    waitedMs: number,
  ): Promise<number> {
    const decision = decideRetry(error, {
      method: plan.method,
      attempt,
      options: plan.retry,
      aborted: plan.signal.aborted,
    });
    if (!decision.retry) throw this.#finalError(error, plan, attempt, decision);
    if (waitedMs + decision.waitMs > plan.retry.maxTotalWaitMs) {
      throw this.#capError(error, plan, decision, waitedMs);
    }
    this.#logger.info(
      `${this.appName}: ${decision.reason} on ${plan.method} ${plan.shownUrl}; retrying in ${decision.waitMs} ms`,
      { method: plan.method, url: plan.shownUrl, attempt, wait_ms: decision.waitMs },
    );
    await wait(decision.waitMs, plan.signal);
    return decision.waitMs;
  }

  /** One attempt: a slot, a token, then the request and its body within `timeoutMs`. */
  async #attempt(plan: Plan): Promise<Reply> {
    if (this.#bucket) await this.#bucket.take(plan.signal);
    // One controller per attempt, aborted by the deadline or by the request's signal. A
    // listener forwards the latter: AbortSignal.any costs more per request on Node 20.
    const attempt = new AbortController();
    const onAbort = (): void => attempt.abort(plan.signal.reason);
    if (plan.signal.aborted) onAbort();
    else plan.signal.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      // Aborting with ky's TimeoutError makes fetch and the body read reject with it.
      attempt.abort(new TimeoutError(new Request(plan.url, { method: plan.method })));
    }, plan.timeoutMs);
    try {
      const response = await this.#ky(plan.url, {
        method: plan.method,
        headers: plan.headers,
        body: plan.body ?? null,
        signal: attempt.signal,
      });
      const text = plan.method === 'HEAD' ? '' : await response.text();
      return { response, text };
    } catch (error) {
      if (isHTTPError(error)) {
        if (error.response.status === 304 && plan.conditional) {
          return { response: error.response, text: '' };
        }
        await describeHttpError(error, this.redactor);
      }
      throw error;
    } finally {
      clearTimeout(timer);
      plan.signal.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Waits, within the total wait cap, while the app's reported limit has no requests left
   * beyond those in flight and the reserve; then counts this request as in flight.
   */
  async #waitForQuota(plan: Plan, waitedMs: number): Promise<number> {
    let waited = 0;
    for (;;) {
      const pending = this.#waitForReset ? this.#quota.pending(plan.bucket) : undefined;
      if (pending === undefined) {
        this.#quota.start(plan.bucket);
        return waited;
      }
      const { info, waitMs, inFlight } = pending;
      const resetAt = info.resetAt!.toISOString();
      const state =
        info.remaining === 0
          ? 'is used up'
          : `has ${info.remaining} request${info.remaining === 1 ? '' : 's'} left (${inFlight} in flight, ${this.#reserve} in reserve)`;
      if (waitedMs + waited + waitMs > plan.retry.maxTotalWaitMs) {
        const limit = `${this.appName}'s rate limit${resource(info)} ${state} until ${resetAt}`;
        const why = `waiting ${formatMs(waitMs)} would pass the ${capText(plan)}`;
        throw new RateLimitedError(
          `${limit}; ${plan.method} ${plan.shownUrl} was not sent, as ${why}; try again after ${resetAt}`,
          { retryAfterMs: waitMs, resetAt: info.resetAt },
        );
      }
      this.#logger.info(
        `${this.appName}'s rate limit${resource(info)} ${state}; waiting ${waitMs} ms for its reset before ${plan.method} ${plan.shownUrl}`,
        { method: plan.method, url: plan.shownUrl, wait_ms: waitMs },
      );
      await wait(waitMs, plan.signal);
      waited += waitMs;
    }
  }

  #toResponse<T>(
    plan: Plan,
    reply: Reply,
    attempts: number,
    rateLimit: RateLimitInfo | undefined,
  ): HttpResponse<T> | NotModifiedResponse {
    const { response } = reply;
    const url = response.url || plan.url.toString();
    const common = {
      headers: response.headers,
      url,
      links: parseLinkHeader(response.headers.get('link'), url),
      etag: response.headers.get('etag') ?? undefined,
      rateLimit,
      attempts,
      response,
    };
    if (response.status === 304) {
      return { ...common, data: undefined, status: 304, notModified: true };
    }
    const data = this.#parseBody(plan, reply) as T;
    return { ...common, data, status: response.status, notModified: false };
  }

  #parseBody(plan: Plan, { response, text }: Reply): unknown {
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text);
    } catch (error) {
      const type = response.headers.get('content-type') ?? 'no content-type';
      throw new ConnectorError(
        'invalid_response',
        this.redactor.redactText(
          `${this.appName} answered ${plan.method} ${plan.shownUrl} with ${response.status} ` +
            `and a body that is not JSON (${type}): ${(error as Error).message}; ` +
            'check that the base URL points at the API',
        ),
        { statusCode: response.status, cause: error },
      );
    }
  }

  //// Giving up ////

  #finalError(
    error: unknown,
    plan: Plan,
    attempt: number,
    decision: Extract<RetryDecision, { retry: false }>,
  ): unknown {
    if (!decision.rateLimited || !isHTTPError(error)) return error;
    const when = decision.resetAt ? `after ${decision.resetAt.toISOString()}` : 'later';
    return this.#rateLimited(
      error,
      plan,
      `still limited after ${attempt} attempt${attempt === 1 ? '' : 's'}; try again ${when}`,
      decision.resetAt,
    );
  }

  #capError(
    error: unknown,
    plan: Plan,
    decision: Extract<RetryDecision, { retry: true }>,
    waitedMs: number,
  ): unknown {
    this.#logger.warn(
      `${this.appName}: ${decision.reason} on ${plan.method} ${plan.shownUrl}; not waiting ${decision.waitMs} ms more (cap ${plan.retry.maxTotalWaitMs} ms)`,
      { method: plan.method, url: plan.shownUrl, wait_ms: decision.waitMs, waited_ms: waitedMs },
    );
    if (!decision.rateLimited || !isHTTPError(error)) return error;
    const when = decision.resetAt ? `after ${decision.resetAt.toISOString()}` : 'later';
    const asked = decision.fromServer ? 'it asks to wait' : 'the next retry would wait';
    return this.#rateLimited(
      error,
      plan,
      `${asked} ${formatMs(decision.waitMs)}, which would pass the ${capText(plan)}; try again ${when}`,
      decision.resetAt,
    );
  }

  #rateLimited(
    error: HttpStatusError,
    plan: Plan,
    detail: string,
    resetAt: Date | undefined,
  ): RateLimitedError {
    const status = error.response.status;
    const upstream = error.upstreamMessage ? `: ${error.upstreamMessage}` : '';
    const wait = rateLimitWait(error)?.waitMs;
    return new RateLimitedError(
      `${this.appName} is rate limiting ${plan.method} ${plan.shownUrl} (${status}${upstream}); ${detail}`,
      { statusCode: status, cause: error, retryAfterMs: wait, resetAt },
    );
  }

  //// Logs ////

  #logAttempt(
    plan: Plan,
    attempt: number,
    started: number,
    outcome: { status?: number; error?: string },
  ): void {
    if (!this.#logger.isEnabled('debug')) return;
    this.#logger.debug(`${this.appName} ${plan.method} ${plan.shownUrl}`, {
      method: plan.method,
      url: plan.shownUrl,
      ...outcome,
      ms: Math.round(performance.now() - started),
      attempt,
    });
  }
}

/** `n` per second as a bucket of at least one token (0.5/s is 1 per 2 s). */
function bucketPerSecond(requestsPerSecond: number): TokenBucket {
  const capacity = Math.max(1, requestsPerSecond);
  return new TokenBucket(capacity, (capacity / requestsPerSecond) * 1000);
}

function conditionalHeaders(
  options: RequestOptions & {
    ifNoneMatch?: string | undefined;
    ifModifiedSince?: string | Date | undefined;
  },
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (options.ifNoneMatch !== undefined) headers['if-none-match'] = options.ifNoneMatch;
  const since = options.ifModifiedSince;
  if (since !== undefined) {
    headers['if-modified-since'] = since instanceof Date ? since.toUTCString() : since;
  }
  return headers;
}

function describeFailure(error: unknown): { status?: number; error?: string } {
  if (isHTTPError(error)) return { status: error.response.status };
  if (isTimeoutError(error)) return { error: 'timeout' };
  const code = networkErrorCode(error);
  if (code !== undefined) return { error: code };
  return { error: error instanceof Error ? error.name : 'unknown' };
}

function resource(info: RateLimitInfo): string {
  return info.resource ? ` (${info.resource})` : '';
}

function capText(plan: Plan): string {
  return `${formatMs(plan.retry.maxTotalWaitMs)} cap on waiting (retry.maxTotalWaitMs)`;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 1000)} s`;
}
