import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  buildAuthorizationUrl,
  ConnectorError,
  clientCredentialsGrant,
  exchangeCode,
  pkceChallenge,
  Redactor,
  refreshAccessToken,
} from '../src/index.ts';
import { startTokenServer, type TokenServer } from './oauth-token-server.ts';

const CLIENT = { clientId: 'client-7c1e', clientSecret: 'client-secret-e93b20f4' };
const REDIRECT = 'https://platform.example/oauth/callback';

let server: TokenServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: Parameters<typeof startTokenServer>[0]): Promise<TokenServer> {
  server = await startTokenServer(options);
  return server;
}

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => {
      throw new Error('the call succeeded');
    },
    (e: unknown) => e,
  );
  if (!(error instanceof ConnectorError)) throw error;
  return error;
}

describe('buildAuthorizationUrl', () => {
  it('adds the standard parameters and a PKCE S256 challenge of the verifier it returns', () => {
    const result = buildAuthorizationUrl({
      authorizeUrl: 'https://auth.example/authorize?tenant=acme',
      clientId: 'client-7c1e',
      redirectUri: REDIRECT,
      state: 'state-31',
      scopes: ['read:org', 'read:user'],
      extraParams: { prompt: 'consent', state: 'ignored' },
    });
    const url = new URL(result.authorization_url);

    expect(result.code_verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tenant: 'acme',
      prompt: 'consent',
      response_type: 'code',
      client_id: 'client-7c1e',
      redirect_uri: REDIRECT,
      state: 'state-31',
      scope: 'read:org read:user',
      code_challenge: pkceChallenge(result.code_verifier!),
      code_challenge_method: 'S256',
    });
  });

  it('computes the RFC 7636 example challenge', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('leaves PKCE out when asked, and joins scopes with the app`s separator', () => {
    const result = buildAuthorizationUrl({
      authorizeUrl: 'https://auth.example/authorize',
      clientId: 'c',
      redirectUri: REDIRECT,
      state: 's',
      scopes: ['a', 'b'],
      scopeSeparator: ',',
      pkce: false,
    });

    expect(result).toEqual({
      authorization_url:
        'https://auth.example/authorize?response_type=code&client_id=c&redirect_uri=https%3A%2F%2Fplatform.example%2Foauth%2Fcallback&state=s&scope=a%2Cb',
    });
  });

  it('refuses an empty state', () => {
    expect(() =>
      buildAuthorizationUrl({
        authorizeUrl: 'https://auth.example/authorize',
        clientId: 'c',
        redirectUri: REDIRECT,
        state: '',
      }),
    ).toThrow(/non-empty `state`/);
  });
});

