import { runConformance } from '@grantkit/connector-testing';
import { afterAll, beforeAll } from 'vitest';
import { integration } from '../src/integration.ts';
import { acmeSeed, type FakeGitHub, FakeOrg, OAUTH_APP } from './fake-github/index.ts';
import { envelopeFor, startFake } from './helpers.ts';

let fake: FakeGitHub;
beforeAll(async () => {
  fake = await startFake();
});
afterAll(async () => {
  await fake.close();
});

/** Puts the seeded organization back, so that each check starts from the same state. */
function resetOrg(): void {
  const fresh = new FakeOrg(acmeSeed());
  for (const key of ['users', 'members', 'invitations', 'teams', 'repos'] as const) {
    const target = fake.org[key] as Map<unknown, unknown>;
    target.clear();
    for (const [k, v] of fresh[key] as Map<unknown, unknown>) target.set(k, v);
  }
  fake.org.generation += 1;
}

runConformance(integration, () => ({
  fake: fake.app,
  beforeEach: resetOrg,
  envelope: (capability) => {
    // Small GitHub pages, so that every listing spans several upstream requests too.
    const base = envelopeFor(fake, {}, { settings: { page_size: 2 } });
    switch (capability) {
      case 'get_account':
      case 'delete_account':
        return { ...base, request: { account_id: 'ken' } };
      case 'create_account':
        return { ...base, request: { email: 'conformance@example.com', entitlements: [] } };
      case 'assign_entitlement':
      case 'unassign_entitlement':
        return { ...base, request: grant };
      case 'get_authorization_url':
        return {
          settings: base.settings,
          request: {
            client_id: OAUTH_APP.clientId,
            redirect_uri: OAUTH_APP.redirectUri,
            state: 's',
          },
        };
      case 'handle_authorization_callback':
        return {
          settings: base.settings,
          request: {
            client_id: OAUTH_APP.clientId,
            client_secret: OAUTH_APP.clientSecret,
            redirect_uri: OAUTH_APP.redirectUri,
            authorization_code: OAUTH_APP.code,
            code_verifier: 'v'.repeat(43),
          },
        };
      case 'refresh_access_token':
        return {
          settings: base.settings,
          request: {
            client_id: OAUTH_APP.clientId,
            client_secret: OAUTH_APP.clientSecret,
            refresh_token: OAUTH_APP.refreshToken,
          },
        };
      default:
        return base;
    }
  },
  grant,
}));

const grant = {
  account_integration_specific_id: 'ken',
  resource_integration_specific_id: 'team:security',
  resource_type: 'team',
  entitlement_type: 'team_membership',
  entitlement_integration_specific_id: 'team:security:member',
};
