import { inspect } from 'node:util';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ConnectorError,
  createHttpClient,
  DEFAULT_ERROR_HANDLERS,
  type HttpResponse,
  isHttpStatusError,
  mapError,
  type NotModifiedResponse,
  Redactor,
  urlPath,
} from '../src/index.ts';
import { captureLogs, reply, startServer } from './http-fixtures.ts';

const context = { appId: 'acme', appName: 'Acme', capability: 'list_accounts' };

describe('createHttpClient', () => {
  it('joins paths under the base URL path, adds search params and parses the JSON answer', async () => {
    const server = await startServer((_request, response) =>
      reply(response, 200, [{ id: 1 }], {
        etag: 'W/"abc"',
        link: '</api/v3/users?page=2>; rel="next"',
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '4999',
        'x-ratelimit-resource': 'core',
      }),
    );
    const client = createHttpClient({ baseUrl: `${server.url}/api/v3`, appName: 'Acme' });

    const page = await client.get<Array<{ id: number }>>('/users', {
      searchParams: { per_page: 100, state: undefined, ids: [1, 2] },
    });

    expect(server.requests[0]?.url).toBe('/api/v3/users?per_page=100&ids=1&ids=2');
    expect(page.data).toEqual([{ id: 1 }]);
    expect(page.status).toBe(200);
    expect(page.notModified).toBe(false);
    expect(page.attempts).toBe(1);
    expect(page.etag).toBe('W/"abc"');
    expect(page.links).toEqual({ next: `${server.url}/api/v3/users?page=2` });
    expect(page.rateLimit).toMatchObject({ limit: 5000, remaining: 4999, resource: 'core' });
  });

  it('sends the default headers, the client headers and the request headers', async () => {
    const server = await startServer((_request, response) => reply(response, 200, {}));
    const client = createHttpClient({
      baseUrl: server.url,
      appName: 'Acme',
      headers: { Accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' },
    });

    await client.get('/');
    await client.get('/', { headers: { ACCEPT: 'text/plain', 'user-agent': undefined } });

    const headers = server.requests[0]!.headers;
    expect(headers.accept).toBe('application/vnd.github+json');
    expect(server.requests[1]?.headers.accept).toBe('text/plain');
    expect(server.requests[1]?.headers['user-agent']).toBe('node');
    expect(headers['user-agent']).toBe('grantkit-connector');
    expect(headers['x-github-api-version']).toBe('2022-11-28');
    expect(headers.authorization).toBeUndefined();
  });

  it('sends a JSON body with its content type, and a form body as is', async () => {
    const server = await startServer((_request, response) => reply(response, 201, { ok: true }));
    const client = createHttpClient({ baseUrl: server.url, appName: 'Acme' });

    const created = await client.post<{ ok: boolean }>('/users', { json: { login: 'ada' } });
    await client.post('/token', { body: new URLSearchParams({ grant_type: 'refresh' }) });

    expect(created.data).toEqual({ ok: true });
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      body: '{"login":"ada"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(server.requests[1]).toMatchObject({
      body: 'grant_type=refresh',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
    });
  });

  it('returns undefined data for an empty body (204) and for HEAD', async () => {
    const server = await startServer((_request, response) => reply(response, 204));
    const client = createHttpClient({ baseUrl: server.url, appName: 'Acme' });

    expect((await client.delete('/users/1')).data).toBeUndefined();
    expect((await client.head('/users/1')).data).toBeUndefined();
    expect(server.requests.map((request) => request.method)).toEqual(['DELETE', 'HEAD']);
  });

  it('encodes interpolated values with urlPath so an id cannot change the path', () => {
    expect(urlPath`/orgs/${'acme'}/members/${'../admin?x=1'}`).toBe(
      '/orgs/acme/members/..%2Fadmin%3Fx%3D1',
    );
    expect(urlPath`/teams/${42}`).toBe('/teams/42');
  });

  it('refuses dot segments and empty values in urlPath, which URL parsing would resolve', () => {
    for (const value of ['..', '.', '']) {
      expect(() => urlPath`/orgs/acme/members/${value}`).toThrow(
        `'${value}' cannot be one segment of a URL path (it would name another endpoint); send the real name or id`,
      );
    }
  });
});

