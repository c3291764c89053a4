import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createHttpClient,
  DEFAULT_ERROR_HANDLERS,
  defineIntegration,
  type HttpClientOptions,
  mapError,
  RateLimitedError,
} from '../src/index.ts';
import {
  captureLogs,
  closedPort,
  FAST_RETRY,
  reply,
  type SeenRequest,
  startRawServer,
  startServer,
} from './http-fixtures.ts';

const context = { appId: 'acme', appName: 'Acme', capability: 'list_accounts' };

function client(url: string, options: Partial<HttpClientOptions> = {}) {
  return createHttpClient({
    baseUrl: url,
    appName: 'Acme',
    timeoutMs: 2000,
    ...options,
    retry: { ...FAST_RETRY, ...options.retry },
  });
}

/** Time between the arrival of two requests at the server. */
function gap(requests: SeenRequest[], from: number, to: number): number {
  return requests[to]!.at - requests[from]!.at;
}

describe('retrying rate limits', () => {
  it('waits the Retry-After seconds of a 429, then succeeds on the second attempt', async () => {
    const server = await startServer((_request, response, index) =>
      index === 0
        ? reply(response, 429, { message: 'slow down' }, { 'retry-after': '0.08' })
        : reply(response, 200, { ok: true }),
    );

    const result = await client(server.url).get('/users');

    expect(result).toMatchObject({ data: { ok: true }, attempts: 2 });
    expect(server.requests).toHaveLength(2);
    expect(gap(server.requests, 0, 1)).toBeGreaterThanOrEqual(75);
  });

  it('waits until the HTTP date of a Retry-After', async () => {
    let until = 0;
    const server = await startServer((_request, response, index) => {
      if (index > 0) return reply(response, 200, {});
      // HTTP dates have whole seconds: the next whole second is 0-1 s away.
      until = Math.ceil((Date.now() + 1) / 1000) * 1000;
      reply(response, 429, undefined, { 'retry-after': new Date(until).toUTCString() });
    });

    const result = await client(server.url).get('/users');

    expect(result.attempts).toBe(2);
    expect(server.requests[1]!.at).toBeGreaterThanOrEqual(until - 5);
  });

  it('waits for the epoch x-ratelimit-reset of a GitHub 429 with no requests remaining', async () => {
    let reset = 0;
    const server = await startServer((_request, response, index) => {
      if (index > 0) return reply(response, 200, {}, { 'x-ratelimit-remaining': '4999' });
      reset = Math.ceil((Date.now() + 1) / 1000);
      reply(response, 429, undefined, {
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(reset),
      });
    });

    const result = await client(server.url).get('/users');

    expect(result.attempts).toBe(2);
    expect(server.requests[1]!.at).toBeGreaterThanOrEqual(reset * 1000 - 5);
  });

  it('waits for the IETF RateLimit-Reset seconds of a 429', async () => {
    const server = await startServer((_request, response, index) =>
      index === 0
        ? reply(response, 429, undefined, { 'ratelimit-remaining': '0', 'ratelimit-reset': '0.08' })
        : reply(response, 200, {}),
    );

    const result = await client(server.url).get('/users');

    expect(result.attempts).toBe(2);
    expect(gap(server.requests, 0, 1)).toBeGreaterThanOrEqual(75);
  });

  it('retries a POST refused with 429, since the app did not process it', async () => {
    const server = await startServer((_request, response, index) =>
      index === 0
        ? reply(response, 429, undefined, { 'retry-after': '0' })
        : reply(response, 201, { id: 7 }),
    );

    const result = await client(server.url).post('/users', { json: { login: 'ada' } });

    expect(result).toMatchObject({ status: 201, attempts: 2, data: { id: 7 } });
    expect(server.requests.map((request) => request.body)).toEqual([
      '{"login":"ada"}',
      '{"login":"ada"}',
    ]);
  });

  it('treats a GitHub 403 with Retry-After (secondary limit) as a rate limit and retries', async () => {
    const server = await startServer((_request, response, index) =>
      index === 0
        ? reply(
            response,
            403,
            { message: 'You have exceeded a secondary rate limit' },
            {
              'retry-after': '0.03',
            },
          )
        : reply(response, 200, {}),
    );

    expect((await client(server.url).get('/search')).attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
  });

  it('treats a GitHub 403 with x-ratelimit-remaining: 0 as a rate limit and retries', async () => {
    const server = await startServer((_request, response, index) =>
      index === 0
        ? reply(
            response,
            403,
            { message: 'API rate limit exceeded' },
            {
              'x-ratelimit-remaining': '0',
              'x-ratelimit-reset': String(Math.floor(Date.now() / 1000)),
            },
          )
        : reply(response, 200, {}, { 'x-ratelimit-remaining': '10' }),
    );

    expect((await client(server.url).get('/users')).attempts).toBe(2);
  });

  it('does not retry a plain 403, which maps to permission_denied', async () => {
    const server = await startServer((_request, response) =>
      reply(response, 403, { message: 'Must have admin rights to Repository.' }),
    );

    const error = await client(server.url)
      .get('/repos/a/b/collaborators')
      .catch((e) => e);

    expect(server.requests).toHaveLength(1);
    expect(mapError(error, DEFAULT_ERROR_HANDLERS, context)).toEqual({
      code: 'permission_denied',
      statusCode: 403,
      message: `Acme answered 403 for GET ${server.url}/repos/a/b/collaborators: Must have admin rights to Repository. (check that the credential has the permissions (scopes) this call needs)`,
    });
  });

  it('gives up after the retry limit with RateLimitedError (rate_limit)', async () => {
    const server = await startServer((_request, response) =>
      reply(response, 429, { message: 'Too Many Requests' }, { 'retry-after': '0' }),
    );

    const error = await client(server.url, { retry: { limit: 2 } })
      .get('/users')
      .catch((e) => e);

    expect(server.requests).toHaveLength(3);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(mapError(error, DEFAULT_ERROR_HANDLERS, context)).toMatchObject({
      code: 'rate_limit',
      statusCode: 429,
    });
    expect(error.message).toMatch(
      /^Acme is rate limiting GET http:\/\/127\.0\.0\.1:\d+\/users \(429: Too Many Requests\); still limited after 3 attempts; try again after \d{4}-/,
    );
  });
});

describe('retrying failures', () => {
  it('retries a burst of 503 answers with backoff until one succeeds', async () => {
    const server = await startServer((_request, response, index) =>
      index < 3
        ? reply(response, 503, { message: 'unavailable' })
        : reply(response, 200, { ok: 1 }),
    );

    const result = await client(server.url).get('/users');

    expect(result).toMatchObject({ attempts: 4, data: { ok: 1 } });
    expect(server.requests).toHaveLength(4);
    // Backoff of 10, 20 and 40 ms (no jitter) between the four attempts.
    expect(gap(server.requests, 0, 3)).toBeGreaterThanOrEqual(68);
  });

  it('retries 502 and 504 for idempotent methods and ends in bad_gateway', async () => {
    const server = await startServer((_request, response, index) =>
      reply(response, index % 2 === 0 ? 502 : 504, undefined),
    );

    const error = await client(server.url)
      .delete('/users/1')
      .catch((e) => e);

    expect(server.requests).toHaveLength(4);
    expect(mapError(error, DEFAULT_ERROR_HANDLERS, context)).toMatchObject({
      code: 'bad_gateway',
      statusCode: 504,
    });
  });

  it('does not retry a POST answered 503 without Retry-After (it may have been processed)', async () => {
    const server = await startServer((_request, response) => reply(response, 503, undefined));

    const error = await client(server.url)
      .post('/users', { json: {} })
      .catch((e) => e);

    expect(server.requests).toHaveLength(1);
    expect(mapError(error, DEFAULT_ERROR_HANDLERS, context).code).toBe('service_error');
  });

  it('retries a POST answered 503 with Retry-After', async () => {
    const server = await startServer((_request, response, index) =>
      index === 0
        ? reply(response, 503, undefined, { 'retry-after': '0' })
        : reply(response, 201, {}),
    );

    expect((await client(server.url).post('/users', { json: {} })).attempts).toBe(2);
  });

  it('does not retry a 500 by default, nor any status when the limit is 0', async () => {
    const server = await startServer((_request, response, index) =>
      reply(response, index === 0 ? 500 : 503, undefined),
    );

    await expect(client(server.url).get('/a')).rejects.toThrow('status code 500');
    await expect(client(server.url, { retry: { limit: 0 } }).get('/a')).rejects.toThrow(
      'status code 503',
    );
    expect(server.requests).toHaveLength(2);
  });

  it('retries the statuses the client names, with per-request options over client options', async () => {
    const server = await startServer((_request, response) => reply(response, 500, undefined));
    const http = client(server.url, { retry: { statusCodes: [500], limit: 3 } });

    await expect(http.get('/a')).rejects.toThrow('status code 500');
    expect(server.requests).toHaveLength(4);

    await expect(http.get('/a', { retry: { limit: 1 } })).rejects.toThrow('status code 500');
    expect(server.requests).toHaveLength(6);
  });

  it('does not retry a timeout when retryOnTimeout is false', async () => {
    const server = await startServer(() => {
      // Never answers.
    });

    const error = await client(server.url, { timeoutMs: 50, retry: { retryOnTimeout: false } })
      .get('/users')
      .catch((e) => e);

    expect(error.name).toBe('TimeoutError');
    expect(server.requests).toHaveLength(1);
  });

  it('retries a reset connection for GET and succeeds', async () => {
    const server = await startServer((_request, response, index) => {
      if (index === 0) response.socket?.destroy();
      else reply(response, 200, { ok: true });
    });

    const result = await client(server.url).get('/users');

    expect(result).toMatchObject({ attempts: 2, data: { ok: true } });
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a reset connection for POST, and maps it to connection_closed', async () => {
    const server = await startServer((_request, response) => {
      response.socket?.destroy();
    });

    const error = await client(server.url)
      .post('/users', { json: {} })
      .catch((e) => e);

    expect(server.requests).toHaveLength(1);
    expect(mapError(error, DEFAULT_ERROR_HANDLERS, context)).toMatchObject({
      code: 'connection_closed',
    });
  });

  it('retries a refused connection and ends in connection_rejected', async () => {
    const port = await closedPort();
    const { logger, entries } = captureLogs();

    const error = await client(`http://127.0.0.1:${port}`, { logger, retry: { limit: 2 } })
      .get('/users')
      .catch((e) => e);

    expect(entries().filter((entry) => entry.level === 'debug')).toHaveLength(3);
    expect(
      entries()
        .filter((entry) => entry.level === 'debug')
        .map((e) => e.error),
    ).toEqual(['ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED']);
    expect(mapError(error, DEFAULT_ERROR_HANDLERS, context)).toEqual({
      code: 'connection_rejected',
      message:
        'Acme refused the connection [ECONNREFUSED]; check the host and port settings and that the app is reachable',
    });
  });

  it('retries an attempt that timed out and succeeds when the app answers in time', async () => {
    const server = await startServer((_request, response, index) => {
      if (index > 0) reply(response, 200, { ok: true });
      // The first request never gets an answer.
    });

    const started = Date.now();
    const result = await client(server.url, { timeoutMs: 100 }).get('/users');

    expect(result).toMatchObject({ attempts: 2, data: { ok: true } });
    // The 100 ms timeout, then a backoff of 10 ms.
    expect(server.requests[1]!.at - started).toBeGreaterThanOrEqual(108);
  });

  it('times out a body that never ends, and maps the last timeout to request_timeout', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('[1,');
    });

    const error = await client(server.url, { timeoutMs: 80, retry: { limit: 1 } })
      .get('/users')
      .catch((e) => e);

    expect(server.requests).toHaveLength(2);
    expect(mapError(error, DEFAULT_ERROR_HANDLERS, context)).toEqual({
      code: 'request_timeout',
      message: `Acme did not answer in time for GET ${server.url}/users; raise the timeout or try again later`,
    });
  });

  it('logs each retry at info with the wait', async () => {
    const server = await startServer((_request, response, index) =>
      index === 0 ? reply(response, 503, undefined) : reply(response, 200, {}),
    );
    const { logger, entries } = captureLogs();

    await client(server.url, { logger }).get('/users');

    expect(entries().map(({ time: _time, ms: _ms, ...entry }) => entry)).toEqual([
      {
        level: 'debug',
        message: `Acme GET ${server.url}/users`,
        method: 'GET',
        url: `${server.url}/users`,
        status: 503,
        attempt: 1,
      },
      {
        level: 'info',
        message: `Acme: status 503 on GET ${server.url}/users; retrying in 10 ms`,
        method: 'GET',
        url: `${server.url}/users`,
        attempt: 1,
        wait_ms: 10,
      },
      {
        level: 'debug',
        message: `Acme GET ${server.url}/users`,
        method: 'GET',
        url: `${server.url}/users`,
        status: 200,
        attempt: 2,
      },
    ]);
  });
});

