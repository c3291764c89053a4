// The worked example of README.md, verbatim: it must keep working when pasted.
import { createHttpClient, defineIntegration } from '@grantkit/connector-core';
import {
  createStore,
  type FakeApp,
  linkPage,
  runConformance,
  seedUsers,
  startFakeApp,
} from '@grantkit/connector-testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';

// The connector (normally in src/): one client per call, the token from the envelope.
const acme = defineIntegration({
  appId: 'acme',
  version: '1.0.0',
  name: 'Acme',
  description: 'Acme directory',
  auth: 'token',
  settings: z.object({ base_url: z.url() }),
});
acme.register('validate_credentials', async ({ settings, credential }) => {
  const http = createHttpClient({
    baseUrl: settings.base_url,
    appName: 'Acme',
    auth: { type: 'bearer', token: credential('token').token },
  });
  const me = await http.get<{ tenant: string }>('/api/me');
  return { response: { valid: true, unique_tenant_id: me.data.tenant } };
});

// The fake Acme: its auth, its error body, its pagination, its data.
let app: FakeApp;
const store = createStore({ users: seedUsers(5) });

beforeAll(async () => {
  app = await startFakeApp({
    auth: { scheme: 'bearer', tokens: { 'acme-token': { data: { tenant: 'acme-corp' } } } },
    errorBody: (status, message) => ({ error: { code: status, message } }),
  });
  app.route('GET', '/api/me', ({ auth }) => ({ body: { tenant: auth?.data.tenant } }));
  app.route('GET', '/api/users', (request) =>
    linkPage(request, store.users.list(), { defaultSize: 2 }),
  );
});
afterAll(() => app.close()); // rejects if a handler crashed or an answer drifted

const envelope = () => ({
  auth: { token: { token: 'acme-token' } },
  settings: { base_url: app.url },
  request: {},
});

it('validates the token against the tenant', async () => {
  expect(await acme.dispatch('validate_credentials', envelope())).toEqual({
    response: { valid: true, unique_tenant_id: 'acme-corp' },
    raw_data: null,
    page: null,
  });
  expect(app.requests.at(-1)?.headers.authorization).toBe('Bearer acme-token');
});

it('retries a 429 after the Retry-After the app sent', async () => {
  app.clearRequests();
  app.inject({ kind: 'rate_limit', retryAfter: 1 }, { route: 'GET /api/me' });
  await acme.dispatch('validate_credentials', envelope());
  expect(app.requests.map((r) => r.status)).toEqual([429, 200]);
  expect(app.requests[1]!.at - app.requests[0]!.at).toBeGreaterThanOrEqual(990);
});

runConformance(acme, () => ({ fake: app, envelope }));
