import { expectError, expectSuccess } from '@grantkit/connector-testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeGitHub } from './fake-github/index.ts';
import { call, envelopeFor, startFake } from './helpers.ts';

let fake: FakeGitHub;
beforeEach(async () => {
  fake = await startFake();
});
afterEach(async () => {
  await fake.close();
});

function grant(account: string, entitlement: string, resource: string, type: string) {
  const resourceType = { org_role: 'organization', team_membership: 'team' }[type] ?? 'repository';
  return {
    account_integration_specific_id: account,
    resource_integration_specific_id: resource,
    resource_type: resourceType,
    entitlement_type: type,
    entitlement_integration_specific_id: entitlement,
  };
}

const writes = () =>
  fake.app.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);

describe('create_account', () => {
  it('invites by email with the role and teams asked for', async () => {
    const answer = await call(
      'create_account',
      envelopeFor(fake, {
        email: 'new.hire@example.com',
        entitlements: [
          { integration_specific_id: 'org:admin', entitlement_type: 'org_role' },
          { integration_specific_id: 'team:backend:member', entitlement_type: 'team_membership' },
        ],
      }),
    );
    const created = expectSuccess<{ id: string }>(answer);
    expect(created).toEqual({
      id: expect.stringMatching(/^invitation:\d+$/),
      status: 'PENDING',
      created: true,
    });
    const invitation = fake.org.invitations.get(Number(created.id.split(':')[1]));
    expect(invitation).toMatchObject({
      email: 'new.hire@example.com',
      role: 'admin',
      teamIds: [2],
    });
  });

  it('invites an existing GitHub user by username, as a member by default', async () => {
    const answer = await call(
      'create_account',
      envelopeFor(fake, { username: 'newbie', entitlements: [] }),
    );
    const created = expectSuccess<{ id: string }>(answer);
    const invitation = fake.org.invitations.get(Number(created.id.split(':')[1]));
    expect(invitation).toMatchObject({ login: 'newbie', email: null, role: 'direct_member' });
    expect(fake.app.requestsTo('POST /orgs/:org/invitations')[0]?.body).toEqual({
      invitee_id: 109,
      role: 'direct_member',
      team_ids: [],
    });
  });

  it('is idempotent: a retry finds the invitation or the member instead of inviting again', async () => {
    const envelope = envelopeFor(fake, { email: 'sam@example.com', entitlements: [] });
    expect(expectSuccess(await call('create_account', envelope))).toEqual({
      id: 'invitation:501',
      status: 'PENDING',
      created: true,
    });
    const member = envelopeFor(fake, { username: 'Linus', entitlements: [] });
    expect(expectSuccess(await call('create_account', member))).toEqual({
      id: 'linus',
      status: 'ACTIVE',
      created: true,
    });
    expect(writes()).toEqual([]);
  });

  it('refuses grants an invitation cannot carry, before writing anything', async () => {
    const answer = await call(
      'create_account',
      envelopeFor(fake, {
        email: 'x@example.com',
        entitlements: [
          { integration_specific_id: 'repo:api:write', entitlement_type: 'repository_permission' },
        ],
      }),
    );
    expect(expectError(answer)).toMatchObject({
      error_code: 'bad_request',
      message:
        "create_account cannot grant 'repo:api:write': a GitHub invitation carries only the " +
        'organization role and team memberships as member; assign it with ' +
        'assign_entitlement once the invitation is accepted',
    });
    expect(fake.app.requests).toEqual([]);
  });
});

describe('delete_account', () => {
  it('removes a member from the organization, and succeeds again when already gone', async () => {
    const envelope = envelopeFor(fake, { account_id: 'ken' });
    expect(expectSuccess(await call('delete_account', envelope))).toEqual({
      status: 'DELETED',
      deleted: true,
    });
    expect(fake.org.members.has('ken')).toBe(false);
    expect(fake.org.team('backend')?.members.has('ken')).toBe(false);
    expect(expectSuccess(await call('delete_account', envelope))).toEqual({
      status: 'DELETED',
      deleted: true,
    });
  });

  it('cancels a pending invitation', async () => {
    await call('delete_account', envelopeFor(fake, { account_id: 'invitation:501' }));
    expect(fake.org.invitations.has(501)).toBe(false);
    expect(writes()).toEqual(['DELETE /orgs/acme/invitations/501']);
  });
});

