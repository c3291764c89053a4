import { defineIntegration } from '@grantkit/connector-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConformanceOptions,
  checkConformance,
  type FakeApp,
  type FakeStore,
  runConformance,
} from '../src/index.ts';
import { createAcmeIntegration } from './fixtures/acme-connector.ts';
import { ACME_TOKEN, startAcmeFake } from './fixtures/acme-fake.ts';

// Fast retries, so that the fault checks (which retry to exhaustion) stay quick.
const acme = createAcmeIntegration({ retry: { backoffBaseMs: 5, backoffMaxMs: 20 } });

let app: FakeApp;
let store: FakeStore;

beforeAll(async () => {
  ({ app, store } = await startAcmeFake());
});
afterAll(async () => {
  await app.close();
});

function options(): ConformanceOptions {
  return {
    fake: app,
    envelope: () => ({
      auth: { token: { token: ACME_TOKEN } },
      settings: { base_url: app.url, timeout_ms: 300 },
      request: {},
    }),
    timeoutFault: true,
    grant: {
      account_integration_specific_id: '5',
      resource_integration_specific_id: '3',
      resource_type: 'group',
      entitlement_type: 'member',
      entitlement_integration_specific_id: '3:member',
    },
  };
}

runConformance(acme, options);

describe('checkConformance', () => {
  it('reports every check of a conforming connector as passed or skipped with a reason', async () => {
    const report = await checkConformance(acme, options());
    expect(report.passed).toBe(true);
    expect(report.checks.filter((c) => c.status === 'skipped').map((c) => [c.id, c.note])).toEqual([
      [
        'idempotent:deactivate_account',
        'deactivate_account and activate_account are not both registered',
      ],
    ]);
    expect(store.memberships.has('3', '5')).toBe(false);
  });

  it('fails a connector that repeats items, ignores foreign tokens and leaks its token', async () => {
    const broken = defineIntegration({
      appId: 'broken',
      version: '0.0.1',
      name: 'Broken',
      description: 'Everything a connector must not do',
      auth: 'token',
    });
    broken.register('validate_credentials', async () => ({
      response: { valid: true, unique_tenant_id: 't' },
    }));
    broken.register('list_accounts', async () => ({
      // Ignores the page size it was asked for.
      response: ['u1', 'u2', 'u3'].map((id) => ({ integration_specific_id: id })),
    }));
    broken.register('list_resources', async ({ page, credential }) => {
      // Overlapping pages, any unknown token read as the first page, the token in extra_data.
      const offset = page.token === 'p2' ? 1 : 0;
      const response = ['a', 'b', 'c'].slice(offset, offset + 2).map((id) => ({
        integration_specific_id: id,
        label: id,
        resource_type: 'group',
        extra_data: { seen_with: `Bearer ${credential('token').token}` },
      }));
      return { response, nextPageToken: offset === 0 ? 'p2' : undefined };
    });

    const report = await checkConformance(broken, {
      envelope: () => ({ auth: { token: { token: 'tok-123456' } }, request: {} }),
    });
    expect(report.passed).toBe(false);
    expect(report.checks.filter((c) => c.status === 'failed')).toMatchInlineSnapshot(`
      [
        {
          "id": "bad-envelopes:list_accounts",
          "problems": [
            "a page token it did not write: expected invalid_page_token, but the call succeeded",
          ],
          "status": "failed",
          "title": "list_accounts answers malformed envelopes with the right codes",
        },
        {
          "id": "bad-envelopes:list_resources",
          "problems": [
            "a page token it did not write: expected invalid_page_token, but the call succeeded",
          ],
          "status": "failed",
          "title": "list_resources answers malformed envelopes with the right codes",
        },
        {
          "id": "pagination:list_accounts",
          "problems": [
            "list_accounts answered 3 items on page 1 of size 2",
          ],
          "status": "failed",
          "title": "list_accounts paginates to the end with no duplicates and no repeated tokens",
        },
        {
          "id": "pagination:list_resources",
          "problems": [
            "list_resources returned duplicates across pages: ["group",null,"b"]",
          ],
          "status": "failed",
          "title": "list_resources paginates to the end with no duplicates and no repeated tokens",
        },
        {
          "id": "secrets",
          "problems": [
            "a secret appears in 6 output(s); the first: {"response":[{"integration_specific_id":"a","label":"a","resource_type":"group","extra_data":{"seen_with":"Bearer <SECRET>"}},{"integration_specific_id":"b","label":"b","resource_type":"group","extra_data":{"seen_with":"Bearer <SECRET>"}}],",
          ],
          "status": "failed",
          "title": "no secret (nor a canary secret) appears in any output",
        },
      ]
    `);
  });
});

describe('the bad-envelope checks', () => {
  it('let the OAuth capabilities run without a credential, as dispatch does', async () => {
    const oauth = defineIntegration({
      appId: 'oauthy',
      version: '1.0.0',
      name: 'OAuthy',
      description: 'Takes an OAuth token, and helps obtain one',
      auth: 'oauth',
    });
    oauth.register('validate_credentials', async () => ({
      response: { valid: true, unique_tenant_id: 't' },
    }));
    oauth.register('get_authorization_url', async ({ request }) => ({
      response: { authorization_url: `https://auth.example/authorize?state=${request.state}` },
    }));
    const report = await checkConformance(oauth, {
      envelope: (capability) =>
        capability === 'validate_credentials'
          ? { auth: { oauth: { access_token: 'token-abcdef' } }, request: {} }
          : undefined,
    });
    expect(report.checks.find((c) => c.id === 'bad-envelopes:get_authorization_url')).toEqual({
      id: 'bad-envelopes:get_authorization_url',
      title: 'get_authorization_url answers malformed envelopes with the right codes',
      status: 'passed',
      problems: [],
    });
  });
});
