import { expectError, expectSuccess } from '@grantkit/connector-testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeGitHub } from './fake-github/index.ts';
import { call, envelopeFor, listAll, startFake, TOKENS } from './helpers.ts';

let fake: FakeGitHub;
beforeEach(async () => {
  fake = await startFake();
});
afterEach(async () => {
  await fake.close();
});

const SECONDARY_LIMIT =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.';

const attemptsAt = (path: string) => fake.app.requests.filter((r) => r.path === path).length;

describe('GitHub failures map to protocol codes', () => {
  it('401 is unauthorized, with no retry', async () => {
    const answer = await call(
      'validate_credentials',
      envelopeFor(fake, {}, { token: 'ghp_revoked' }),
    );
    expect(expectError(answer)).toMatchInlineSnapshot(`
      {
        "app_error_code": "github.bad_credentials",
        "app_id": "github",
        "error_code": "unauthorized",
        "message": "GitHub rejected the token for GET /orgs/acme (401 Bad credentials): check that the token is valid, not expired and not revoked",
        "raised_by": "HTTPError",
        "raised_in": "client:#attempt",
        "status_code": 401,
      }
    `);
    expect(attemptsAt('/orgs/acme')).toBe(1);
  });

  it('403 without the needed scope is permission_denied naming the scope', async () => {
    const envelope = envelopeFor(fake, {}, { token: TOKENS.readOnly });
    const answer = await call('list_accounts', envelope);
    expect(expectError(answer)).toMatchObject({
      error_code: 'permission_denied',
      app_error_code: 'github.missing_scope',
      status_code: 403,
      message:
        'GitHub refused GET /orgs/acme/invitations: the token lacks the `admin:org` scope (it ' +
        'has: read:org, repo); grant `admin:org` to the token or OAuth app, or set ' +
        '`include_invitations` to false to list members only',
    });
  });

  it('403 for an installation token names the app permission', async () => {
    const tokens = { ghs_limited: { scopes: ['read:org'], kind: 'app' as const } };
    const limited = await startFake({ tokens });
    try {
      const envelope = envelopeFor(
        limited,
        { resource_type: 'repository' },
        { token: 'ghs_limited' },
      );
      const answer = await call('list_resources', envelope);
      expect(expectError(answer)).toMatchObject({
        error_code: 'permission_denied',
        app_error_code: 'github.missing_permission',
      });
      expect(expectError(answer).message).toContain('`administration=read`');
    } finally {
      await limited.close();
    }
  });

  it('404 on the organization is not_found', async () => {
    const answer = await call(
      'list_resources',
      envelopeFor(fake, {}, { settings: { organization: 'gone' } }),
    );
    expect(expectError(answer)).toMatchObject({ error_code: 'not_found', status_code: 404 });
  });

  it('a secondary rate limit (403 with Retry-After) is waited out and retried', async () => {
    fake.app.inject(
      {
        kind: 'rate_limit',
        status: 403,
        retryAfter: 1,
        body: { message: SECONDARY_LIMIT, documentation_url: 'https://docs.github.com/rest' },
      },
      { route: 'GET /orgs/:org', times: 2 },
    );
    const answer = await call('validate_credentials', envelopeFor(fake));
    expect(expectSuccess(answer)).toEqual({ valid: true, unique_tenant_id: '9100001' });
    expect(attemptsAt('/orgs/acme')).toBe(3);
  });

  it('a secondary rate limit that lasts is rate_limit after the retries', async () => {
    fake.app.inject(
      {
        kind: 'rate_limit',
        status: 429,
        retryAfter: 1,
        body: { message: SECONDARY_LIMIT, documentation_url: 'https://docs.github.com/rest' },
      },
      { route: 'GET /orgs/:org', times: 10 },
    );
    const answer = await call('validate_credentials', envelopeFor(fake));
    expect(expectError(answer)).toMatchObject({ error_code: 'rate_limit', status_code: 429 });
    expect(expectError(answer).message).toContain(SECONDARY_LIMIT);
    expect(attemptsAt('/orgs/acme')).toBe(4);
  });

  it('an exhausted primary limit (remaining 0, reset) waits for the reset', async () => {
    fake.app.inject(
      { kind: 'rate_limit', status: 403, resetInSeconds: 1 },
      { route: 'GET /orgs/:org' },
    );
    const answer = await call('validate_credentials', envelopeFor(fake));
    expect(expectSuccess(answer)).toMatchObject({ valid: true });
    expect(attemptsAt('/orgs/acme')).toBe(2);
  });

  it('a burst of 5xx is retried, and a longer one is bad_gateway after three retries', async () => {
    fake.app.inject({ kind: 'server_error', status: 502 }, { route: 'GET /orgs/:org', times: 2 });
    expect(expectSuccess(await call('validate_credentials', envelopeFor(fake)))).toMatchObject({
      valid: true,
    });
    fake.app.clearRequests();
    fake.app.inject({ kind: 'server_error', status: 500 }, { route: 'GET /orgs/:org', times: 4 });
    const answer = await call('validate_credentials', envelopeFor(fake));
    expect(expectError(answer)).toMatchObject({ error_code: 'bad_gateway', status_code: 500 });
    expect(attemptsAt('/orgs/acme')).toBe(4);
  });

  it('a reset connection is retried, and one that keeps failing is connection_closed', async () => {
    fake.app.inject({ kind: 'reset' }, { route: 'GET /orgs/:org' });
    expect(expectSuccess(await call('validate_credentials', envelopeFor(fake)))).toMatchObject({
      valid: true,
    });
    fake.app.inject({ kind: 'reset' }, { route: 'GET /orgs/:org', times: 4 });
    const answer = await call('validate_credentials', envelopeFor(fake));
    expect(expectError(answer).error_code).toBe('connection_closed');
  });

  it('a team listed without member roles is invalid_response, not a guess', async () => {
    const member = { login: 'ken', id: 105, type: 'User' };
    fake.app.inject(
      { kind: 'status', status: 200, body: [member] },
      { route: 'GET /orgs/:org/teams/:team_slug/members', times: 100 },
    );
    const answer = await call('find_entitlement_associations', envelopeFor(fake));
    expect(expectError(answer)).toMatchObject({
      error_code: 'invalid_response',
      message:
        "GitHub listed the members of team 'engineering' without their team role; this " +
        'connector needs GitHub.com, or GitHub Enterprise Server 3.17 or later',
    });
  });

  it('writes are not retried on a 5xx: a POST may have been applied', async () => {
    fake.app.inject(
      { kind: 'server_error', status: 502 },
      { route: 'POST /orgs/:org/invitations' },
    );
    const answer = await call(
      'create_account',
      envelopeFor(fake, { email: 'once@example.com', entitlements: [] }),
    );
    expect(expectError(answer).error_code).toBe('bad_gateway');
    expect(fake.app.requestsTo('POST /orgs/:org/invitations')).toHaveLength(1);
  });
});

