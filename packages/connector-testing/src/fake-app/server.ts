// The fake app runs on node:http rather than a web framework: it must control the socket
// itself (reset a connection, never answer, cut a body), which frameworks hide, and node:http
// is part of Node, so the kit adds no dependency that could drift from the runtime.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkAuth, type FakeAuth } from './auth.ts';
import { FakeAppProblemsError, FakeHttpError } from './errors.ts';
import { RateLimiter, type RateLimitOptions } from './limits.ts';
import { compileRoute, matchRoute, type Route, type RouteOptions, selectsRoute } from './router.ts';
import type {
  FakeRequest,
  FakeResponse,
  Fault,
  HttpMethod,
  InjectedFault,
  InjectOptions,
  LoggedRequest,
  RouteHandler,
} from './types.ts';

/** Checks one answer of the fake against the real API's description; returns problems. */
export type ResponseValidator = (exchange: {
  method: string;
  path: string;
  route: string | undefined;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}) => readonly string[];

export interface FakeAppOptions {
  /** Shown in problem messages, e.g. `GitHub`. @default 'fake app' */
  name?: string;
  /** The app's auth check, applied to every route unless the route says otherwise. */
  auth?: FakeAuth;
  /** Faults active from the start, as `inject` would add them. */
  faults?: ReadonlyArray<{ fault: Fault } & InjectOptions>;
  /** A declared rate limit; requests beyond it get the throttled answer. */
  rateLimit?: RateLimitOptions;
  /** Requests allowed in flight at once; more get a 429. */
  maxConcurrent?: number;
  /** Added to every request before it is answered. @default 0 */
  latencyMs?: number;
  /** Checks every handler answer (not faults); failures are recorded as problems. */
  validateResponse?: ResponseValidator;
  /**
   * The app's own error body for a status and message, used by auth failures, 404s and
   * faults. @default `{ message }`
   */
  errorBody?: (status: number, message: string) => unknown;
}

/** Counters over the fake's life. */
export interface FakeAppStats {
  requests: number;
  /** Every 429 sent, whatever the reason (declared limits and injected faults). */
  answered429: number;
  /** Answers refused because of the declared `rateLimit`. */
  rateLimited: number;
  /** Answers refused because of `maxConcurrent`. */
  overConcurrency: number;
  /** The most requests that were in flight at once. */
  peakConcurrency: number;
  inFlight: number;
}

interface FaultRule extends InjectedFault {
  readonly route: string | undefined;
  matches(route: Route | undefined): boolean;
  take(): boolean;
}

/**
 * A fake of a SaaS app on loopback, on a random port, for one test: declare its routes,
 * auth and faults, point the connector at `url`, assert on `requests`, then `close()`.
 */