describe('answers that break HTTP', () => {
  it('retries a body cut short for GET, and maps the last to connection_closed', async () => {
    const server = await startRawServer((socket) =>
      socket.end(
        'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n[1,',
      ),
    );

    const error = await client(server.url, { retry: { limit: 1 } })
      .get('/users')
      .catch((e) => e);

    expect(server.requests).toBe(2);
    expect(mapError(error, DEFAULT_ERROR_HANDLERS, context)).toEqual({
      code: 'connection_closed',
      message:
        'Acme closed the connection [UND_ERR_SOCKET]; check the host and port settings and that the app is reachable',
    });
  });

  it('does not retry an answer that is not HTTP, and maps it to invalid_response', async () => {
    const server = await startRawServer((socket) => socket.end('SSH-2.0-OpenSSH_9.2\r\n\r\n'));

    const error = await client(server.url)
      .get('/users')
      .catch((e) => e);

    expect(server.requests).toBe(1);
    expect(mapError(error, DEFAULT_ERROR_HANDLERS, context)).toEqual({
      code: 'invalid_response',
      message:
        "Acme sent an answer that is not valid HTTP [HPE_INVALID_CONSTANT]; check that the host and port settings point at the app's API",
    });
  });
});

describe('the cap on total waiting, through dispatch', () => {
  const token = 'ghp_0123456789abcdefSECRET';

  function acme() {
    const integration = defineIntegration({
      appId: 'acme',
      version: '1.0.0',
      name: 'Acme',
      description: 'Acme test app',
      auth: 'token',
      settings: z.object({ base_url: z.string() }),
    });
    integration.register('validate_credentials', async (args) => {
      const http = createHttpClient({
        baseUrl: args.settings.base_url,
        appName: 'Acme',
        auth: { type: 'token', prefix: 'token', token: args.credential('token').token },
        redactor: args.redactor,
        logger: args.logger,
        signal: args.signal,
        retry: { ...FAST_RETRY, maxTotalWaitMs: 200 },
      });
      const me = await http.get<{ org: string }>('/me');
      return { response: { valid: true, unique_tenant_id: me.data.org } };
    });
    return integration;
  }

  function envelope(url: string) {
    return { request: {}, auth: { token: { token } }, settings: { base_url: url } };
  }

  it('stops at once when Retry-After asks for more than the cap, and answers rate_limit', async () => {
    const server = await startServer((_request, response) =>
      reply(response, 429, { message: `Rate limited for ${token}` }, { 'retry-after': '3600' }),
    );
    const { logger, lines } = captureLogs();

    const result = await acme().dispatch('validate_credentials', envelope(server.url), { logger });

    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers.authorization).toBe(`token ${token}`);
    expect(result).toMatchObject({
      is_error: true,
      error: { error_code: 'rate_limit', status_code: 429, raised_by: 'RateLimitedError' },
    });
    const message = (result as { error: { message: string } }).error.message;
    expect(message.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/, '<time>')).toBe(
      `Acme is rate limiting GET ${server.url}/me (429: Rate limited for [REDACTED]); it asks to wait 3600 s, which would pass the 200 ms cap on waiting (retry.maxTotalWaitMs); try again after <time>`,
    );
    expect(JSON.stringify(result)).not.toContain(token);
    expect(lines.join('\n')).not.toContain(token);
    expect(lines.length).toBeGreaterThan(0);
  });

  it('stops when backoff waits add up past the cap, with the last error', async () => {
    const server = await startServer((_request, response) => reply(response, 503, undefined));
    const { logger, lines } = captureLogs();
    const integration = acme();

    const result = await integration.dispatch('validate_credentials', envelope(server.url), {
      logger,
    });

    // Waits of 10, 20, 40 ms fit in 200 ms; the limit of 3 retries ends it at 4 attempts.
    expect(server.requests).toHaveLength(4);
    expect(result).toMatchObject({
      is_error: true,
      error: { error_code: 'service_error', status_code: 503, raised_by: 'HTTPError' },
    });
    expect(JSON.stringify(result)).not.toContain(token);
    expect(lines.join('\n')).not.toContain(token);
  });

  it('answers rate_limit when a GitHub 403 secondary limit outlasts the cap', async () => {
    const server = await startServer((_request, response) =>
      reply(
        response,
        403,
        { message: 'You have exceeded a secondary rate limit.' },
        {
          'retry-after': '60',
        },
      ),
    );

    const result = await acme().dispatch('validate_credentials', envelope(server.url));

    expect(server.requests).toHaveLength(1);
    expect(result).toMatchObject({
      is_error: true,
      error: { error_code: 'rate_limit', status_code: 403, raised_by: 'RateLimitedError' },
    });
  });
});
