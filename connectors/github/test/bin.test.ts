import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { runBin } from '@grantkit/connector-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeGitHub } from './fake-github/index.ts';
import { envelopeFor, startFake, TOKENS } from './helpers.ts';

const BIN = new URL('../src/main.ts', import.meta.url).pathname;

let fake: FakeGitHub;
beforeAll(async () => {
  fake = await startFake();
});
afterAll(async () => {
  await fake.close();
});

describe('the github-connector bin', () => {
  it('prints info without credentials: capabilities, model and scopes', async () => {
    const { envelope, exitCode } = await runBin(BIN, 'info');
    expect(exitCode).toBe(0);
    const info = (envelope as { response: Record<string, unknown> }).response;
    expect(info.app_id).toBe('github');
    // GitHub cannot suspend an organization member: no activate or deactivate.
    expect(info.capabilities).toEqual([
      'assign_entitlement',
      'create_account',
      'delete_account',
      'find_entitlement_associations',
      'get_account',
      'get_authorization_url',
      'handle_authorization_callback',
      'list_accounts',
      'list_entitlements',
      'list_resources',
      'refresh_access_token',
      'unassign_entitlement',
      'validate_credentials',
    ]);
    expect(info.entitlement_types).toEqual([
      {
        type_id: 'org_role',
        type_label: 'Organization role',
        resource_type_id: 'organization',
        min: 1,
        max: 1,
      },
      {
        type_id: 'team_membership',
        type_label: 'Team membership',
        resource_type_id: 'team',
        min: 0,
      },
      {
        type_id: 'repository_permission',
        type_label: 'Repository permission',
        resource_type_id: 'repository',
        min: 0,
      },
    ]);
    expect(info.oauth_scopes).toMatchObject({
      validate_credentials: 'read:org',
      create_account: 'admin:org',
    });
  });

  it('validates credentials', async () => {
    const { envelope, exitCode, stderr } = await runBin(
      BIN,
      'validate_credentials',
      envelopeFor(fake),
    );
    expect(exitCode).toBe(0);
    expect(envelope).toEqual({
      response: { valid: true, unique_tenant_id: '9100001' },
      raw_data: null,
      page: null,
    });
    expect(stderr).not.toContain(TOKENS.owner);
  });

  it('pages find_entitlement_associations to the end, each page resuming from the last token', async () => {
    const base = envelopeFor(fake, {}, { settings: { page_size: 2 } });
    const items: unknown[] = [];
    let token: string | undefined;
    let calls = 0;
    do {
      const page = token === undefined ? { size: 6 } : { size: 6, token };
      const { envelope, exitCode } = await runBin(BIN, 'find_entitlement_associations', {
        ...base,
        page,
      });
      expect(exitCode).toBe(0);
      const answer = envelope as { response: unknown[]; page: { token?: string } | null };
      items.push(...answer.response);
      token = answer.page?.token;
      calls += 1;
    } while (token !== undefined);
    expect(calls).toBe(4);
    expect(items).toHaveLength(23);
    expect(new Set(items.map((item) => JSON.stringify(item))).size).toBe(23);
  });

  it('runs every read and write capability', async () => {
    const grant = {
      account_integration_specific_id: 'ken',
      resource_integration_specific_id: 'repo:infra',
      resource_type: 'repository',
      entitlement_type: 'repository_permission',
      entitlement_integration_specific_id: 'repo:infra:read',
    };
    const calls: Array<[string, Record<string, unknown>, unknown]> = [
      ['get_account', { account_id: 'grace' }, { integration_specific_id: 'grace' }],
      ['list_accounts', {}, expect.arrayContaining([expect.objectContaining({ username: 'ken' })])],
      ['list_resources', { resource_type: 'team' }, expect.any(Array)],
      ['list_entitlements', { resource_integration_specific_id: '' }, expect.any(Array)],
      ['create_account', { email: 'bin@example.com', entitlements: [] }, { status: 'PENDING' }],
      ['assign_entitlement', grant, { assigned: true }],
      ['unassign_entitlement', grant, { unassigned: true }],
      ['delete_account', { account_id: 'ken' }, { status: 'DELETED', deleted: true }],
    ];
    for (const [capability, request, expected] of calls) {
      const { envelope, exitCode } = await runBin(BIN, capability, envelopeFor(fake, request));
      expect({ capability, exitCode }).toEqual({ capability, exitCode: 0 });
      expect((envelope as { response: unknown }).response).toMatchObject(expected as object);
    }
    expect(fake.org.members.has('ken')).toBe(false);
  });

  it('answers an error envelope with exit code 1, without the token in any output', async () => {
    const envelope = envelopeFor(fake, {}, { token: 'ghp_notAValidTokenAtAll0000000000000000' });
    const result = await runBin(BIN, 'list_accounts', envelope, {
      input: 'file',
      env: { GRANTKIT_LOG_LEVEL: 'debug' },
    });
    expect(result.exitCode).toBe(1);
    expect(result.envelope).toMatchObject({
      is_error: true,
      error: { error_code: 'unauthorized', app_id: 'github', status_code: 401 },
    });
    expect(result.stdout + result.stderr).not.toContain('ghp_notAValidTokenAtAll');
  });

  it('writes the response gzipped with --result-file-path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'github-connector-'));
    try {
      const file = join(dir, 'out.json.gz');
      const { exitCode } = await runBin(BIN, 'list_resources', envelopeFor(fake), {
        args: ['--result-file-path', file],
      });
      expect(exitCode).toBe(0);
      const written = JSON.parse(gunzipSync(await readFile(file)).toString('utf8'));
      expect(written.response).toHaveLength(11);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('prints usage on stderr with a non-zero exit code when given no command', async () => {
    const { exitCode, stderr, stdout } = await runBin(BIN, undefined);
    expect(exitCode).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain('github-connector');
  });
});