export class FakeApp {
  readonly #server: Server;
  readonly #options: FakeAppOptions;
  readonly #routes: Route[] = [];
  readonly #rules: FaultRule[] = [];
  readonly #log: LoggedRequest[] = [];
  readonly #problems: string[] = [];
  readonly #sockets = new Set<Socket>();
  readonly #limiter: RateLimiter | undefined;
  readonly #started = performance.now();
  readonly #closing = new AbortController();
  readonly #stats: FakeAppStats = {
    requests: 0,
    answered429: 0,
    rateLimited: 0,
    overConcurrency: 0,
    peakConcurrency: 0,
    inFlight: 0,
  };
  #url = '';

  constructor(options: FakeAppOptions = {}) {
    this.#options = options;
    this.#limiter = options.rateLimit ? new RateLimiter(options.rateLimit) : undefined;
    for (const { fault, ...rest } of options.faults ?? []) this.inject(fault, rest);
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        // A client that hung up mid-request is the client's business, not a fake's problem.
        if (!req.socket.destroyed) {
          this.#problems.push(`the fake itself failed: ${String(error)}`);
        }
        if (!res.headersSent) res.destroy();
      });
    });
    this.#server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  /** Listens on 127.0.0.1, on a free port. */
  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = this.#server.address() as AddressInfo;
    this.#url = `http://127.0.0.1:${port}`;
    return this;
  }

  /** The fake's origin, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  get url(): string {
    return this.#url;
  }

  /** Every request received so far, in arrival order. */
  get requests(): readonly LoggedRequest[] {
    return this.#log;
  }

  /** The requests that matched a route (`/path/:x` or `GET /path/:x`). */
  requestsTo(route: string): LoggedRequest[] {
    return this.#log.filter(
      (entry) =>
        entry.route !== undefined && (entry.route === route || entry.route.endsWith(` ${route}`)),
    );
  }

  clearRequests(): void {
    this.#log.length = 0;
  }

  get stats(): Readonly<FakeAppStats> {
    return { ...this.#stats };
  }

  /** Handler crashes and validation failures recorded so far. */
  get problems(): readonly string[] {
    return this.#problems;
  }

  /**
   * Declares a route. Patterns take `:name` params and a final `*`; the first route that
   * matches wins.
   */
  route(
    method: HttpMethod,
    pattern: string,
    handler: RouteHandler,
    options: RouteOptions = {},
  ): this {
    this.#routes.push(compileRoute(method, pattern, handler, options));
    return this;
  }

  /** Makes matching requests fail with `fault` (once by default; see `InjectOptions`). */
  inject(fault: Fault, options: InjectOptions = {}): InjectedFault {
    const times = options.times ?? 1;
    let skip = options.after ?? 0;
    let fired = 0;
    let cancelled = false;
    const rule: FaultRule = {
      fault,
      route: options.route,
      get fired() {
        return fired;
      },
      get remaining() {
        return cancelled ? 0 : Math.max(0, times - fired);
      },
      cancel: () => {
        cancelled = true;
      },
      matches: (route) =>
        options.route === undefined || selectsRoute(options.route, route) === true,
      take: () => {
        if (cancelled || fired >= times) return false;
        if (skip > 0) {
          skip -= 1;
          return false;
        }
        fired += 1;
        return true;
      },
    };
    this.#rules.push(rule);
    return rule;
  }

  /** Removes every injected fault. */
  clearFaults(): void {
    for (const rule of this.#rules) rule.cancel();
    this.#rules.length = 0;
  }

  /** The app's error body for a status and message (see `errorBody`). */
  errorBody(status: number, message: string): unknown {
    return this.#options.errorBody ? this.#options.errorBody(status, message) : { message };
  }

  /**
   * Stops the server and drops every open connection (requests held by a `timeout` fault
   * included). Rejects with `FakeAppProblemsError` when the fake recorded problems, so a
   * crashing handler or a drifted answer fails the test; pass `ignoreProblems` to skip that.
   */
  async close(options: { ignoreProblems?: boolean } = {}): Promise<void> {
    this.#closing.abort();
    for (const socket of this.#sockets) socket.destroy();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    if (this.#problems.length > 0 && options.ignoreProblems !== true) {
      throw new FakeAppProblemsError(this.#problems);
    }
  }

  //// Answering one request ////

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = performance.now();
    const receivedAt = Date.now();
    const url = new URL(req.url ?? '/', this.#url);
    const rawBody = await readBody(req);
    const entry: LoggedRequest = {
      seq: this.#log.length + 1,
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: flattenHeaders(req),
      body: parseBody(rawBody, req.headers['content-type']),
      route: undefined,
      status: undefined,
      fault: undefined,
      at: Math.round(arrived - this.#started),
      receivedAt,
    };
    this.#log.push(entry);
    this.#stats.requests += 1;
    this.#stats.inFlight += 1;
    this.#stats.peakConcurrency = Math.max(this.#stats.peakConcurrency, this.#stats.inFlight);
    // Out of flight once the answer is handed to the socket ('finish'), or the socket is gone
    // ('close', for resets and timeouts): the client may send its next request right away.
    let done = false;
    const settle = () => {
      if (!done) this.#stats.inFlight -= 1;
      done = true;
    };
    res.once('finish', settle);
    res.once('close', settle);

    const limitHeaders = this.#checkLimits(entry, res);
    if (limitHeaders === undefined) return;

    if (this.#options.latencyMs) await this.#wait(this.#options.latencyMs);

    const match = matchRoute(this.#routes, entry.method, entry.path);
    const route = match.route;
    entry.route = route?.key;
    const request: FakeRequest = {
      method: entry.method,
      path: entry.path,
      url,
      params: match.route ? match.params : {},
      query: entry.query,
      headers: req.headers,
      body: entry.body,
      rawBody,
      auth: undefined,
    };

    const fault = await this.#takeFault(route, entry);
    if (fault !== undefined && fault.kind !== 'truncated_json' && fault.kind !== 'latency') {
      this.#answerFault(fault, request, entry, res, limitHeaders);
      return;
    }

    const response = await this.#answerRoute(match, request, entry);
    const final = { ...response, headers: { ...limitHeaders, ...response.headers } };
    this.#send(res, entry, final, fault?.kind === 'truncated_json');
  }

  /** Applies `maxConcurrent` and `rateLimit`; undefined when the request was refused. */
  #checkLimits(entry: LoggedRequest, res: ServerResponse): Record<string, string> | undefined {
    const max = this.#options.maxConcurrent;
    if (max !== undefined && this.#stats.inFlight > max) {
      this.#stats.overConcurrency += 1;
      entry.fault = 'over_concurrency';
      const message = `More than ${max} concurrent requests; slow down`;
      this.#send(res, entry, { status: 429, body: this.errorBody(429, message) });
      return undefined;
    }
    if (this.#limiter === undefined) return {};

    const decision = this.#limiter.take(Date.now());
    if (decision.allowed) return decision.headers;
    this.#stats.rateLimited += 1;
    entry.fault = 'rate_limited';
    const status = this.#limiter.status;
    this.#send(res, entry, {
      status,
      headers: { ...decision.headers, 'retry-after': String(decision.retryAfterSeconds) },
      body: this.errorBody(status, 'API rate limit exceeded'),
    });
    return undefined;
  }

  async #takeFault(route: Route | undefined, entry: LoggedRequest): Promise<Fault | undefined> {
    let chosen: Fault | undefined;
    for (const rule of this.#rules) {
      if (!rule.matches(route)) continue;
      if (rule.fault.kind === 'latency') {
        if (rule.take()) await this.#wait(rule.fault.ms);
        continue;
      }
      if (chosen === undefined && rule.take()) chosen = rule.fault;
    }
    if (chosen !== undefined) entry.fault = chosen.kind;
    return chosen;
  }

  #answerFault(
    fault: Exclude<Fault, { kind: 'latency' | 'truncated_json' }>,
    request: FakeRequest,
    entry: LoggedRequest,
    res: ServerResponse,
    limitHeaders: Record<string, string>,
  ): void {
    switch (fault.kind) {
      case 'reset':
        res.socket?.destroy();
        return;
      case 'timeout':
        // Never answered: the socket stays open until the client gives up or `close()`.
        return;
      case 'rate_limit': {
        const status = fault.status ?? 429;
        const headers: Record<string, string> = { ...limitHeaders };
        if (fault.retryAfter !== undefined) {
          headers['retry-after'] =
            fault.retryAfter instanceof Date
              ? fault.retryAfter.toUTCString()
              : String(fault.retryAfter);
        }
        if (fault.resetInSeconds !== undefined) {
          headers['x-ratelimit-remaining'] = '0';
          headers['x-ratelimit-reset'] = String(
            Math.ceil(Date.now() / 1000 + fault.resetInSeconds),
          );
        }
        const body = fault.body ?? this.errorBody(status, 'API rate limit exceeded');
        this.#send(res, entry, { status, headers: { ...headers, ...fault.headers }, body });
        return;
      }
      case 'server_error': {
        const status = fault.status ?? 500;
        const body = fault.body ?? this.errorBody(status, 'Server Error');
        this.#send(res, entry, { status, headers: limitHeaders, body });
        return;
      }
      case 'status': {
        const body = fault.body ?? this.errorBody(fault.status, `Failed with ${fault.status}`);
        const headers = { ...limitHeaders, ...fault.headers };
        this.#send(res, entry, { status: fault.status, headers, body });
        return;
      }
      case 'malformed_json':
        this.#send(res, entry, {
          status: 200,
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: '{"data": [{"id": 1,, "broken": tru',
        });
        return;
      case 'html_error': {
        const status = fault.status ?? 502;
        this.#send(res, entry, {
          status,
          headers: { 'content-type': 'text/html; charset=utf-8' },
          body: `<!DOCTYPE html>\n<html><head><title>${status} Error</title></head><body><h1>${status} Error</h1><p>The server at ${request.url.host} could not answer.</p></body></html>\n`,
        });
        return;
      }
    }
  }

  async #answerRoute(
    match: ReturnType<typeof matchRoute>,
    request: FakeRequest,
    entry: LoggedRequest,
  ): Promise<FakeResponse> {
    if (match.route === undefined) {
      if (match.allowed.length > 0) {
        return {
          status: 405,
          headers: { allow: [...new Set(match.allowed)].join(', ') },
          body: this.errorBody(405, `Method ${request.method} not allowed on ${request.path}`),
        };
      }
      return { status: 404, body: this.errorBody(404, 'Not Found') };
    }

    const route = match.route;
    const auth = route.options.auth === undefined ? this.#options.auth : route.options.auth;
    if (auth) {
      const outcome = await checkAuth(auth, request, route.options.scopes ?? []);
      if (!outcome.ok && outcome.status === 401) {
        return auth.unauthorized
          ? auth.unauthorized(request, outcome.reason)
          : { status: 401, body: this.errorBody(401, 'Bad credentials') };
      }
      if (!outcome.ok) {
        return auth.forbidden
          ? auth.forbidden(request, outcome.missing)
          : { status: 403, body: this.errorBody(403, `Forbidden: ${outcome.reason}`) };
      }
      request.auth = outcome.identity;
    }

    try {
      const response = await route.handler(request);
      this.#validate(entry, response);
      return response;
    } catch (error) {
      if (error instanceof FakeHttpError) {
        return {
          status: error.status,
          headers: error.headers,
          body: error.body ?? this.errorBody(error.status, error.message),
        };
      }
      this.#problems.push(`${route.key} handler threw: ${String(error)}`);
      return { status: 500, body: this.errorBody(500, 'The fake handler crashed') };
    }
  }

  #validate(entry: LoggedRequest, response: FakeResponse): void {
    const validate = this.#options.validateResponse;
    if (validate === undefined) return;
    let problems: readonly string[];
    try {
      problems = validate({
        method: entry.method,
        path: entry.path,
        route: entry.route,
        status: response.status ?? (response.body === undefined ? 204 : 200),
        headers: stringHeaders(response.headers ?? {}),
        body: response.body,
      });
    } catch (error) {
      problems = [`the response validator failed: ${String(error)}`];
    }
    for (const problem of problems) {
      this.#problems.push(`${entry.method} ${entry.path}: ${problem}`);
    }
  }

  #send(res: ServerResponse, entry: LoggedRequest, response: FakeResponse, truncate = false): void {
    if (res.destroyed || res.headersSent) return;
    const status = response.status ?? (response.body === undefined ? 204 : 200);
    const headers: Record<string, string | number | readonly string[]> = {};
    for (const [key, value] of Object.entries(response.headers ?? {})) {
      headers[key.toLowerCase()] = value;
    }

    let payload: Buffer | undefined;
    if (typeof response.body === 'string' || Buffer.isBuffer(response.body)) {
      payload = Buffer.from(response.body);
      headers['content-type'] ??= 'text/plain; charset=utf-8';
    } else if (response.body !== undefined) {
      payload = Buffer.from(JSON.stringify(response.body));
      headers['content-type'] ??= 'application/json; charset=utf-8';
    }
    if (payload !== undefined && truncate) {
      payload = payload.subarray(0, Math.max(1, Math.floor(payload.length / 2)));
    }
    headers['content-length'] = payload?.length ?? 0;

    entry.status = status;
    if (status === 429) this.#stats.answered429 += 1;
    res.writeHead(status, headers as Record<string, string | number | string[]>);
    res.end(entry.method === 'HEAD' ? undefined : payload);
  }

  async #wait(ms: number): Promise<void> {
    try {
      await sleep(ms, undefined, { signal: this.#closing.signal });
    } catch {
      // Closing: the request is dropped with its socket.
    }
  }
}

/** Starts a fake app on loopback. Close it in `afterEach`/`afterAll`. */
export async function startFakeApp(options: FakeAppOptions = {}): Promise<FakeApp> {
  return new FakeApp(options).listen();
}

//// Request reading ////

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw === '') return undefined;
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) flat[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function stringHeaders(
  headers: Record<string, string | number | readonly string[]>,
): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    flat[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return flat;
}
