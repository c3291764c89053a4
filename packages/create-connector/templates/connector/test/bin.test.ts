import { fileURLToPath } from 'node:url';
import { type FakeApp, runBin } from '@grantkit/connector-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelope, startFakeXapp, TENANT } from './fake-xapp.ts';

const BIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
let app: FakeApp;

beforeAll(async () => {
  ({ app } = await startFakeXapp());
});
afterAll(async () => {
  await app.close();
});

describe('the xapp-name-connector bin', () => {
  it('prints the envelope of a call on stdout and exits 0', async () => {
    const result = await runBin(BIN, 'validate_credentials', envelope(app));
    expect(result.exitCode).toBe(0);
    expect(result.envelope).toEqual({
      response: { valid: true, unique_tenant_id: TENANT.id },
      raw_data: null,
      page: null,
    });
  });

  it('prints info with the registered capabilities', async () => {
    const result = await runBin(BIN, 'info');
    expect(result.exitCode).toBe(0);
    expect(result.envelope).toMatchObject({
      response: {
        app_id: 'xapp_id',
        capabilities: [
          'activate_account',
          'deactivate_account',
          'get_account',
          'list_accounts',
          'validate_credentials',
        ],
      },
    });
  });
});
