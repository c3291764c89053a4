import { expectError, expectSuccess } from '@grantkit/connector-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGitHub, OAUTH_APP } from './fake-github/index.ts';
import { call, startFake } from './helpers.ts';

let fake: FakeGitHub;
beforeAll(async () => {
  // Served as GitHub Enterprise Server: the OAuth pages are on the server's own origin.
  fake = await startFake({ prefix: '/api/v3' });
});
afterAll(async () => {
  await fake.close();
});

const settings = () => ({ organization: 'acme', api_base_url: fake.apiBaseUrl });

describe('OAuth', () => {
  it("builds github.com's authorization URL with the scopes and PKCE", async () => {
    const answer = await call('get_authorization_url', {
      settings: { organization: 'acme' },
      request: {
        client_id: OAUTH_APP.clientId,
        redirect_uri: OAUTH_APP.redirectUri,
        state: 'state-123',
      },
    });
    const { authorization_url: url, code_verifier } = expectSuccess<{
      authorization_url: string;
      code_verifier: string;
    }>(answer);
    const parsed = new URL(url);
    expect(`${parsed.origin}${parsed.pathname}`).toBe('https://github.com/login/oauth/authorize');
    expect(parsed.searchParams.get('scope')).toBe('read:org admin:org repo');
    expect(parsed.searchParams.get('state')).toBe('state-123');
    expect(parsed.searchParams.get('code_challenge_method')).toBe('S256');
    expect(code_verifier.length).toBeGreaterThanOrEqual(43);
  });

  it('exchanges the code at the server of GitHub Enterprise, asking for JSON', async () => {
    const answer = await call('handle_authorization_callback', {
      settings: settings(),
      request: {
        client_id: OAUTH_APP.clientId,
        client_secret: OAUTH_APP.clientSecret,
        redirect_uri: OAUTH_APP.redirectUri,
        authorization_code: OAUTH_APP.code,
        code_verifier: 'v'.repeat(43),
        state: 'state-123',
      },
    });
    expect(expectSuccess(answer)).toEqual({
      access_token: OAUTH_APP.accessToken,
      refresh_token: OAUTH_APP.refreshToken,
      token_type: 'bearer',
      state: 'state-123',
    });
    const sent = fake.app.requestsTo('POST /login/oauth/access_token')[0];
    expect(sent?.headers.accept).toContain('application/json');
    expect(sent?.headers['content-type']).toContain('application/x-www-form-urlencoded');
  });

  it("maps GitHub's 200-with-error answers, without echoing a secret", async () => {
    const answer = await call('refresh_access_token', {
      settings: settings(),
      request: {
        client_id: OAUTH_APP.clientId,
        client_secret: OAUTH_APP.clientSecret,
        refresh_token: 'ghr_revokedRefreshToken000000000000000',
      },
    });
    const error = expectError(answer);
    expect(error.error_code).toBe('authentication_expired');
    expect(JSON.stringify(error)).not.toContain('ghr_revoked');
    expect(JSON.stringify(error)).not.toContain(OAUTH_APP.clientSecret);
  });

  it('uses the OAuth access token for API calls', async () => {
    const token = 'ghu_oauthUserToken000000000000000000001';
    const withOAuth = await startFake({ tokens: { [token]: { scopes: ['read:org'] } } });
    try {
      const answer = await call('validate_credentials', {
        auth: { oauth: { access_token: token } },
        settings: { organization: 'acme', api_base_url: withOAuth.apiBaseUrl },
        request: {},
      });
      expect(expectSuccess(answer)).toEqual({ valid: true, unique_tenant_id: '9100001' });
    } finally {
      await withOAuth.close();
    }
  });
});
