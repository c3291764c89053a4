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

/** Small GitHub pages (per_page 2), so that every list spans several requests. */
const smallPages = { settings: { page_size: 2 } };

describe('validate_credentials', () => {
  it("returns the organization's id as the tenant id", async () => {
    const answer = await call('validate_credentials', envelopeFor(fake));
    expect(expectSuccess(answer)).toEqual({ valid: true, unique_tenant_id: '9100001' });
  });

  it('accepts an installation token, which reports no scopes, after one read', async () => {
    const answer = await call('validate_credentials', envelopeFor(fake, {}, { token: TOKENS.app }));
    expect(expectSuccess(answer)).toEqual({ valid: true, unique_tenant_id: '9100001' });
    expect(fake.app.requests.map((r) => r.path)).toEqual(['/orgs/acme', '/orgs/acme/teams']);
  });

  it('names the read:org scope when the token lacks it', async () => {
    const answer = await call(
      'validate_credentials',
      envelopeFor(fake, {}, { token: TOKENS.repoOnly }),
    );
    expect(expectError(answer)).toMatchObject({
      error_code: 'permission_denied',
      app_error_code: 'github.missing_scope',
      message:
        "The token can see the organization 'acme' but lacks the `read:org` scope (it has: " +
        'repo); grant `read:org` (and `admin:org` for writes and invitations)',
    });
  });

  it('answers not_found for an organization the token cannot see', async () => {
    const answer = await call(
      'validate_credentials',
      envelopeFor(fake, {}, { settings: { organization: 'umbrella' } }),
    );
    expect(expectError(answer)).toMatchObject({
      error_code: 'not_found',
      status_code: 404,
      message:
        "GitHub has no organization 'umbrella' that this token can see; check the " +
        '`organization` setting, and that the token belongs to a member of it',
    });
  });
});

describe('list_accounts', () => {
  it('lists members, bots as service accounts, and member or owner invitations as PENDING', async () => {
    const { items, pages } = await listAll('list_accounts', envelopeFor(fake, {}, smallPages), 3);
    expect(pages).toBe(3);
    expect(
      items.map((a) => {
        const account = a as Record<string, unknown>;
        return [account.integration_specific_id, account.user_status, account.account_type];
      }),
    ).toEqual([
      ['linus', 'ACTIVE', 'user'],
      ['margaret', 'ACTIVE', 'user'],
      ['ken', 'ACTIVE', 'user'],
      ['release-bot[bot]', 'ACTIVE', 'service'],
      ['ada', 'ACTIVE', 'user'],
      ['grace', 'ACTIVE', 'user'],
      ['invitation:501', 'PENDING', 'user'],
      ['invitation:502', 'PENDING', 'user'],
    ]);
    expect(items[4]).toEqual({
      integration_specific_id: 'ada',
      username: 'ada',
      email: 'ada@acme.test',
      user_status: 'ACTIVE',
      account_type: 'user',
      extra_data: { github_id: 101, name: 'Ada Lovelace', org_role: 'admin' },
    });
    expect(items[6]).toEqual({
      integration_specific_id: 'invitation:501',
      username: null,
      email: 'sam@example.com',
      user_status: 'PENDING',
      account_type: 'user',
      extra_data: {
        invitation_id: 501,
        org_role: 'member',
        invited_at: '2026-11-20T09:30:00Z',
        inviter: 'ada',
        team_count: 1,
      },
    });
  });

  it("sends GitHub's own payloads as raw_data when asked", async () => {
    const answer = await call('list_accounts', {
      ...envelopeFor(fake, {}, { settings: { include_invitations: false } }),
      include_raw_data: true,
    });
    const raw = (answer as { raw_data: Array<{ login: string; node_id: string }> }).raw_data;
    expect(raw.map((user) => user.login)).toEqual([
      'linus',
      'margaret',
      'ken',
      'release-bot[bot]',
      'ada',
      'grace',
    ]);
    expect(raw[0]?.node_id).toBe('U_kgDOMTAz');
  });

  it('leaves invitations out when include_invitations is off (for read-only tokens)', async () => {
    const envelope = envelopeFor(
      fake,
      {},
      { token: TOKENS.readOnly, settings: { include_invitations: false } },
    );
    const { items } = await listAll('list_accounts', envelope);
    expect(items).toHaveLength(6);
  });

  it('gives the same accounts whatever the page sizes', async () => {
    const big = await listAll('list_accounts', envelopeFor(fake));
    for (const size of [1, 2, 5]) {
      const small = await listAll('list_accounts', envelopeFor(fake, {}, smallPages), size);
      expect(small.items).toEqual(big.items);
    }
  });
});

