import {
  createHttpClient,
  defineIntegration,
  type HttpClientOptions,
  type ResponseEnvelope,
} from '@grantkit/connector-core';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type FakeApp,
  type FakeAppOptions,
  type LoggedRequest,
  startFakeApp,
} from '../src/index.ts';

// One test per fault kind of the fake, through a tiny integration on core's
// `defineIntegration` + `createHttpClient`: how many requests reached the app (retries),
// how long the client waited between them (waits honoured), and the final envelope.

const TOKEN = 'tiny-token-0123456789';
type Tuning = Omit<HttpClientOptions, 'baseUrl' | 'appName' | 'auth'>;

function tinyIntegration(tuning: Tuning = {}) {
  const integration = defineIntegration({
    appId: 'tiny',
    version: '1.0.0',
    name: 'Tiny',
    description: 'A connector of one GET, to observe the HTTP client',
    auth: 'token',
    settings: z.object({ base_url: z.url() }),
  });
  const client = (baseUrl: string, token: string) =>
    createHttpClient({ baseUrl, appName: 'Tiny', auth: { type: 'bearer', token }, ...tuning });

  integration.register('validate_credentials', async ({ settings, credential }) => {
    const me = await client(settings.base_url, credential('token').token).get<{ id: string }>(
      '/me',
    );
    return { response: { valid: true, unique_tenant_id: me.data.id } };
  });
  integration.register('create_account', async ({ settings, credential, request }) => {
    const http = client(settings.base_url, credential('token').token);
    const created = await http.post<{ id: string }>('/users', { json: { email: request.email } });
    return { response: { id: created.data.id, status: 'ACTIVE', created: true } };
  });
  // Eight GETs one after the other.
  integration.register('list_accounts', async ({ settings, credential }) => {
    const http = client(settings.base_url, credential('token').token);
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push((await http.get<{ id: string }>('/me')).data.id);
    return { response: ids.map((id, i) => ({ integration_specific_id: `${id}-${i}` })) };
  });
  // Eight GETs at once, left to the client's concurrency limit.
  integration.register('list_resources', async ({ settings, credential }) => {
    const http = client(settings.base_url, credential('token').token);
    const ids = await Promise.all(
      Array.from({ length: 8 }, async () => (await http.get<{ id: string }>('/me')).data.id),
    );
    return {
      response: ids.map((id, i) => ({
        integration_specific_id: `${id}-${i}`,
        label: id,
        resource_type: 'tenant',
      })),
    };
  });
  return integration;
}

let app: FakeApp | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function start(options: FakeAppOptions = {}): Promise<FakeApp> {
  app = await startFakeApp({ ...options, auth: { scheme: 'bearer', tokens: { [TOKEN]: {} } } });
  app.route('GET', '/me', () => ({ body: { id: 'tenant-1' } }));
  app.route('POST', '/users', () => ({ status: 201, body: { id: 'u-9' } }));
  return app;
}

function call(
  integration: ReturnType<typeof tinyIntegration>,
  capability = 'validate_credentials',
  request: Record<string, unknown> = {},
): Promise<ResponseEnvelope> {
  return integration.dispatch(capability, {
    auth: { token: { token: TOKEN } },
    settings: { base_url: app!.url },
    request: capability === 'create_account' ? { entitlements: [], ...request } : request,
  });
}

/** The envelope with the fake's random port replaced, for snapshots. */
function stable(envelope: ResponseEnvelope): unknown {
  const text = JSON.stringify(envelope)
    .replaceAll(app!.url, 'http://fake')
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>');
  return JSON.parse(text);
}

/** Milliseconds between consecutive requests of the log. */
function gaps(requests: readonly LoggedRequest[]): number[] {
  return requests.slice(1).map((entry, i) => entry.at - requests[i]!.at);
}

const OK = { response: { valid: true, unique_tenant_id: 'tenant-1' }, raw_data: null, page: null };
const noJitter = { jitter: 0, backoffBaseMs: 50, backoffMaxMs: 200 };