describe('assign_entitlement and unassign_entitlement', () => {
  it('promotes a member to owner once, and demotes back', async () => {
    const envelope = envelopeFor(fake, grant('linus', 'org:admin', '', 'org_role'));
    expect(expectSuccess(await call('assign_entitlement', envelope))).toEqual({ assigned: true });
    expect(expectSuccess(await call('assign_entitlement', envelope))).toEqual({ assigned: true });
    expect(fake.org.members.get('linus')).toBe('admin');
    expect(expectSuccess(await call('unassign_entitlement', envelope))).toEqual({
      unassigned: true,
    });
    expect(expectSuccess(await call('unassign_entitlement', envelope))).toEqual({
      unassigned: true,
    });
    expect(fake.org.members.get('linus')).toBe('member');
    expect(writes()).toEqual([
      'PUT /orgs/acme/memberships/linus',
      'PUT /orgs/acme/memberships/linus',
    ]);
  });

  it('refuses to take the member role alone, pointing at delete_account', async () => {
    const answer = await call(
      'unassign_entitlement',
      envelopeFor(fake, grant('ken', 'org:member', '', 'org_role')),
    );
    expect(expectError(answer)).toMatchObject({ error_code: 'unsupported_operation' });
    expect(expectError(answer).message).toContain('call delete_account to remove the member');
  });

  it('adds and removes a team membership with its role', async () => {
    const envelope = envelopeFor(
      fake,
      grant('ken', 'team:security:maintainer', 'team:security', 'team_membership'),
    );
    await call('assign_entitlement', envelope);
    expect(fake.org.team('security')?.members.get('ken')).toBe('maintainer');
    const asMember = envelopeFor(
      fake,
      grant('ken', 'team:security:member', 'team:security', 'team_membership'),
    );
    await call('unassign_entitlement', asMember);
    expect(fake.org.team('security')?.members.get('ken')).toBe('maintainer');
    await call('unassign_entitlement', envelope);
    expect(fake.org.team('security')?.members.has('ken')).toBe(false);
  });

  it('sets a direct repository permission, and removes only the permission named', async () => {
    const write = envelopeFor(
      fake,
      grant('margaret', 'repo:api:write', 'repo:api', 'repository_permission'),
    );
    await call('assign_entitlement', write);
    expect(fake.app.requestsTo('PUT /repos/:owner/:repo/collaborators/:username')[0]?.body).toEqual(
      {
        permission: 'push',
      },
    );
    const read = envelopeFor(
      fake,
      grant('margaret', 'repo:api:read', 'repo:api', 'repository_permission'),
    );
    await call('unassign_entitlement', read);
    expect(fake.org.repo('api')?.collaborators.get('margaret')).toBe('write');
    await call('unassign_entitlement', write);
    expect(fake.org.repo('api')?.collaborators.has('margaret')).toBe(false);
  });

  it('refuses a grant whose parts do not belong together', async () => {
    const wrongResource = await call(
      'assign_entitlement',
      envelopeFor(fake, grant('ken', 'team:security:member', 'team:backend', 'team_membership')),
    );
    expect(expectError(wrongResource)).toMatchObject({
      error_code: 'bad_request',
      message:
        "Entitlement 'team:security:member' belongs to resource 'team:security', not 'team:backend'",
    });
    const pending = await call(
      'assign_entitlement',
      envelopeFor(fake, grant('invitation:501', 'org:admin', '', 'org_role')),
    );
    expect(expectError(pending).error_code).toBe('unsupported_operation');
    const malformed = await call(
      'assign_entitlement',
      envelopeFor(fake, grant('ken', 'team:security:owner', 'team:security', 'team_membership')),
    );
    expect(expectError(malformed)).toMatchObject({
      error_code: 'invalid_value',
      message:
        "'team:security:owner' is not a GitHub entitlement id of this connector; expected " +
        '`org:<member|admin>`, `team:<slug>:<member|maintainer>` or ' +
        '`repo:<name>:<read|triage|write|maintain|admin>`',
    });
    expect(writes()).toEqual([]);
  });
});

describe('path segments built from input', () => {
  it('encode a name with a slash, so it cannot reach another endpoint', async () => {
    const answer = await call('get_account', envelopeFor(fake, { account_id: '../admin' }));
    expect(expectError(answer).error_code).toBe('not_found');
    expect(fake.app.requests.map((r) => r.path)).toEqual(['/orgs/acme/memberships/..%2Fadmin']);

    await call(
      'assign_entitlement',
      envelopeFor(fake, grant('ken', 'repo:a/b:read', 'repo:a/b', 'repository_permission')),
    );
    expect(fake.app.requests.at(-1)?.path).toBe('/repos/acme/a%2Fb/collaborators/ken');
  });

  it('refuse dot segments, which URL parsing would resolve', async () => {
    for (const account of ['..', '.']) {
      const answer = await call('delete_account', envelopeFor(fake, { account_id: account }));
      expect(expectError(answer)).toMatchObject({
        error_code: 'invalid_value',
        message: `'${account}' cannot be one segment of a URL path (it would name another endpoint); send the real name or id`,
      });
    }
    expect(fake.app.requests).toEqual([]);
  });
});
