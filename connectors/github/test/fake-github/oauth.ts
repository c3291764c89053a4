import type { FakeApp, FakeRequest, FakeResponse } from '@grantkit/connector-testing';

/** The OAuth app the fake knows, and the code its authorization page would hand out. */
export const OAUTH_APP = {
  clientId: 'Iv1.0123456789abcdef',
  clientSecret: 'oauth-client-secret-0123456789',
  code: 'authorization-code-from-github',
  redirectUri: 'https://grantkit.example/callback',
  accessToken: 'ghu_userAccessToken00000000000000000001',
  refreshToken: 'ghr_refreshToken0000000000000000000000001',
} as const;

/**
 * GitHub's token endpoint (`POST /login/oauth/access_token` on the web host): form-encoded
 * requests, and an answer in JSON only when asked with `Accept: application/json` (else
 * form encoding). Failures are answered 200 with an `error` field, as GitHub does.
 */
export function registerOAuthRoutes(app: FakeApp): void {
  app.route('POST', '/login/oauth/access_token', token, { auth: false });
}

function token(request: FakeRequest): FakeResponse {
  const form = (request.body ?? {}) as Record<string, string>;
  const answer = (body: Record<string, string | number>): FakeResponse => {
    const json = String(request.headers.accept ?? '').includes('application/json');
    if (json) return { body };
    const text = new URLSearchParams(
      Object.entries(body).map(([key, value]): [string, string] => [key, String(value)]),
    ).toString();
    return { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: text };
  };

  if (form.client_id !== OAUTH_APP.clientId || form.client_secret !== OAUTH_APP.clientSecret) {
    return answer({
      error: 'incorrect_client_credentials',
      error_description: 'The client_id and/or client_secret passed are incorrect.',
    });
  }
  const valid =
    form.grant_type === 'refresh_token'
      ? form.refresh_token === OAUTH_APP.refreshToken
      : form.code === OAUTH_APP.code && form.redirect_uri === OAUTH_APP.redirectUri;
  if (!valid) {
    return answer({
      error: form.grant_type === 'refresh_token' ? 'bad_refresh_token' : 'bad_verification_code',
      error_description: 'The code passed is incorrect or expired.',
    });
  }
  return answer({
    access_token: OAUTH_APP.accessToken,
    expires_in: 28_800,
    refresh_token: OAUTH_APP.refreshToken,
    refresh_token_expires_in: 15_811_200,
    scope: 'read:org,admin:org,repo',
    token_type: 'bearer',
  });
}