describe('authentication', () => {
  const cases = [
    {
      name: 'bearer',
      auth: { type: 'bearer', token: 'ghp_secret_token_1' } as const,
      header: ['authorization', 'Bearer ghp_secret_token_1'],
    },
    {
      name: 'basic',
      auth: { type: 'basic', username: 'ada', password: 'p4ss:word' } as const,
      header: ['authorization', `Basic ${Buffer.from('ada:p4ss:word').toString('base64')}`],
    },
    {
      name: 'token with the Okta prefix',
      auth: { type: 'token', token: '00abcdefSECRET', prefix: 'SSWS' } as const,
      header: ['authorization', 'SSWS 00abcdefSECRET'],
    },
    {
      name: 'an app header',
      auth: { type: 'header', name: 'X-API-Key', value: 'key-secret-42' } as const,
      header: ['x-api-key', 'key-secret-42'],
    },
  ];

  for (const { name, auth, header } of cases) {
    it(`sends ${name} auth and registers its secret with the redactor`, async () => {
      const server = await startServer((_request, response) => reply(response, 200, {}));
      const redactor = new Redactor();
      const client = createHttpClient({ baseUrl: server.url, appName: 'Acme', auth, redactor });

      await client.get('/me');

      const [headerName, headerValue] = header as [string, string];
      expect(server.requests[0]?.headers[headerName]).toBe(headerValue);
      expect(redactor.redactText(`sent ${headerValue}`)).not.toContain(
        headerValue.replace(/^\S+ /, ''),
      );
    });
  }

  it('rejects an empty token before sending anything', () => {
    expect(() =>
      createHttpClient({
        baseUrl: 'https://api.example.com',
        appName: 'Acme',
        auth: { type: 'bearer', token: ' ' },
      }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ConnectorError: The Acme token is empty; send a valid credential]`,
    );
  });

  it('rejects a token with a line break without quoting it', () => {
    const error = captureError(() =>
      createHttpClient({
        baseUrl: 'https://api.example.com',
        appName: 'Acme',
        auth: { type: 'token', prefix: 'SSWS', token: 'abc\r\nX-Evil: 1' },
      }),
    );
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).code).toBe('bad_request');
    expect((error as Error).message).not.toContain('abc');
  });

  it('refuses to send the credential to another origin, e.g. from a foreign Link target', async () => {
    const other = await startServer((_request, response) => reply(response, 200, {}));
    const client = createHttpClient({
      baseUrl: 'https://api.example.com',
      appName: 'Acme',
      auth: { type: 'bearer', token: 'ghp_secret_token_1' },
    });

    await expect(client.get(`${other.url}/users?page=2`)).rejects.toThrow(
      `Refusing to send the Acme credential to ${other.url}/users?page=2: it is outside the base URL https://api.example.com`,
    );
    expect(other.requests).toHaveLength(0);
  });

  it('rejects bad options with a message naming the option', () => {
    const base = { baseUrl: 'https://api.example.com', appName: 'Acme' };
    expect(() => createHttpClient({ ...base, retry: { jitter: 2 } })).toThrow(
      'createHttpClient: retry.jitter must be between 0 and 1; got 2',
    );
    expect(() => createHttpClient({ ...base, retry: { limit: 1.5 } })).toThrow(
      'createHttpClient: retry.limit must be an integer >= 0; got 1.5',
    );
    expect(() => createHttpClient({ ...base, rateLimit: { concurrency: 0 } })).toThrow(
      'createHttpClient: rateLimit.concurrency must be an integer >= 1; got 0',
    );
    expect(() =>
      createHttpClient({ ...base, rateLimit: { window: { requests: 0, windowMs: 1 } } }),
    ).toThrow('createHttpClient: a rate limit needs requests > 0 and windowMs > 0; got 0 per 1 ms');
    expect(() => createHttpClient({ ...base, timeoutMs: 0 })).toThrow(
      'createHttpClient: timeoutMs must be > 0; got 0',
    );
  });

  it('rejects a base URL that is not http(s) as a settings problem', () => {
    const error = captureError(() => createHttpClient({ baseUrl: 'ftp://x', appName: 'Acme' }));
    expect(mapError(error, DEFAULT_ERROR_HANDLERS, context)).toEqual({
      code: 'bad_request',
      message: "The Acme base URL must be http or https; got 'ftp:' (check the settings)",
      statusCode: undefined,
      appErrorCode: undefined,
    });
  });
});