describe('get_account', () => {
  it('reads a member with their profile', async () => {
    const answer = await call('get_account', envelopeFor(fake, { account_id: 'margaret' }));
    expect(expectSuccess(answer)).toEqual({
      integration_specific_id: 'margaret',
      username: 'margaret',
      email: 'margaret@acme.test',
      user_status: 'ACTIVE',
      account_type: 'user',
      extra_data: { github_id: 104, name: 'Margaret Hamilton', org_role: 'member' },
    });
  });

  it('reads a pending invitation', async () => {
    const answer = await call('get_account', envelopeFor(fake, { account_id: 'invitation:502' }));
    expect(expectSuccess(answer)).toMatchObject({ username: 'hedy', user_status: 'PENDING' });
  });

  it('answers not_found for a user outside the organization, and points at invitations', async () => {
    const outsider = await call('get_account', envelopeFor(fake, { account_id: 'newbie' }));
    expect(expectError(outsider)).toMatchObject({
      error_code: 'not_found',
      message: "'newbie' is not a member or pending invitation of the GitHub organization 'acme'",
    });
    const invited = await call('get_account', envelopeFor(fake, { account_id: 'hedy' }));
    expect(expectError(invited).message).toContain('listed by list_accounts as invitation:<id>');
  });
});

describe('list_resources', () => {
  it('lists the organization, nested teams with their parent, and repositories', async () => {
    const { items } = await listAll('list_resources', envelopeFor(fake, {}, smallPages), 4);
    expect(
      items.map((r) => {
        const resource = r as { integration_specific_id: string; resource_type: string };
        return `${resource.resource_type} ${resource.integration_specific_id}`;
      }),
    ).toEqual([
      'organization ',
      'team team:engineering',
      'team team:backend',
      'team team:databases',
      'team team:frontend',
      'team team:security',
      'team team:leadership',
      'repository repo:api',
      'repository repo:docs.github.io',
      'repository repo:infra',
      'repository repo:web',
    ]);
    expect(items[3]).toEqual({
      integration_specific_id: 'team:databases',
      label: 'Databases',
      resource_type: 'team',
      extra_data: {
        github_id: 3,
        slug: 'databases',
        description: 'Storage and query engines',
        privacy: 'closed',
        parent_resource_id: 'team:backend',
      },
    });
  });

  it('lists one resource type, and refuses an unknown one', async () => {
    const { items } = await listAll(
      'list_resources',
      envelopeFor(fake, { resource_type: 'repository' }),
    );
    expect(items).toHaveLength(4);
    const answer = await call('list_resources', envelopeFor(fake, { resource_type: 'project' }));
    expect(expectError(answer)).toMatchObject({
      error_code: 'invalid_value',
      message:
        "Unknown resource_type 'project'; this connector has: organization, team, repository",
    });
  });
});

describe('list_entitlements', () => {
  it('gives two organization roles, two roles per team and five permissions per repository', async () => {
    const { items } = await listAll('list_entitlements', envelopeFor(fake, {}, smallPages), 7);
    expect(items).toHaveLength(2 + 6 * 2 + 4 * 5);
    expect(
      items
        .slice(0, 4)
        .map((e) => (e as { integration_specific_id: string }).integration_specific_id),
    ).toEqual([
      'org:member',
      'org:admin',
      'team:engineering:member',
      'team:engineering:maintainer',
    ]);
  });

  it("lists one resource's entitlements, and answers not_found for a missing one", async () => {
    const answer = await call(
      'list_entitlements',
      envelopeFor(fake, { resource_integration_specific_id: 'repo:infra' }),
    );
    expect(
      expectSuccess<Array<{ integration_specific_id: string; label: string }>>(answer).map(
        (e) => `${e.integration_specific_id} ${e.label}`,
      ),
    ).toEqual([
      'repo:infra:read acme/infra Read',
      'repo:infra:triage acme/infra Triage',
      'repo:infra:write acme/infra Write',
      'repo:infra:maintain acme/infra Maintain',
      'repo:infra:admin acme/infra Admin',
    ]);
    const missing = await call(
      'list_entitlements',
      envelopeFor(fake, { resource_integration_specific_id: 'team:avengers' }),
    );
    expect(expectError(missing)).toMatchObject({
      error_code: 'not_found',
      message: "The GitHub organization 'acme' has no team 'avengers' that this token can see",
    });
  });
});

