import {
  collectPages,
  expectError,
  expectSuccess,
  type FakeApp,
} from '@grantkit/connector-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integration } from '../src/index.ts';
import { BAD_AUTH } from './fake-auth.ts';
import { envelope, startFakeXapp, TENANT } from './fake-xapp.ts';

let app: FakeApp;

beforeAll(async () => {
  ({ app } = await startFakeXapp());
});
afterAll(async () => {
  await app.close();
});

describe('validate_credentials', () => {
  it('answers the id of the tenant the credential belongs to', async () => {
    const answer = await integration.dispatch('validate_credentials', envelope(app));
    expect(expectSuccess(answer)).toEqual({ valid: true, unique_tenant_id: TENANT.id });
  });

  it('answers unauthorized for a credential the app refuses', async () => {
    const answer = await integration.dispatch('validate_credentials', {
      ...envelope(app),
      auth: BAD_AUTH,
    });
    expect(expectError(answer)).toMatchObject({ error_code: 'unauthorized', status_code: 401 });
  });
});

describe('list_accounts', () => {
  it('lists every user, page after page', async () => {
    const pages = await collectPages(integration, 'list_accounts', envelope(app), {
      pageSize: 3,
    });
    expect(pages.error).toBeUndefined();
    expect(pages.tokens).toHaveLength(2);
    expect(pages.items).toHaveLength(7);
    expect(pages.items[0]).toEqual({
      integration_specific_id: '1',
      username: 'user-001',
      email: 'user-001@example.com',
      given_name: 'User',
      family_name: 'user-001',
      user_status: 'ACTIVE',
      account_type: 'user',
    });
  });

  it('refuses a page token it did not write', async () => {
    const answer = await integration.dispatch('list_accounts', {
      ...envelope(app),
      page: { token: 'not-a-token' },
    });
    expect(expectError(answer).error_code).toBe('invalid_page_token');
  });
});

describe('get_account', () => {
  it('answers one user, and not_found for an unknown id', async () => {
    const found = await integration.dispatch('get_account', envelope(app, { account_id: '2' }));
    expect(expectSuccess(found)).toMatchObject({
      integration_specific_id: '2',
      username: 'user-002',
    });

    const missing = await integration.dispatch('get_account', envelope(app, { account_id: '99' }));
    expect(expectError(missing)).toMatchObject({ error_code: 'not_found', status_code: 404 });
  });
});