describe('conditional requests', () => {
  it('resolves a 304 as not modified and sends If-None-Match', async () => {
    const server = await startServer((request, response) =>
      request.headers['if-none-match'] === '"v1"'
        ? reply(response, 304, undefined, { etag: '"v1"' })
        : reply(response, 200, { name: 'acme' }, { etag: '"v1"' }),
    );
    const client = createHttpClient({ baseUrl: server.url, appName: 'Acme' });

    const first = await client.get<{ name: string }>('/orgs/acme', { ifNoneMatch: undefined });
    const second = await client.get<{ name: string }>('/orgs/acme', { ifNoneMatch: first.etag });

    expect(first).toMatchObject({ status: 200, notModified: false, data: { name: 'acme' } });
    expect(second).toMatchObject({ status: 304, notModified: true, data: undefined, etag: '"v1"' });
    expect(server.requests.map((request) => request.headers['if-none-match'])).toEqual([
      undefined,
      '"v1"',
    ]);
  });

  it('sends If-Modified-Since as an HTTP date and If-Match for writes', async () => {
    const server = await startServer((_request, response) => reply(response, 200, {}));
    const client = createHttpClient({ baseUrl: server.url, appName: 'Acme' });

    await client.get('/a', { ifModifiedSince: new Date('2026-01-02T03:04:05Z') });
    await client.put('/a', { ifMatch: '"v2"', json: {} });

    expect(server.requests[0]?.headers['if-modified-since']).toBe('Fri, 02 Jan 2026 03:04:05 GMT');
    expect(server.requests[1]?.headers['if-match']).toBe('"v2"');
  });
});

describe('pages', () => {
  it('follows Link rel="next" to the last page, with the search params on the first only', async () => {
    const server = await startServer((request, response) => {
      const page = Number(new URL(request.url, 'http://x').searchParams.get('page') ?? '1');
      const next = page < 3 ? { link: `</users?per_page=2&page=${page + 1}>; rel="next"` } : {};
      reply(response, 200, [page], next);
    });
    const client = createHttpClient({ baseUrl: server.url, appName: 'Acme' });

    const pages: unknown[] = [];
    for await (const page of client.pages<number[]>('/users', { searchParams: { per_page: 2 } })) {
      pages.push(...page.data);
    }

    expect(pages).toEqual([1, 2, 3]);
    expect(server.requests.map((request) => request.url)).toEqual([
      '/users?per_page=2',
      '/users?per_page=2&page=2',
      '/users?per_page=2&page=3',
    ]);
  });

  it('stops at maxPages, and throws when a next link points back to a page already read', async () => {
    const server = await startServer((_request, response) =>
      reply(response, 200, [], { link: '</users?page=1>; rel="next"' }),
    );
    const client = createHttpClient({ baseUrl: server.url, appName: 'Acme' });

    let read = 0;
    for await (const _page of client.pages('/users', { maxPages: 1 })) read++;
    expect(read).toBe(1);

    const walk = async (): Promise<void> => {
      for await (const _page of client.pages('/users?page=1')) read++;
    };
    await expect(walk()).rejects.toThrow(
      `Acme's Link header points back to a page already read (${server.url}/users?page=1); the listing would never end`,
    );
  });
});

