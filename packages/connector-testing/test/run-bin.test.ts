import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPages, expectError, expectSuccess, type FakeApp, runBin } from '../src/index.ts';
import { createAcmeIntegration } from './fixtures/acme-connector.ts';
import { ACME_TOKEN, startAcmeFake } from './fixtures/acme-fake.ts';

const BIN = fileURLToPath(new URL('./fixtures/acme-main.ts', import.meta.url));
let app: FakeApp;

beforeAll(async () => {
  ({ app } = await startAcmeFake());
});
afterAll(async () => {
  await app.close();
});

const envelope = () => ({
  auth: { token: { token: ACME_TOKEN } },
  settings: { base_url: app.url },
  request: {},
});

describe('runBin', () => {
  it('runs a capability through the bin and parses the envelope', async () => {
    const result = await runBin(BIN, 'validate_credentials', envelope());
    expect(result.exitCode).toBe(0);
    expect(result.envelope).toEqual({
      response: { valid: true, unique_tenant_id: 'acme-corp' },
      raw_data: null,
      page: null,
    });
  });

  it('passes the envelope as a file and keeps the token out of stderr', async () => {
    const result = await runBin(
      BIN,
      'validate_credentials',
      { ...envelope(), auth: { token: { token: 'wrong-token-42' } } },
      { input: 'file', env: { GRANTKIT_LOG_LEVEL: 'debug' } },
    );
    expect(result.exitCode).toBe(1);
    expect(result.envelope).toMatchObject({
      is_error: true,
      error: { error_code: 'unauthorized' },
    });
    expect(result.stderr).toContain('the call failed');
    expect(result.stderr).not.toContain('wrong-token-42');
  });

  it('prints info without an envelope, and usage with no command', async () => {
    const info = await runBin(BIN, 'info');
    expect(info.exitCode).toBe(0);
    expect(expectSuccess<{ app_id: string }>(info.envelope!).app_id).toBe('acme');

    const usage = await runBin(BIN, undefined);
    expect(usage.exitCode).toBe(2);
    expect(usage.envelope).toBeUndefined();
    expect(usage.stderr).toContain('acme-connector');
  });
});

describe('collectPages', () => {
  it('follows page tokens to the end through dispatch', async () => {
    const pages = await collectPages(createAcmeIntegration(), 'list_accounts', envelope(), {
      pageSize: 3,
    });
    expect(pages.error).toBeUndefined();
    expect(pages.envelopes).toHaveLength(3);
    expect(pages.tokens).toHaveLength(2);
    expect(pages.items.map((a) => (a as { username: string }).username)).toEqual([
      'user-001',
      'user-002',
      'user-003',
      'user-004',
      'user-005',
      'user-006',
      'user-007',
    ]);
  });

  it('stops at the first error and returns it', async () => {
    app.inject({ kind: 'status', status: 403 }, { route: 'GET /api/users', after: 1 });
    const pages = await collectPages(createAcmeIntegration(), 'list_accounts', envelope(), {
      pageSize: 3,
    });
    expect(pages.items).toHaveLength(3);
    expect(pages.error?.error_code).toBe('permission_denied');
    expect(expectError(pages.envelopes[1]!).status_code).toBe(403);
  });
});