describe('429 and rate-limit headers', () => {
  it('waits the Retry-After seconds before each retry, then succeeds', async () => {
    await start();
    app!.inject({ kind: 'rate_limit', retryAfter: 1 }, { times: 2 });
    expect(await call(tinyIntegration())).toEqual(OK);
    expect(app!.requests.map((r) => r.status)).toEqual([429, 429, 200]);
    for (const gap of gaps(app!.requests)) expect(gap).toBeGreaterThanOrEqual(990);
  });

  it('waits until a Retry-After date', async () => {
    await start();
    const until = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000);
    app!.inject({ kind: 'rate_limit', retryAfter: until });
    expect(await call(tinyIntegration())).toEqual(OK);
    expect(app!.requests).toHaveLength(2);
    expect(app!.requests[1]!.receivedAt).toBeGreaterThanOrEqual(until.getTime());
  });

  it('waits for x-ratelimit-reset on a GitHub-style 403 with no requests remaining', async () => {
    await start();
    app!.inject({ kind: 'rate_limit', status: 403, resetInSeconds: 1 });
    expect(await call(tinyIntegration())).toEqual(OK);
    const [first, second] = app!.requests;
    expect([first!.status, second!.status]).toEqual([403, 200]);
    // The reset is announced in whole epoch seconds, rounded up.
    const reset = Math.ceil(first!.receivedAt / 1000 + 1) * 1000;
    expect(second!.receivedAt).toBeGreaterThanOrEqual(reset - 1);
  });

  it('answers rate_limit once the retries are used up', async () => {
    await start();
    app!.inject({ kind: 'rate_limit', retryAfter: 0 }, { times: Number.POSITIVE_INFINITY });
    const envelope = await call(tinyIntegration({ retry: { ...noJitter, limit: 2 } }));
    expect(app!.requests).toHaveLength(3);
    expect(stable(envelope)).toMatchInlineSnapshot(`
      {
        "error": {
          "app_id": "tiny",
          "error_code": "rate_limit",
          "message": "Tiny is rate limiting GET http://fake/me (429: API rate limit exceeded); still limited after 3 attempts; try again after <time>",
          "raised_by": "RateLimitedError",
          "raised_in": "client:#rateLimited",
          "status_code": 429,
        },
        "is_error": true,
        "page": null,
        "raw_data": null,
      }
    `);
  });

  it('gives up at once when Retry-After asks for more than the wait budget', async () => {
    await start();
    app!.inject({ kind: 'rate_limit', retryAfter: 3600 }, { times: Number.POSITIVE_INFINITY });
    const envelope = await call(tinyIntegration());
    expect(app!.requests).toHaveLength(1);
    expect(envelope).toMatchObject({ is_error: true, error: { error_code: 'rate_limit' } });
  });
});

