import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createOpenApiValidator,
  type FakeApp,
  linkPage,
  type OpenApiDocument,
  startFakeApp,
} from '../src/index.ts';

const MINI: OpenApiDocument = {
  openapi: '3.0.3',
  info: { title: 'mini', version: '1' },
  paths: {
    '/orgs/{org}/members': {
      get: {
        responses: {
          '200': {
            content: {
              'application/json': {
                schema: { type: 'array', items: { $ref: '#/components/schemas/user' } },
              },
            },
          },
          '404': { $ref: '#/components/responses/not_found' },
        },
      },
    },
    '/orgs/{org}/members/me': {
      get: { responses: { '204': { description: 'a literal segment wins over {username}' } } },
    },
  },
  components: {
    schemas: {
      user: {
        type: 'object',
        required: ['login', 'id'],
        properties: {
          login: { type: 'string' },
          id: { type: 'integer' },
          email: { type: 'string', format: 'email', nullable: true },
          type: { type: 'string', enum: ['User', 'Bot'] },
        },
      },
      error: { type: 'object', required: ['message'], properties: { message: { type: 'string' } } },
    },
    responses: {
      not_found: {
        description: 'not found',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/error' } } },
      },
    },
  },
};

describe('createOpenApiValidator', () => {
  const validate = createOpenApiValidator(MINI);
  const exchange = { method: 'GET', route: undefined, headers: {} };

  it('accepts a body that matches the description, nullable fields included', () => {
    expect(
      validate({
        ...exchange,
        path: '/orgs/acme/members',
        status: 200,
        body: [{ login: 'octo', id: 1, email: null, type: 'User' }],
      }),
    ).toEqual([]);
  });

  it('names each field where the body drifted from the description', () => {
    expect(
      validate({
        ...exchange,
        path: '/orgs/acme/members',
        status: 200,
        body: [{ login: 'octo', id: '1', email: 'not-an-email', type: 'Robot' }],
      }),
    ).toEqual([
      'the body of GET /orgs/{org}/members 200 does not match the description at /0/id: must be integer',
      'the body of GET /orgs/{org}/members 200 does not match the description at /0/email: must match format "email"',
      'the body of GET /orgs/{org}/members 200 does not match the description at /0/type: must be equal to one of the allowed values ("User", "Bot")',
    ]);
  });

  it('follows $refs to shared responses', () => {
    const problems = validate({ ...exchange, path: '/orgs/a/members', status: 404, body: {} });
    expect(problems).toEqual([
      "the body of GET /orgs/{org}/members 404 does not match the description at (root): must have required property 'message'",
    ]);
  });

  it('reports undocumented paths, methods and statuses', () => {
    expect(validate({ ...exchange, path: '/nope', status: 200, body: {} })).toEqual([
      'the description has no operation GET for /nope',
    ]);
    expect(
      validate({ ...exchange, method: 'POST', path: '/orgs/a/members', status: 200, body: {} }),
    ).toEqual(['the description has no operation POST for /orgs/a/members']);
    expect(validate({ ...exchange, path: '/orgs/a/members', status: 418, body: {} })).toEqual([
      'status 418 is not documented for GET /orgs/{org}/members',
    ]);
    expect(
      validate({ ...exchange, path: '/orgs/a/members/me', status: 204, body: undefined }),
    ).toEqual([]);
  });
});

describe('a fake app checked against GitHub’s published description', () => {
  let app: FakeApp | undefined;
  afterEach(async () => {
    await app?.close({ ignoreProblems: true });
  });

  const require = createRequire(import.meta.url);
  const github = JSON.parse(
    readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8'),
  ) as OpenApiDocument;

  it('records a drifted answer as a problem that fails close()', async () => {
    app = await startFakeApp({ validateResponse: createOpenApiValidator(github) });
    const member = (login: string, id: number) => ({
      login,
      id,
      node_id: `MDQ6VXNlcj${id}`,
      avatar_url: `https://avatars.githubusercontent.com/u/${id}`,
      gravatar_id: '',
      url: `https://api.github.com/users/${login}`,
      html_url: `https://github.com/${login}`,
      followers_url: `https://api.github.com/users/${login}/followers`,
      following_url: `https://api.github.com/users/${login}/following{/other_user}`,
      gists_url: `https://api.github.com/users/${login}/gists{/gist_id}`,
      starred_url: `https://api.github.com/users/${login}/starred{/owner}{/repo}`,
      subscriptions_url: `https://api.github.com/users/${login}/subscriptions`,
      organizations_url: `https://api.github.com/users/${login}/orgs`,
      repos_url: `https://api.github.com/users/${login}/repos`,
      events_url: `https://api.github.com/users/${login}/events{/privacy}`,
      received_events_url: `https://api.github.com/users/${login}/received_events`,
      type: 'User',
      site_admin: false,
    });
    const members = [member('octocat', 1), { login: 'drifted', id: 'two' }];
    app.route('GET', '/orgs/:org/members', (request) =>
      linkPage(request, members, { defaultSize: 1 }),
    );

    expect((await fetch(`${app.url}/orgs/acme/members`)).status).toBe(200);
    expect(app.problems).toEqual([]);
    await fetch(`${app.url}/orgs/acme/members?page=2`);
    await expect(app.close()).rejects.toThrow('The fake app recorded 5 problem(s)');
    expect(app.problems[0]).toBe(
      "GET /orgs/acme/members: the body of GET /orgs/{org}/members 200 does not match the description at /0: must have required property 'avatar_url'",
    );
  });
});
