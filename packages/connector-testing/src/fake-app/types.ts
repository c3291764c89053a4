import type { IncomingHttpHeaders } from 'node:http';

/** A method the fake app routes on. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

/**
 * What a route handler (or a fault) answers. A `body` that is a string or a Buffer is sent
 * as it is; anything else is sent as JSON.
 */
export interface FakeResponse {
  /** @default 200, or 204 when there is no body */
  status?: number;
  headers?: Record<string, string | number | readonly string[]>;
  body?: unknown;
}

/** Who the request authenticated as, after the app's auth check passed. */
export interface FakeIdentity {
  scheme: 'bearer' | 'basic' | 'header';
  /** The token (bearer, header) or the username (basic). */
  principal: string;
  scopes: readonly string[];
  /** Free-form data attached to the credential in the auth options (e.g. the user id). */
  data: Readonly<Record<string, unknown>>;
}

/** What a route handler receives. */
export interface FakeRequest {
  method: string;
  /** The path without the query string, e.g. `/orgs/acme/members`. */
  path: string;
  /** The full request URL, absolute, on the fake's own origin. */
  url: URL;
  /** Path parameters of the route pattern (`/orgs/:org` gives `{ org }`), decoded. */
  params: Record<string, string>;
  /** Query parameters; the last value wins when a key repeats (see `url` for all). */
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, the raw text when it is not JSON, or undefined when empty. */
  body: unknown;
  rawBody: string;
  /** The authenticated identity, when the route is behind the app's auth check. */
  auth: FakeIdentity | undefined;
}

export type RouteHandler = (request: FakeRequest) => FakeResponse | Promise<FakeResponse>;

/** One entry of the request log. */
export interface LoggedRequest {
  /** Arrival order, from 1. */
  seq: number;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Header names lowercased; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: unknown;
  /** The route pattern that matched, e.g. `GET /orgs/:org/members`; undefined when none. */
  route: string | undefined;
  /** The status answered; undefined while pending, on a reset and on a timeout. */
  status: number | undefined;
  /** The fault (or limit) that decided the answer, if any. */
  fault: FaultKind | 'rate_limited' | 'over_concurrency' | undefined;
  /** Milliseconds since the fake started, when the request arrived. */
  at: number;
  /** Wall-clock time of arrival (epoch ms), to compare with `Retry-After` dates. */
  receivedAt: number;
}

//// Faults ////

export type FaultKind = Fault['kind'];

/**
 * A failure the fake produces instead of (or before) its normal answer:
 *
 * - `rate_limit`: the app's throttling answer (429 unless `status` says otherwise), with
 *   `Retry-After` in seconds or as an HTTP date, and/or the `x-ratelimit-*` headers.
 * - `server_error`: a 5xx with the app's error body.
 * - `status`: any status with the app's error body (401, 403, 404, 409 ...).
 * - `latency`: waits, then answers normally.
 * - `reset`: destroys the socket without an answer (the client sees ECONNRESET or similar).
 * - `timeout`: never answers (until the fake closes).
 * - `malformed_json`: 200 with a body that is not JSON though it says so.
 * - `truncated_json`: the route's real answer, cut in the middle, as a complete response.
 * - `html_error`: an HTML error page, as proxies and load balancers send (502 by default).
 */
export type Fault =
  | {
      kind: 'rate_limit';
      /** @default 429 */
      status?: number;
      /** Seconds, or the date after which to retry. Leave out to send no `Retry-After`. */
      retryAfter?: number | Date;
      /**
       * Seconds until the window resets: sends `x-ratelimit-remaining: 0` and
       * `x-ratelimit-reset` (epoch seconds), as GitHub and many others do.
       */
      resetInSeconds?: number;
      headers?: Record<string, string>;
      body?: unknown;
    }
  | { kind: 'server_error' /** @default 500 */; status?: number; body?: unknown }
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'latency'; ms: number }
  | { kind: 'reset' }
  | { kind: 'timeout' }
  | { kind: 'malformed_json' }
  | { kind: 'truncated_json' }
  | { kind: 'html_error' /** @default 502 */; status?: number };

export interface InjectOptions {
  /**
   * The route it applies to: its pattern with or without the method (`/orgs/:org/members`,
   * `GET /orgs/:org/members`). Leave out for every request.
   */
  route?: string;
  /** How many matching requests get the fault. @default 1 */
  times?: number;
  /** Matching requests to let through before the fault starts. @default 0 */
  after?: number;
}

/** A handle on an injected fault. */
export interface InjectedFault {
  readonly fault: Fault;
  /** How many times it has fired so far. */
  readonly fired: number;
  /** How many times it will still fire. */
  readonly remaining: number;
  /** Stops it from firing again. */
  cancel(): void;
}