describe('5xx', () => {
  it('retries a burst of 503 with growing backoff, then succeeds', async () => {
    await start();
    app!.inject({ kind: 'server_error', status: 503 }, { times: 2 });
    expect(await call(tinyIntegration({ retry: noJitter }))).toEqual(OK);
    expect(app!.requests.map((r) => r.status)).toEqual([503, 503, 200]);
    const [first, second] = gaps(app!.requests);
    expect(first).toBeGreaterThanOrEqual(49);
    expect(second).toBeGreaterThanOrEqual(99);
  });

  it('does not retry a 500, and answers bad_gateway', async () => {
    await start();
    app!.inject({ kind: 'server_error', status: 500 }, { times: Number.POSITIVE_INFINITY });
    const envelope = await call(tinyIntegration({ retry: noJitter }));
    expect(app!.requests).toHaveLength(1);
    expect(stable(envelope)).toMatchInlineSnapshot(`
      {
        "error": {
          "app_id": "tiny",
          "error_code": "bad_gateway",
          "message": "Tiny answered 500 for GET http://fake/me: Server Error (the app failed; try again later)",
          "raised_by": "HTTPError",
          "raised_in": "client:#attempt",
          "status_code": 500,
        },
        "is_error": true,
        "page": null,
        "raw_data": null,
      }
    `);
  });

  it('does not resend a POST after a 503 without Retry-After', async () => {
    await start();
    app!.inject({ kind: 'server_error', status: 503 }, { times: Number.POSITIVE_INFINITY });
    const envelope = await call(tinyIntegration({ retry: noJitter }), 'create_account', {
      email: 'a@example.com',
    });
    expect(app!.requests).toHaveLength(1);
    expect(envelope).toMatchObject({ is_error: true, error: { error_code: 'service_error' } });
  });

  it('retries an HTML error page (502) and answers bad_gateway without the HTML', async () => {
    await start();
    app!.inject({ kind: 'html_error' }, { times: Number.POSITIVE_INFINITY });
    const envelope = await call(tinyIntegration({ retry: { ...noJitter, limit: 1 } }));
    expect(app!.requests).toHaveLength(2);
    expect(stable(envelope)).toMatchInlineSnapshot(`
      {
        "error": {
          "app_id": "tiny",
          "error_code": "bad_gateway",
          "message": "Tiny answered 502 for GET http://fake/me (the app failed; try again later)",
          "raised_by": "HTTPError",
          "raised_in": "client:#attempt",
          "status_code": 502,
        },
        "is_error": true,
        "page": null,
        "raw_data": null,
      }
    `);
  });
});

describe('network faults', () => {
  it('waits out added latency within the timeout', async () => {
    await start();
    app!.inject({ kind: 'latency', ms: 150 });
    expect(await call(tinyIntegration({ timeoutMs: 2_000 }))).toEqual(OK);
    expect(app!.requests).toHaveLength(1);
  });

  it('times out on latency beyond the timeout, retries, then answers request_timeout', async () => {
    await start();
    app!.inject({ kind: 'latency', ms: 400 }, { times: Number.POSITIVE_INFINITY });
    const envelope = await call(
      tinyIntegration({ timeoutMs: 100, retry: { ...noJitter, limit: 1 } }),
    );
    expect(app!.requests).toHaveLength(2);
    expect(envelope).toMatchObject({ is_error: true, error: { error_code: 'request_timeout' } });
  });

  it('retries a connection reset, then answers connection_closed', async () => {
    await start();
    app!.inject({ kind: 'reset' }, { times: Number.POSITIVE_INFINITY });
    const envelope = await call(tinyIntegration({ retry: { ...noJitter, limit: 2 } }));
    expect(app!.requests).toHaveLength(3);
    expect(stable(envelope)).toMatchInlineSnapshot(`
      {
        "error": {
          "app_id": "tiny",
          "error_code": "connection_closed",
          "message": "Tiny closed the connection [UND_ERR_SOCKET]; check the host and port settings and that the app is reachable",
          "raised_by": "TypeError",
          "raised_in": "client:#attempt",
        },
        "is_error": true,
        "page": null,
        "raw_data": null,
      }
    `);
  });

  it('recovers when only the first connection is reset', async () => {
    await start();
    app!.inject({ kind: 'reset' });
    expect(await call(tinyIntegration({ retry: noJitter }))).toEqual(OK);
    expect(app!.requests.map((r) => r.fault)).toEqual(['reset', undefined]);
  });

  it('gives up on an app that never answers, after retries, with request_timeout', async () => {
    await start();
    app!.inject({ kind: 'timeout' }, { times: Number.POSITIVE_INFINITY });
    const envelope = await call(
      tinyIntegration({ timeoutMs: 150, retry: { ...noJitter, limit: 1 } }),
    );
    expect(app!.requests).toHaveLength(2);
    expect(stable(envelope)).toMatchInlineSnapshot(`
      {
        "error": {
          "app_id": "tiny",
          "error_code": "request_timeout",
          "message": "Tiny did not answer in time for GET http://fake/me; raise the timeout or try again later",
          "raised_by": "TimeoutError",
          "raised_in": "client:#attempt",
        },
        "is_error": true,
        "page": null,
        "raw_data": null,
      }
    `);
  });
});