describe('exchangeCode', () => {
  it('exchanges a code with its PKCE verifier, as a form, with the client in the body', async () => {
    const token = await start({ clientAuth: 'body', format: 'form' });
    const { code_verifier } = buildAuthorizationUrl({
      authorizeUrl: `${token.url}/authorize`,
      clientId: CLIENT.clientId,
      redirectUri: REDIRECT,
      state: 's',
    });
    const code = token.issueCode({
      redirectUri: REDIRECT,
      challenge: pkceChallenge(code_verifier!),
      scope: 'read:org',
    });

    const result = await exchangeCode({
      tokenUrl: token.tokenUrl,
      clientAuth: 'body',
      tokenRequestFormat: 'form',
      ...CLIENT,
      code,
      redirectUri: REDIRECT,
      codeVerifier: code_verifier,
    });

    expect(result).toMatchObject({
      access_token: expect.stringMatching(/^at-/),
      refresh_token: expect.stringMatching(/^rt-/),
      token_type: 'bearer',
      expires_in: 3600,
      scope: 'read:org',
    });
    expect(token.requests).toEqual([
      {
        path: '/oauth/token',
        contentType: 'application/x-www-form-urlencoded;charset=UTF-8',
        authorization: undefined,
        accept: 'application/json',
        body: {
          grant_type: 'authorization_code',
          code,
          redirect_uri: REDIRECT,
          code_verifier,
          client_id: CLIENT.clientId,
          client_secret: CLIENT.clientSecret,
        },
      },
    ]);
  });

  it('sends JSON with basic client authentication when the app wants that', async () => {
    const token = await start({ clientAuth: 'basic', format: 'json' });
    const code = token.issueCode({ redirectUri: REDIRECT });

    const result = await exchangeCode({
      tokenUrl: token.tokenUrl,
      clientAuth: 'basic',
      tokenRequestFormat: 'json',
      ...CLIENT,
      code,
      redirectUri: REDIRECT,
    });

    expect(result.token_type).toBe('bearer');
    expect(token.requests[0]).toMatchObject({
      contentType: 'application/json',
      authorization: `Basic ${Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString('base64')}`,
      body: { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
    });
  });

  it('form-encodes the id and secret inside basic authentication (RFC 6749 2.3.1)', async () => {
    const token = await start({
      clientAuth: 'basic',
      format: 'form',
      clientId: 'id with space',
      clientSecret: 'p@ss:word/+',
    });

    await clientCredentialsGrant({
      tokenUrl: token.tokenUrl,
      clientAuth: 'basic',
      tokenRequestFormat: 'form',
      clientId: 'id with space',
      clientSecret: 'p@ss:word/+',
    });

    expect(token.requests[0]?.authorization).toBe(
      `Basic ${Buffer.from('id+with+space:p%40ss%3Aword%2F%2B').toString('base64')}`,
    );
  });

  it('answers unauthorized with the next step when the PKCE verifier does not match', async () => {
    const token = await start({ clientAuth: 'body', format: 'form' });
    const code = token.issueCode({
      redirectUri: REDIRECT,
      challenge: pkceChallenge('a'.repeat(43)),
    });

    const error = await failure(
      exchangeCode({
        tokenUrl: token.tokenUrl,
        clientAuth: 'body',
        tokenRequestFormat: 'form',
        appName: 'Acme',
        ...CLIENT,
        code,
        redirectUri: REDIRECT,
        codeVerifier: 'b'.repeat(43),
      }),
    );

    expect(error.code).toBe('unauthorized');
    expect(error.statusCode).toBe(400);
    expect(error.appErrorCode).toBe('oauth.invalid_grant');
    expect(error.message).toBe(
      `Acme's token endpoint (POST ${token.tokenUrl}) refused the authorization code (HTTP 400, invalid_grant: PKCE verification failed); the code is expired, already used, or was issued for another redirect_uri or code_verifier: start the authorization again`,
    );
  });

  it('answers unauthorized (invalid_client) when the client authenticates the wrong way', async () => {
    const token = await start({ clientAuth: 'basic', format: 'form' });

    const error = await failure(
      exchangeCode({
        tokenUrl: token.tokenUrl,
        clientAuth: 'body',
        tokenRequestFormat: 'form',
        ...CLIENT,
        code: token.issueCode({ redirectUri: REDIRECT }),
        redirectUri: REDIRECT,
      }),
    );

    expect(error.code).toBe('unauthorized');
    expect(error.statusCode).toBe(401);
    expect(error.message).toContain('(basic auth or the request body)');
  });
});

describe('clientCredentialsGrant', () => {
  it('asks for the scopes joined by spaces', async () => {
    const token = await start({ clientAuth: 'body', format: 'json' });

    const result = await clientCredentialsGrant({
      tokenUrl: token.tokenUrl,
      clientAuth: 'body',
      tokenRequestFormat: 'json',
      ...CLIENT,
      scopes: ['users:read', 'groups:read'],
    });

    expect(result.scope).toBe('users:read groups:read');
    expect(result.refresh_token).toBeUndefined();
    expect(token.requests[0]?.body).toEqual({
      grant_type: 'client_credentials',
      scope: 'users:read groups:read',
      client_id: CLIENT.clientId,
      client_secret: CLIENT.clientSecret,
    });
  });
});

describe('refreshAccessToken', () => {
  async function firstRefreshToken(token: TokenServer): Promise<string> {
    const result = await exchangeCode({
      tokenUrl: token.tokenUrl,
      clientAuth: 'body',
      tokenRequestFormat: 'form',
      ...CLIENT,
      code: token.issueCode({ redirectUri: REDIRECT }),
      redirectUri: REDIRECT,
    });
    return result.refresh_token!;
  }

  it('gets a new access token and the rotated refresh token', async () => {
    const token = await start({ clientAuth: 'body', format: 'form' });
    const refreshToken = await firstRefreshToken(token);

    const result = await refreshAccessToken({
      tokenUrl: token.tokenUrl,
      clientAuth: 'body',
      tokenRequestFormat: 'form',
      ...CLIENT,
      refreshToken,
    });

    expect(result.refresh_token).toMatch(/^rt-/);
    expect(result.refresh_token).not.toBe(refreshToken);
    expect(token.requests[1]?.body).toMatchObject({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
    });
  });

  it('answers authentication_expired for a revoked refresh token', async () => {
    const token = await start({ clientAuth: 'body', format: 'form' });
    const refreshToken = await firstRefreshToken(token);
    token.revokeRefreshToken(refreshToken);

    const error = await failure(
      refreshAccessToken({
        tokenUrl: token.tokenUrl,
        clientAuth: 'body',
        tokenRequestFormat: 'form',
        ...CLIENT,
        refreshToken,
      }),
    );

    expect(error.code).toBe('authentication_expired');
    expect(error.message).toContain('authorize the connector again');
  });
});

describe('token endpoint answers', () => {
  const request = (
    token: TokenServer,
    options: { errorCodes?: Record<string, 'unauthorized'> } = {},
  ) =>
    clientCredentialsGrant({
      tokenUrl: token.tokenUrl,
      clientAuth: 'body',
      tokenRequestFormat: 'form',
      ...CLIENT,
      ...options,
    });

  it('reads an error sent with status 200, and the app`s own error values', async () => {
    const token = await start({ clientAuth: 'body', format: 'form' });
    token.answerNext(
      200,
      '{"error":"bad_verification_code","error_description":"The code passed is incorrect or expired."}',
    );

    const error = await failure(
      request(token, { errorCodes: { bad_verification_code: 'unauthorized' } }),
    );

    expect(error.code).toBe('unauthorized');
    expect(error.appErrorCode).toBe('oauth.bad_verification_code');
    expect(error.message).toContain(
      'refused the client credentials (HTTP 200, bad_verification_code: The code passed is incorrect or expired.)',
    );
  });

  it('reads a form-encoded answer', async () => {
    const token = await start({ clientAuth: 'body', format: 'form' });
    token.answerNext(
      200,
      'access_token=at-form&token_type=bearer&scope=repo',
      'application/x-www-form-urlencoded',
    );

    expect(await request(token)).toEqual({
      access_token: 'at-form',
      token_type: 'bearer',
      scope: 'repo',
      raw: { access_token: 'at-form', token_type: 'bearer', scope: 'repo' },
    });
  });

  it('maps an HTML error page by its status', async () => {
    const token = await start({ clientAuth: 'body', format: 'form' });
    token.answerNext(502, '<html>Bad Gateway</html>', 'text/html');

    const error = await failure(request(token));

    expect([error.code, error.statusCode]).toEqual(['bad_gateway', 502]);
  });

  it('refuses a token type other than bearer', async () => {
    const token = await start({ clientAuth: 'body', format: 'form' });
    token.answerNext(200, '{"access_token":"at-mac","token_type":"mac"}');

    const error = await failure(request(token));

    expect(error.code).toBe('invalid_response');
    expect(error.message).toContain("issued a 'mac' token; only bearer tokens are supported");
  });

  it('answers invalid_response to a 200 without an access token', async () => {
    const token = await start({ clientAuth: 'body', format: 'form' });
    token.answerNext(200, '{"token_type":"bearer"}');

    expect((await failure(request(token))).code).toBe('invalid_response');
  });

  it('answers connection_rejected when nothing listens', async () => {
    const port = await freePort();

    const error = await failure(
      clientCredentialsGrant({
        tokenUrl: `http://127.0.0.1:${port}/oauth/token`,
        clientAuth: 'body',
        tokenRequestFormat: 'form',
        ...CLIENT,
      }),
    );

    expect(error.code).toBe('connection_rejected');
    expect(error.message).toContain('could not be reached');
  });

  it('gives every secret it sent and received to the redactor', async () => {
    const token = await start({ clientAuth: 'basic', format: 'form' });
    const redactor = new Redactor();

    const result = await clientCredentialsGrant({
      tokenUrl: token.tokenUrl,
      clientAuth: 'basic',
      tokenRequestFormat: 'form',
      ...CLIENT,
      redactor,
    });

    const text = `${CLIENT.clientSecret} ${result.access_token} ${token.requests[0]?.authorization}`;
    expect(redactor.redactText(text)).toBe('[REDACTED] [REDACTED] Basic [REDACTED]');
  });
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
