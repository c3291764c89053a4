import {
  expectError,
  expectSuccess,
  type FakeApp,
  type FakeStore,
} from '@grantkit/connector-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integration } from '../src/index.ts';
import { envelope, startFakeXapp } from './fake-xapp.ts';

let app: FakeApp;
let store: FakeStore;

beforeAll(async () => {
  ({ app, store } = await startFakeXapp());
});
afterAll(async () => {
  await app.close();
});

describe('deactivate_account and activate_account', () => {
  it('suspends a user and reactivates them in the app', async () => {
    const off = await integration.dispatch(
      'deactivate_account',
      envelope(app, { account_id: '3' }),
    );
    expect(expectSuccess(off)).toEqual({ status: 'SUSPENDED', deactivated: true });
    expect(store.users.get('3')?.status).toBe('suspended');

    const on = await integration.dispatch('activate_account', envelope(app, { account_id: '3' }));
    expect(expectSuccess(on)).toEqual({ status: 'ACTIVE', activated: true });
    expect(store.users.get('3')?.status).toBe('active');
  });

  it('answers not_found for an unknown account and changes nothing', async () => {
    const answer = await integration.dispatch(
      'deactivate_account',
      envelope(app, { account_id: '404' }),
    );
    expect(expectError(answer).error_code).toBe('not_found');
    expect(store.users.list().every((user) => user.status === 'active')).toBe(true);
  });
});