describe('find_entitlement_associations', () => {
  it('reports organization roles, direct team memberships and direct collaborators', async () => {
    const { items } = await listAll(
      'find_entitlement_associations',
      envelopeFor(fake, {}, smallPages),
      5,
    );
    const lines = items.map((a) => {
      const { account_id, integration_specific_entitlement_id } = a as Record<string, string>;
      return `${account_id} ${integration_specific_entitlement_id}`;
    });
    expect(lines).toEqual([
      'linus org:member',
      'margaret org:member',
      'ken org:member',
      'release-bot[bot] org:member',
      'ada org:admin',
      'grace org:admin',
      'invitation:501 org:member',
      'invitation:502 org:admin',
      'ada team:engineering:maintainer',
      'linus team:engineering:member',
      'margaret team:backend:maintainer',
      'ken team:backend:member',
      'linus team:databases:member',
      'ken team:frontend:maintainer',
      'grace team:security:maintainer',
      'release-bot[bot] team:security:member',
      'ada team:leadership:member',
      'linus repo:api:write',
      'octo-contractor repo:api:read',
      'grace repo:infra:admin',
      'release-bot[bot] repo:infra:write',
      'ken repo:web:maintain',
      'margaret repo:web:triage',
    ]);
  });

  it('does not report members of child teams as members of the parent', async () => {
    // GitHub lists margaret, ken and linus under engineering too, flagged `inherited`.
    const { items } = await listAll('find_entitlement_associations', envelopeFor(fake));
    const engineering = items.filter(
      (a) => (a as Record<string, string>).integration_specific_resource_id === 'team:engineering',
    );
    expect(engineering).toHaveLength(2);
  });

  it('resumes from a page token exactly where the last page stopped', async () => {
    const envelope = envelopeFor(fake, {}, smallPages);
    const all = await listAll('find_entitlement_associations', envelope);
    const firstAnswer = await call('find_entitlement_associations', {
      ...envelope,
      page: { size: 10 },
    });
    const first = expectSuccess<unknown[]>(firstAnswer);
    expect(first).toHaveLength(10);
    const token = (firstAnswer as { page: { token: string } }).page.token;
    const rest = await call('find_entitlement_associations', {
      ...envelope,
      page: { token, size: 100 },
    });
    expect([...first, ...expectSuccess<unknown[]>(rest)]).toEqual(all.items);
    expect((rest as { page: unknown }).page).toBeNull();
  });

  it('refuses a token of another listing, or one edited by hand', async () => {
    const envelope = envelopeFor(fake);
    const accounts = await call('list_accounts', { ...envelope, page: { size: 1 } });
    const token = (accounts as { page: { token: string } }).page.token;
    for (const bad of [token, `${token.slice(0, -2)}xx`, 'not-a-token']) {
      const answer = await call('find_entitlement_associations', {
        ...envelope,
        page: { token: bad },
      });
      expect(expectError(answer).error_code).toBe('invalid_page_token');
    }
  });
});

describe('GitHub Enterprise Server', () => {
  it('works under an /api/v3 base URL, paging included', async () => {
    const ghes = await startFake({ prefix: '/api/v3' });
    try {
      const envelope = envelopeFor(ghes, {}, smallPages);
      expect(ghes.apiBaseUrl).toMatch(/\/api\/v3$/);
      const { items } = await listAll('find_entitlement_associations', envelope, 4);
      expect(items).toHaveLength(23);
      expect(ghes.app.requests.every((r) => r.path.startsWith('/api/v3/'))).toBe(true);
    } finally {
      await ghes.close();
    }
  });
});
