import { type FakeApp, runConformance } from '@grantkit/connector-testing';
import { afterAll, beforeAll } from 'vitest';
import { integration } from '../src/index.ts';
import { envelope, startFakeXapp } from './fake-xapp.ts';

let app: FakeApp;

beforeAll(async () => {
  ({ app } = await startFakeXapp());
});
afterAll(async () => {
  await app.close();
});

const ACCOUNT_REQUESTS = ['get_account', 'activate_account', 'deactivate_account'];

runConformance(integration, () => ({
  fake: app,
  envelope: (capability) =>
    envelope(app, ACCOUNT_REQUESTS.includes(capability) ? { account_id: '1' } : {}),
  // The envelope's request_timeout_ms is short, so the connector gives up on a silent app.
  timeoutFault: true,
  accountId: '1',
}));
