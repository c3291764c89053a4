import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small OAuth 2.0 authorization server on loopback, strict the way real ones are: it
 * checks the grant type, the client authentication method it was configured for, the body
 * format, PKCE S256 verifiers, redirect URIs, single-use codes and refresh token rotation.
 */
export interface TokenServerOptions {
  clientAuth: 'basic' | 'body';
  format: 'form' | 'json';
  clientId?: string;
  clientSecret?: string;
  /** Issue a new refresh token on refresh (rotation). @default true */
  rotateRefreshTokens?: boolean;
  /** Verifies a JWT-bearer assertion; returns the subject or throws. */
  verifyAssertion?: (assertion: string) => Promise<string>;
}

export interface RecordedRequest {
  path: string;
  contentType: string;
  authorization: string | undefined;
  accept: string | undefined;
  body: Record<string, string>;
}

export interface TokenServer {
  url: string;
  tokenUrl: string;
  requests: RecordedRequest[];
  /** Registers a code as the authorization endpoint would after the user consents. */
  issueCode(options: { redirectUri: string; challenge?: string; scope?: string }): string;
  /** Answers the next token request with this status and raw body instead. */
  answerNext(status: number, body: string, contentType?: string): void;
  revokeRefreshToken(token: string): void;
  close(): Promise<void>;
}

interface Grant {
  redirectUri: string;
  challenge: string | undefined;
  scope: string | undefined;
}

export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const clientId = options.clientId ?? 'client-7c1e';
  const clientSecret = options.clientSecret ?? 'client-secret-e93b20f4';
  const codes = new Map<string, Grant>();
  const refreshTokens = new Set<string>();
  const requests: RecordedRequest[] = [];
  let canned: { status: number; body: string; contentType: string } | undefined;

  const issueTokens = (scope: string | undefined, refresh: boolean) => {
    const tokens: Record<string, unknown> = {
      access_token: `at-${randomUUID()}`,
      token_type: 'Bearer',
      expires_in: 3600,
    };
    if (scope !== undefined) tokens.scope = scope;
    if (refresh) {
      const refreshToken = `rt-${randomUUID()}`;
      refreshTokens.add(refreshToken);
      tokens.refresh_token = refreshToken;
    }
    return tokens;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const send = (status: number, body: Record<string, unknown>) => {
      response.writeHead(status, {
        'content-type': 'application/json',
        'cache-control': 'no-store',
      });
      response.end(JSON.stringify(body));
    };
    const fail = (status: number, error: string, description: string) =>
      send(status, { error, error_description: description });

    const text = await readBody(request);
    const contentType = request.headers['content-type'] ?? '';
    const body: Record<string, string> = contentType.startsWith('application/json')
      ? (JSON.parse(text) as Record<string, string>)
      : Object.fromEntries(new URLSearchParams(text));
    requests.push({
      path: request.url ?? '',
      contentType,
      authorization: request.headers.authorization,
      accept: request.headers.accept,
      body,
    });

    if (canned !== undefined) {
      const { status, body: raw, contentType: type } = canned;
      canned = undefined;
      response.writeHead(status, { 'content-type': type });
      response.end(raw);
      return;
    }
    if (request.method !== 'POST' || request.url !== '/oauth/token') {
      return fail(404, 'invalid_request', 'no such endpoint');
    }
    const expectedType =
      options.format === 'json' ? 'application/json' : 'application/x-www-form-urlencoded';
    if (!contentType.startsWith(expectedType)) {
      return fail(400, 'invalid_request', `expected ${expectedType}, got ${contentType}`);
    }

    const grantType = body.grant_type;
    const authenticated = authenticate(request, body);
    if (grantType !== 'urn:ietf:params:oauth:grant-type:jwt-bearer' && !authenticated) {
      return fail(401, 'invalid_client', 'client authentication failed');
    }
    switch (grantType) {
      case 'authorization_code': {
        const grant = codes.get(body.code ?? '');
        codes.delete(body.code ?? '');
        if (grant === undefined) return fail(400, 'invalid_grant', 'unknown or used code');
        if (grant.redirectUri !== body.redirect_uri) {
          return fail(400, 'invalid_grant', 'redirect_uri mismatch');
        }
        if (grant.challenge !== undefined) {
          const verifier = body.code_verifier ?? '';
          const challenge = createHash('sha256').update(verifier).digest('base64url');
          if (challenge !== grant.challenge) {
            return fail(400, 'invalid_grant', 'PKCE verification failed');
          }
        }
        return send(200, issueTokens(grant.scope, true));
      }
      case 'client_credentials':
        return send(200, issueTokens(body.scope, false));
      case 'refresh_token': {
        const token = body.refresh_token ?? '';
        if (!refreshTokens.has(token)) {
          return fail(400, 'invalid_grant', 'refresh token is invalid, expired or revoked');
        }
        const rotate = options.rotateRefreshTokens ?? true;
        if (rotate) refreshTokens.delete(token);
        return send(200, issueTokens(body.scope, rotate));
      }
      case 'urn:ietf:params:oauth:grant-type:jwt-bearer': {
        try {
          const subject = await options.verifyAssertion!(body.assertion ?? '');
          return send(200, { ...issueTokens(body.scope, false), subject });
        } catch (error) {
          return fail(400, 'invalid_grant', `assertion rejected: ${(error as Error).message}`);
        }
      }
      default:
        return fail(400, 'unsupported_grant_type', `grant_type ${String(grantType)}`);
    }
  };

  const authenticate = (request: IncomingMessage, body: Record<string, string>): boolean => {
    if (options.clientAuth === 'basic') {
      if (body.client_secret !== undefined) return false;
      const header = request.headers.authorization ?? '';
      const [id, secret] = Buffer.from(header.replace(/^Basic /, ''), 'base64')
        .toString()
        .split(':')
        .map((part) => decodeURIComponent(part.replace(/\+/g, ' ')));
      return header.startsWith('Basic ') && id === clientId && secret === clientSecret;
    }
    if (request.headers.authorization !== undefined) return false;
    return body.client_id === clientId && body.client_secret === clientSecret;
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    tokenUrl: `${url}/oauth/token`,
    requests,
    issueCode({ redirectUri, challenge, scope }) {
      const code = `code-${randomUUID()}`;
      codes.set(code, { redirectUri, challenge, scope });
      return code;
    },
    answerNext(status, body, contentType = 'application/json') {
      canned = { status, body, contentType };
    },
    revokeRefreshToken(token) {
      refreshTokens.delete(token);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