describe('errors', () => {
  it('throws an HTTPError whose upstream message comes from the JSON body, redacted', async () => {
    const token = 'ghp_secret_token_1';
    const server = await startServer((_request, response) =>
      reply(response, 404, {
        message: `Not Found (token ${token})`,
        documentation_url: 'https://docs.example.com',
      }),
    );
    const client = createHttpClient({
      baseUrl: server.url,
      appName: 'Acme',
      auth: { type: 'bearer', token },
    });

    const error = await client.get('/orgs/nope?access_token=abc').catch((e: unknown) => e);

    expect(isHttpStatusError(error, 404)).toBe(true);
    expect(error).toMatchObject({
      name: 'HTTPError',
      upstreamMessage: 'Not Found (token [REDACTED])',
      message: `Request failed with status code 404 Not Found: GET ${server.url}/orgs/nope?access_token=[REDACTED]`,
    });
    expect(mapError(error, DEFAULT_ERROR_HANDLERS, context)).toEqual({
      code: 'not_found',
      statusCode: 404,
      message: `Acme answered 404 for GET ${server.url}/orgs/nope?access_token=[REDACTED]: Not Found (token [REDACTED]) (check the settings and the ids in the request)`,
    });
  });

  it('keeps the credential and secret query values out of the error, even when inspected', async () => {
    const token = 'ghp_secret_token_1';
    const server = await startServer((_request, response) => reply(response, 401, {}));
    const client = createHttpClient({
      baseUrl: server.url,
      appName: 'Acme',
      auth: { type: 'header', name: 'X-Auth', value: token },
      headers: { cookie: 'session=abc123' },
    });

    const error = await client.get('/me', { searchParams: { api_key: 'k3y' } }).catch((e) => e);

    const shown = inspect(error, { depth: 8 });
    expect(shown).not.toContain(token);
    expect(shown).not.toContain('k3y');
    expect(shown).not.toContain('abc123');
    expect(error.request.headers.get('x-auth')).toBe('[REDACTED]');
    expect(error.request.headers.get('accept')).toBe('application/json');
    expect(mapError(error, DEFAULT_ERROR_HANDLERS, context).message).toBe(
      `Acme answered 401 for GET ${server.url}/me?api_key=[REDACTED] (check that the credential is valid and not expired)`,
    );
  });

  const bodies = [
    {
      app: 'Okta',
      body: { errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: x (User)' },
      expected: 'Not found: Resource not found: x (User)',
    },
    {
      app: 'OAuth',
      body: { error: 'invalid_grant', error_description: 'The refresh token expired' },
      expected: 'The refresh token expired',
    },
    {
      app: 'GitHub 422',
      body: {
        message: 'Validation Failed',
        errors: [{ resource: 'Team', field: 'name', code: 'already_exists' }],
      },
      expected: 'Validation Failed (resource: Team, field: name, code: already_exists)',
    },
    {
      app: 'Okta causes',
      body: {
        errorSummary: 'Api validation failed: login',
        errorCauses: [{ errorSummary: 'login: An object with this field already exists' }],
      },
      expected: 'Api validation failed: login (login: An object with this field already exists)',
    },
    {
      app: 'nested error',
      body: { error: { code: 'x', message: 'Quota exceeded' } },
      expected: 'Quota exceeded',
    },
  ];
  for (const { app, body, expected } of bodies) {
    it(`reads the error text of ${app} error bodies`, async () => {
      const server = await startServer((_request, response) => reply(response, 400, body));
      const client = createHttpClient({ baseUrl: server.url, appName: 'Acme' });
      const error = await client.post('/x', { json: {} }).catch((e: unknown) => e);
      expect(error).toMatchObject({ upstreamMessage: expected, upstreamBody: body });
    });
  }

  it('ends a 200 whose body is not JSON as invalid_response', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html>login</html>');
    });
    const client = createHttpClient({ baseUrl: server.url, appName: 'Acme' });

    const error = await client.get('/users').catch((e: unknown) => e);

    expect(mapError(error, DEFAULT_ERROR_HANDLERS, context)).toEqual({
      code: 'invalid_response',
      statusCode: 200,
      appErrorCode: undefined,
      message: `Acme answered GET ${server.url}/users with 200 and a body that is not JSON (text/html): Unexpected token '<', "<html>login</html>" is not valid JSON; check that the base URL points at the API`,
    });
  });
});

describe('debug logs', () => {
  it('writes one line per attempt with method, redacted URL, status, duration and attempt', async () => {
    const token = 'ghp_secret_token_1';
    const server = await startServer((_request, response) => reply(response, 200, {}));
    const { logger, lines, entries } = captureLogs();
    const client = createHttpClient({
      baseUrl: server.url,
      appName: 'Acme',
      auth: { type: 'bearer', token },
      logger,
    });

    await client.get('/users', { searchParams: { page: 2, api_key: 'k3y-secret' } });

    expect(entries()).toEqual([
      {
        time: expect.any(String),
        level: 'debug',
        message: `Acme GET ${server.url}/users?page=2&api_key=[REDACTED]`,
        method: 'GET',
        url: `${server.url}/users?page=2&api_key=[REDACTED]`,
        status: 200,
        ms: expect.any(Number),
        attempt: 1,
      },
    ]);
    expect(lines.join('\n')).not.toContain(token);
    expect(lines.join('\n')).not.toContain('k3y-secret');
  });
});

function captureError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('types', () => {
  it('types a plain GET as a response, and a conditional GET as a response or not modified', () => {
    const client = createHttpClient({ baseUrl: 'https://api.example.com', appName: 'Acme' });
    const etag: string | undefined = undefined;
    const run = false;
    if (run) {
      expectTypeOf(client.get<{ id: number }>('/a')).resolves.toEqualTypeOf<
        HttpResponse<{ id: number }>
      >();
      expectTypeOf(client.get<{ id: number }>('/a', { ifNoneMatch: etag })).resolves.toEqualTypeOf<
        HttpResponse<{ id: number }> | NotModifiedResponse
      >();
      expectTypeOf(
        client.post<{ id: number }>('/a', { json: {}, timeoutMs: undefined }),
      ).resolves.toEqualTypeOf<HttpResponse<{ id: number }>>();
    }
  });
});
