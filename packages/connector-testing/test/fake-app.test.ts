import { afterEach, describe, expect, it } from 'vitest';
import {
  createStore,
  type FakeApp,
  type FakeAppOptions,
  FakeHttpError,
  linkPage,
  scimPage,
  seedUsers,
  startFakeApp,
} from '../src/index.ts';

let app: FakeApp | undefined;

afterEach(async () => {
  await app?.close({ ignoreProblems: true });
  app = undefined;
});

async function start(options: FakeAppOptions = {}): Promise<FakeApp> {
  app = await startFakeApp(options);
  return app;
}

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${app!.url}${path}`, { headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text };
}

describe('routes', () => {
  it('answers on loopback with path params, query and JSON bodies', async () => {
    await start();
    app!.route('GET', '/orgs/:org/members', ({ params, query }) => ({
      body: { org: params.org, role: query.role },
    }));
    app!.route('POST', '/orgs/:org/invitations', ({ body }) => ({ status: 201, body }));

    expect(app!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const read = await get('/orgs/acme%20inc/members?role=admin');
    expect(read.status).toBe(200);
    expect(JSON.parse(read.text)).toEqual({ org: 'acme inc', role: 'admin' });

    const write = await fetch(`${app!.url}/orgs/acme/invitations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@example.com' }),
    });
    expect(write.status).toBe(201);
    expect(await write.json()).toEqual({ email: 'a@example.com' });
  });

  it('logs every request with method, path, query, headers, body and status', async () => {
    await start();
    app!.route('PUT', '/teams/:id', () => ({ status: 204 }));
    await fetch(`${app!.url}/teams/7?force=1`, {
      method: 'PUT',
      headers: { 'x-trace': 'abc', 'content-type': 'application/json' },
      body: '{"role":"maintainer"}',
    });
    await get('/nowhere');

    expect(
      app!.requests.map(({ method, path, query, body, route, status }) => ({
        method,
        path,
        query,
        body,
        route,
        status,
      })),
    ).toEqual([
      {
        method: 'PUT',
        path: '/teams/7',
        query: { force: '1' },
        body: { role: 'maintainer' },
        route: 'PUT /teams/:id',
        status: 204,
      },
      {
        method: 'GET',
        path: '/nowhere',
        query: {},
        body: undefined,
        route: undefined,
        status: 404,
      },
    ]);
    expect(app!.requests[0]!.headers['x-trace']).toBe('abc');
    expect(app!.requestsTo('/teams/:id')).toHaveLength(1);
  });

  it('answers 405 with Allow when only other methods match', async () => {
    await start();
    app!.route('GET', '/users', () => ({ body: [] }));
    const response = await fetch(`${app!.url}/users`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });

  it('answers a FakeHttpError with the app error body', async () => {
    await start({ errorBody: (status, message) => ({ error: { status, detail: message } }) });
    app!.route('GET', '/x', () => {
      throw new FakeHttpError(422, 'Validation Failed');
    });
    const response = await get('/x');
    expect(response.status).toBe(422);
    expect(JSON.parse(response.text)).toEqual({
      error: { status: 422, detail: 'Validation Failed' },
    });
  });

  it('records a crashing handler as a problem that fails close()', async () => {
    const local = await startFakeApp();
    local.route('GET', '/boom', () => {
      throw new Error('oops');
    });
    const response = await fetch(`${local.url}/boom`);
    expect(response.status).toBe(500);
    await expect(local.close()).rejects.toThrow(
      'The fake app recorded 1 problem(s); fix the fake or the connector:\n- GET /boom handler threw: Error: oops',
    );
  });
});

