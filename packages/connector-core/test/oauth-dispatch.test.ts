import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  defineIntegration,
  isErrorEnvelope,
  pkceChallenge,
  registerOAuth,
  type SuccessEnvelope,
} from '../src/index.ts';
import { startTokenServer, type TokenServer } from './oauth-token-server.ts';

const CLIENT_ID = 'client-7c1e';
const CLIENT_SECRET = 'client-secret-e93b20f4';
const REDIRECT = 'https://platform.example/oauth/callback';

let server: TokenServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A connector whose OAuth endpoints live on a per-tenant domain from its settings. */
async function sample(
  options: { grants?: ('authorization_code' | 'client_credentials' | 'refresh_token')[] } = {},
  serverOptions: { rotateRefreshTokens?: boolean } = {},
) {
  server = await startTokenServer({ clientAuth: 'basic', format: 'form', ...serverOptions });
  const integration = defineIntegration({
    appId: 'sample',
    version: '1.0.0',
    name: 'Sample',
    description: 'A sample app',
    auth: 'oauth',
    settings: z.object({ domain: z.string() }),
  });
  integration.register('validate_credentials', async () => ({
    response: { valid: true, unique_tenant_id: 'acme' },
  }));
  registerOAuth(integration, {
    authorizeUrl: (settings) => `${settings.domain}/oauth/authorize`,
    tokenUrl: (settings) => `${settings.domain}/oauth/token`,
    scopes: ['users:read'],
    clientAuth: 'basic',
    tokenRequestFormat: 'form',
    ...options,
  });
  return { integration, token: server };
}

function call(request: Record<string, unknown>, token: TokenServer) {
  return { request, settings: { domain: token.url } };
}

function success<T>(result: unknown): T {
  if (isErrorEnvelope(result))
    throw new Error(`${result.error.error_code}: ${result.error.message}`);
  return (result as SuccessEnvelope<T>).response;
}

describe('registerOAuth', () => {
  it('registers the authorization code and refresh capabilities by default', async () => {
    const { integration } = await sample();

    expect(integration.capabilityNames).toEqual([
      'get_authorization_url',
      'handle_authorization_callback',
      'refresh_access_token',
      'validate_credentials',
    ]);
  });

  it('runs the authorization code flow with PKCE through dispatch, without a credential', async () => {
    const { integration, token } = await sample();

    const start = success<{ authorization_url: string; code_verifier: string }>(
      await integration.dispatch(
        'get_authorization_url',
        call({ client_id: CLIENT_ID, redirect_uri: REDIRECT, state: 'st-1' }, token),
      ),
    );
    const url = new URL(start.authorization_url);
    expect(`${url.origin}${url.pathname}`).toBe(`${token.url}/oauth/authorize`);
    expect(url.searchParams.get('scope')).toBe('users:read');
    expect(url.searchParams.get('code_challenge')).toBe(pkceChallenge(start.code_verifier));

    const code = token.issueCode({
      redirectUri: REDIRECT,
      challenge: url.searchParams.get('code_challenge')!,
    });
    const tokens = success<Record<string, string>>(
      await integration.dispatch(
        'handle_authorization_callback',
        call(
          {
            client_id: CLIENT_ID,
            client_secret: CLIENT_SECRET,
            redirect_uri: REDIRECT,
            authorization_code: code,
            code_verifier: start.code_verifier,
            state: 'st-1',
          },
          token,
        ),
      ),
    );

    expect(tokens).toEqual({
      access_token: expect.stringMatching(/^at-/),
      refresh_token: expect.stringMatching(/^rt-/),
      token_type: 'bearer',
      state: 'st-1',
    });
  });

  it('asks for the code_verifier before calling the app', async () => {
    const { integration, token } = await sample();

    const result = await integration.dispatch(
      'handle_authorization_callback',
      call(
        {
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
          redirect_uri: REDIRECT,
          authorization_code: 'code-1',
        },
        token,
      ),
    );

    expect(isErrorEnvelope(result) && result.error.error_code).toBe('bad_request');
    expect(token.requests).toEqual([]);
  });

  it('hands the old refresh token back when the app does not rotate it', async () => {
    const { integration, token } = await sample({}, { rotateRefreshTokens: false });
    const code = token.issueCode({ redirectUri: REDIRECT });
    const first = success<{ refresh_token: string }>(
      await integration.dispatch(
        'handle_authorization_callback',
        call(
          {
            client_id: CLIENT_ID,
            client_secret: CLIENT_SECRET,
            redirect_uri: REDIRECT,
            authorization_code: code,
            code_verifier: 'v'.repeat(43),
          },
          token,
        ),
      ),
    );

    const refreshed = success<Record<string, string>>(
      await integration.dispatch(
        'refresh_access_token',
        call(
          {
            client_id: CLIENT_ID,
            client_secret: CLIENT_SECRET,
            refresh_token: first.refresh_token,
          },
          token,
        ),
      ),
    );

    expect(refreshed).toEqual({
      access_token: expect.stringMatching(/^at-/),
      refresh_token: first.refresh_token,
      token_type: 'bearer',
    });
  });

  it('offers the client credentials grant when asked to', async () => {
    const { integration, token } = await sample({ grants: ['client_credentials'] });

    const tokens = success<Record<string, string>>(
      await integration.dispatch(
        'handle_client_credentials_request',
        call({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scopes: ['a', 'b'] }, token),
      ),
    );

    expect(tokens).toEqual({ access_token: expect.stringMatching(/^at-/), token_type: 'bearer' });
    expect(token.requests[0]?.body).toEqual({ grant_type: 'client_credentials', scope: 'a b' });
    expect(integration.capabilityNames).not.toContain('get_authorization_url');
  });

  it('keeps every secret out of the error envelope, even one the app echoes back', async () => {
    const { integration, token } = await sample();
    const refreshToken = 'rt-canary-0b5c7d19';
    token.answerNext(
      400,
      JSON.stringify({
        error: 'invalid_grant',
        error_description: `refresh token ${refreshToken} of client secret ${CLIENT_SECRET} revoked`,
      }),
    );

    const result = await integration.dispatch(
      'refresh_access_token',
      call(
        { client_id: CLIENT_ID, client_secret: CLIENT_SECRET, refresh_token: refreshToken },
        token,
      ),
    );

    expect(result).toEqual({
      is_error: true,
      error: {
        app_id: 'sample',
        error_code: 'authentication_expired',
        status_code: 400,
        app_error_code: 'oauth.invalid_grant',
        message: `Sample's token endpoint (POST ${token.url}/oauth/token) refused the refresh token (HTTP 400, invalid_grant: refresh token [REDACTED] of client secret [REDACTED] revoked); the refresh token is expired or revoked: authorize the connector again`,
        raised_by: 'ConnectorError',
        raised_in: 'token-error:tokenEndpointError',
      },
      raw_data: null,
      page: null,
    });
  });
});