describe('staying under the limits', () => {
  it('keeps a reserve of the primary limit, waiting for the reset instead of being refused', async () => {
    // 13 requests a second, 10 of them kept in reserve: 3 a second for the connector.
    const limited = await startFake({ rateLimit: { limit: 13, windowMs: 1000 } });
    try {
      const envelope = envelopeFor(limited, {}, { settings: { page_size: 1 } });
      const { items } = await listAll('list_accounts', envelope);
      expect(items).toHaveLength(8);
      expect(limited.app.stats.requests).toBe(8);
      expect(limited.app.stats.rateLimited).toBe(0);
    } finally {
      await limited.close();
    }
  });

  it('never has more requests in flight than max_concurrent_requests', async () => {
    const limited = await startFake({ maxConcurrent: 3, latencyMs: 5 });
    try {
      const envelope = envelopeFor(
        limited,
        {},
        { settings: { page_size: 1, max_concurrent_requests: 3 } },
      );
      await listAll('find_entitlement_associations', envelope);
      expect(limited.app.stats.overConcurrency).toBe(0);
      expect(limited.app.stats.peakConcurrency).toBe(3);
    } finally {
      await limited.close();
    }
  });
});

describe('conditional requests', () => {
  it('re-reads unchanged pages with If-None-Match, and GitHub answers 304 from then on', async () => {
    // per_page 3: no last page is full (a full last page is read again in full, as the
    // list may have grown a page since).
    const envelope = envelopeFor(fake, {}, { settings: { page_size: 3 } });
    const first = await listAll('list_accounts', envelope);
    const sentFirst = fake.app.requests.length;
    const second = await listAll('list_accounts', envelope);
    expect(second.items).toEqual(first.items);
    const again = fake.app.requests.slice(sentFirst);
    expect(again.every((r) => r.headers['if-none-match'] !== undefined)).toBe(true);
    expect(again.map((r) => r.status)).toEqual(again.map(() => 304));
  });

  it('keeps the answers of one token from another token', async () => {
    await listAll('list_accounts', envelopeFor(fake));
    fake.app.clearRequests();
    await listAll('list_accounts', envelopeFor(fake, {}, { token: TOKENS.app }));
    expect(fake.app.requests.every((r) => r.headers['if-none-match'] === undefined)).toBe(true);
  });
});