describe('auth', () => {
  it('accepts bearer tokens with custom prefixes and hands the identity to the handler', async () => {
    await start({
      auth: {
        scheme: 'bearer',
        prefixes: ['token', 'Bearer'],
        tokens: { ghp_good: { scopes: ['read:org'], data: { login: 'octo' } } },
      },
    });
    app!.route('GET', '/user', ({ auth }) => ({ body: { login: auth?.data.login } }));
    app!.route('GET', '/admin', () => ({ body: {} }), { scopes: ['admin:org'] });
    app!.route('GET', '/meta', () => ({ body: { public: true } }), { auth: false });

    expect((await get('/user', { authorization: 'token ghp_good' })).text).toBe('{"login":"octo"}');
    expect((await get('/user', { authorization: 'Bearer ghp_good' })).status).toBe(200);
    expect(await get('/user', { authorization: 'Bearer nope' })).toMatchObject({
      status: 401,
      text: '{"message":"Bad credentials"}',
    });
    expect((await get('/user')).status).toBe(401);
    expect(await get('/admin', { authorization: 'token ghp_good' })).toMatchObject({
      status: 403,
      text: '{"message":"Forbidden: missing scopes: admin:org"}',
    });
    expect((await get('/meta')).status).toBe(200);
  });

  it('checks basic credentials and answers with the app own 401 body', async () => {
    await start({
      auth: {
        scheme: 'basic',
        users: { admin: { password: 's3cret!' } },
        unauthorized: () => ({ status: 401, body: { errorCode: 'E0000011' } }),
      },
    });
    app!.route('GET', '/me', ({ auth }) => ({ body: { user: auth?.principal } }));
    const good = Buffer.from('admin:s3cret!').toString('base64');
    const bad = Buffer.from('admin:wrong').toString('base64');
    expect((await get('/me', { authorization: `Basic ${good}` })).text).toBe('{"user":"admin"}');
    expect(await get('/me', { authorization: `Basic ${bad}` })).toMatchObject({
      status: 401,
      text: '{"errorCode":"E0000011"}',
    });
  });

  it('checks tokens that change on every request with a verify function', async () => {
    await start({
      auth: {
        scheme: 'bearer',
        verify: (token) =>
          token.startsWith('signed.') ? { data: { sub: token.slice(7) } } : undefined,
      },
    });
    app!.route('GET', '/me', ({ auth }) => ({ body: { sub: auth?.data.sub } }));
    expect((await get('/me', { authorization: 'Bearer signed.ada' })).text).toBe('{"sub":"ada"}');
    expect((await get('/me', { authorization: 'Bearer forged.ada' })).status).toBe(401);
  });

  it('reads a token from a header of its own', async () => {
    await start({ auth: { scheme: 'header', header: 'X-Api-Key', tokens: { k1: {} } } });
    app!.route('GET', '/ping', () => ({ body: 'pong' }));
    expect((await get('/ping', { 'x-api-key': 'k1' })).text).toBe('pong');
    expect((await get('/ping', { authorization: 'Bearer k1' })).status).toBe(401);
  });
});

describe('pagination helpers', () => {
  it('pages with a Link header until the last page', async () => {
    await start();
    const items = Array.from({ length: 5 }, (_, i) => i + 1);
    app!.route('GET', '/items', (request) => linkPage(request, items, { defaultSize: 2 }));

    const first = await get('/items');
    expect(first.text).toBe('[1,2]');
    expect(first.headers.get('link')).toBe(
      `<${app!.url}/items?page=2&per_page=2>; rel="next", <${app!.url}/items?page=3&per_page=2>; rel="last"`,
    );
    const last = await get('/items?page=3&per_page=2');
    expect(last.text).toBe('[5]');
    expect(last.headers.get('link')).toBe(
      `<${app!.url}/items?page=2&per_page=2>; rel="prev", <${app!.url}/items?page=1&per_page=2>; rel="first"`,
    );
    expect((await get('/items?per_page=zero')).status).toBe(400);
  });

  it('answers SCIM ListResponses with startIndex and count', async () => {
    await start();
    const store = createStore({ users: seedUsers(3) });
    app!.route('GET', '/scim/v2/Users', (request) =>
      scimPage(
        request,
        store.users.list().map((u) => ({ id: u.id, userName: u.username })),
      ),
    );
    const page = JSON.parse((await get('/scim/v2/Users?startIndex=2&count=1')).text);
    expect(page).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 3,
      startIndex: 2,
      itemsPerPage: 1,
      Resources: [{ id: '2', userName: 'user-002' }],
    });
  });
});