describe('bad bodies', () => {
  it('answers invalid_response for malformed JSON, without retrying', async () => {
    await start();
    app!.inject({ kind: 'malformed_json' }, { times: Number.POSITIVE_INFINITY });
    const envelope = await call(tinyIntegration({ retry: noJitter }));
    expect(app!.requests).toHaveLength(1);
    expect(stable(envelope)).toMatchInlineSnapshot(`
      {
        "error": {
          "app_id": "tiny",
          "error_code": "invalid_response",
          "message": "Tiny answered GET http://fake/me with 200 and a body that is not JSON (application/json; charset=utf-8): Expected double-quoted property name in JSON at position 19; check that the base URL points at the API",
          "raised_by": "ConnectorError",
          "raised_in": "client:#parseBody",
          "status_code": 200,
        },
        "is_error": true,
        "page": null,
        "raw_data": null,
      }
    `);
  });

  it('answers invalid_response for a truncated JSON body', async () => {
    await start();
    app!.inject({ kind: 'truncated_json' }, { times: Number.POSITIVE_INFINITY });
    const envelope = await call(tinyIntegration({ retry: noJitter }));
    expect(app!.requests).toHaveLength(1);
    expect(envelope).toMatchObject({ is_error: true, error: { error_code: 'invalid_response' } });
  });

  it('maps 401, 403 and 404 of the app to their codes without retrying', async () => {
    await start();
    const codes: string[] = [];
    for (const status of [401, 403, 404]) {
      app!.inject({ kind: 'status', status });
      const envelope = await call(tinyIntegration({ retry: noJitter }));
      codes.push('error' in envelope ? envelope.error.error_code : 'success');
    }
    expect(codes).toEqual(['unauthorized', 'permission_denied', 'not_found']);
    expect(app!.requests).toHaveLength(3);
  });
});

describe('declared limits', () => {
  it('stays under a declared rate limit by waiting for the announced reset', async () => {
    await start({ rateLimit: { limit: 3, windowMs: 1_000 } });
    const envelope = await call(tinyIntegration(), 'list_accounts');
    expect('error' in envelope).toBe(false);
    expect(app!.stats).toMatchObject({ requests: 8, answered429: 0, rateLimited: 0 });
  });

  it('stays under a declared rate limit with concurrent requests queued', async () => {
    await start({ rateLimit: { limit: 3, windowMs: 1_000 } });
    const envelope = await call(
      tinyIntegration({ rateLimit: { concurrency: 1 } }),
      'list_resources',
    );
    expect('error' in envelope).toBe(false);
    expect(app!.stats).toMatchObject({ requests: 8, answered429: 0, rateLimited: 0 });
  });

  it('stays under a declared concurrency limit when told it', async () => {
    await start({ maxConcurrent: 2, latencyMs: 30 });
    const envelope = await call(
      tinyIntegration({ rateLimit: { concurrency: 2 } }),
      'list_resources',
    );
    expect('error' in envelope).toBe(false);
    expect(app!.stats).toMatchObject({ requests: 8, answered429: 0, overConcurrency: 0 });
    expect(app!.stats.peakConcurrency).toBe(2);
  });

  it('counts the 429s of a client that goes over the concurrency limit', async () => {
    await start({ maxConcurrent: 2, latencyMs: 30 });
    const envelope = await call(
      tinyIntegration({ rateLimit: { concurrency: 8 }, retry: noJitter }),
      'list_resources',
    );
    expect('error' in envelope).toBe(false);
    expect(app!.stats.overConcurrency).toBeGreaterThan(0);
    expect(app!.stats.answered429).toBe(app!.stats.overConcurrency);
  });
});
