import ky from 'ky';
import { ConnectorError } from '../errors/connector-error.ts';
import { networkErrorHandler, timeoutErrorHandler } from '../errors/error-handlers.ts';
import { type Redactor, redactUrl } from '../errors/redactor.ts';
import type { ErrorCode } from '../protocol/error-codes.ts';
import { type GrantType, grantLabel, tokenEndpointError } from './token-error.ts';

/** How the client sends its id and secret (RFC 6749 section 2.3.1). */
export type ClientAuthMethod = 'body' | 'basic';
/** How the token request body is written: RFC 6749 form encoding, or JSON for a few apps. */
export type TokenRequestFormat = 'form' | 'json';

export interface TokenEndpointOptions {
  tokenUrl: string | URL;
  /** `basic`: an `Authorization: Basic` header; `body`: `client_id` and `client_secret` fields. */
  clientAuth: ClientAuthMethod;
  tokenRequestFormat: TokenRequestFormat;
  /** More headers for the token request. `Accept: application/json` is always sent. */
  headers?: Readonly<Record<string, string>> | undefined;
  /** @default 10_000 (milliseconds) */
  timeout?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Receives every secret sent and received, so that logs and errors never show them. */
  redactor?: Redactor | undefined;
  /** The app's own `error` values mapped to protocol codes, e.g. GitHub's `bad_verification_code`. */
  errorCodes?: Readonly<Record<string, ErrorCode>> | undefined;
  /** The app's name for messages, e.g. `Okta`. @default 'The app' */
  appName?: string | undefined;
}

export interface OAuthClient {
  clientId: string;
  /** Left out for a public client (PKCE) or a grant that needs no client authentication. */
  clientSecret?: string | undefined;
}

/** A successful token response (RFC 6749 section 5.1), with the raw body for app fields. */
export interface TokenResponse {
  access_token: string;
  /** Always `bearer`: another token type is refused as an invalid response. */
  token_type: 'bearer';
  expires_in?: number;
  refresh_token?: string;
  scope?: string;
  id_token?: string;
  /** The whole body, e.g. for GitHub's `refresh_token_expires_in`. */
  raw: Readonly<Record<string, unknown>>;
}

export interface TokenRequestOptions extends TokenEndpointOptions {
  grantType: GrantType;
  /** The grant's own parameters; undefined values are left out. */
  params: Readonly<Record<string, string | undefined>>;
  client?: OAuthClient | undefined;
}

/**
 * Sends one token request and reads its answer. Errors (`error`, `error_description` of
 * RFC 6749, also in a 200 answer as GitHub sends them) become ConnectorErrors with a clear
 * code. Never retried: an authorization code is single-use and a rotated refresh token
 * dies on first use, so a blind retry could lose the grant; the caller retries on a
 * retryable code.
 */
export async function requestToken(options: TokenRequestOptions): Promise<TokenResponse> {
  const url = new URL(options.tokenUrl);
  const where = `${options.appName ?? 'The app'}'s token endpoint (POST ${redactUrl(url)})`;
  const redactor = options.redactor;
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  const params: Record<string, string> = { grant_type: options.grantType };

  for (const [key, value] of Object.entries(options.params)) {
    if (value !== undefined) params[key] = value;
  }
  const client = options.client;
  if (client !== undefined) {
    redactor?.add(client.clientSecret);
    if (options.clientAuth === 'basic') {
      const header = basicAuthorization(client);
      redactor?.add(header.slice('Basic '.length));
      headers.authorization = header;
    } else {
      params.client_id = client.clientId;
      if (client.clientSecret !== undefined) params.client_secret = client.clientSecret;
    }
  }

  const response = await send(url, where, params, headers, options);
  const text = await response.text().catch((error: unknown) => {
    throw wrapNetworkError(error, where, options.appName) ?? error;
  });
  const body = parseBody(text, response.headers.get('content-type'));
  const error = body?.error;
  if (!response.ok || typeof error === 'string') {
    throw tokenEndpointError({
      where,
      grant: options.grantType,
      status: response.status,
      error: typeof error === 'string' ? error : undefined,
      description: typeof body?.error_description === 'string' ? body.error_description : undefined,
      errorCodes: options.errorCodes,
    });
  }
  return readTokenResponse(body, where, options.grantType, redactor);
}

async function send(
  url: URL,
  where: string,
  params: Record<string, string>,
  headers: Record<string, string>,
  options: TokenRequestOptions,
): Promise<Response> {
  try {
    return await ky.post(url, {
      ...(options.tokenRequestFormat === 'json'
        ? { json: params }
        : { body: new URLSearchParams(params) }),
      headers,
      retry: 0,
      throwHttpErrors: false,
      timeout: options.timeout ?? 10_000,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (error) {
    throw wrapNetworkError(error, where, options.appName) ?? error;
  }
}

function wrapNetworkError(
  error: unknown,
  where: string,
  appName: string | undefined,
): ConnectorError | undefined {
  const context = { appId: 'oauth', appName: appName ?? 'The app', capability: 'token' };
  const mapped = networkErrorHandler(error, context) ?? timeoutErrorHandler(error, context);
  if (mapped === undefined) return undefined;
  return new ConnectorError(mapped.code, `${where} could not be reached: ${mapped.message}`, {
    cause: error,
  });
}

/**
 * RFC 6749 section 2.3.1: id and secret are form-encoded before they are joined, which
 * matters only for ids and secrets with characters outside letters, digits and `-._~`.
 */
function basicAuthorization(client: OAuthClient): string {
  const encode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
  const pair = `${encode(client.clientId)}:${encode(client.clientSecret ?? '')}`;
  return `Basic ${Buffer.from(pair).toString('base64')}`;
}

function parseBody(text: string, contentType: string | null): Record<string, unknown> | undefined {
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function readTokenResponse(
  body: Record<string, unknown> | undefined,
  where: string,
  grant: GrantType,
  redactor: Redactor | undefined,
): TokenResponse {
  const invalid = (what: string) =>
    new ConnectorError(
      'invalid_response',
      `${where} answered the ${grantLabel(grant)} with ${what}; check the token URL setting`,
    );
  if (body === undefined) throw invalid('a body that is not a JSON object');
  const { access_token, token_type, expires_in, refresh_token, scope, id_token } = body;
  if (typeof access_token !== 'string' || access_token === '') {
    throw invalid('no access_token');
  }
  redactor?.add(access_token);
  if (typeof refresh_token === 'string') redactor?.add(refresh_token);
  if (typeof id_token === 'string') redactor?.add(id_token);

  // RFC 6749 requires token_type, but some apps leave it out of bearer-only answers.
  if (token_type !== undefined && String(token_type).toLowerCase() !== 'bearer') {
    throw new ConnectorError(
      'invalid_response',
      `${where} issued a '${String(token_type)}' token; only bearer tokens are supported`,
    );
  }
  const token: TokenResponse = { access_token, token_type: 'bearer', raw: body };
  const lifetime = typeof expires_in === 'string' ? Number(expires_in) : expires_in;
  if (typeof lifetime === 'number' && Number.isFinite(lifetime)) token.expires_in = lifetime;
  if (typeof refresh_token === 'string' && refresh_token !== '') {
    token.refresh_token = refresh_token;
  }
  if (typeof scope === 'string') token.scope = scope;
  if (typeof id_token === 'string') token.id_token = id_token;
  return token;
}

//// The grants ////

export interface ExchangeCodeOptions extends TokenEndpointOptions, OAuthClient {
  code: string;
  redirectUri: string;
  /** The PKCE verifier `buildAuthorizationUrl` returned, when PKCE was used. */
  codeVerifier?: string | undefined;
  extraParams?: Readonly<Record<string, string>> | undefined;
}

/** Exchanges an authorization code for tokens (RFC 6749 section 4.1.3, RFC 7636). */
export function exchangeCode(options: ExchangeCodeOptions): Promise<TokenResponse> {
  options.redactor?.add(options.code, options.codeVerifier);
  return requestToken({
    ...options,
    grantType: 'authorization_code',
    client: clientOf(options),
    params: {
      ...options.extraParams,
      code: options.code,
      redirect_uri: options.redirectUri,
      code_verifier: options.codeVerifier,
    },
  });
}

export interface ClientCredentialsGrantOptions extends TokenEndpointOptions, OAuthClient {
  scopes?: readonly string[] | undefined;
  /** @default ' ' */
  scopeSeparator?: string | undefined;
  extraParams?: Readonly<Record<string, string>> | undefined;
}

/** Gets a token for the client itself (RFC 6749 section 4.4). */
export function clientCredentialsGrant(
  options: ClientCredentialsGrantOptions,
): Promise<TokenResponse> {
  return requestToken({
    ...options,
    grantType: 'client_credentials',
    client: clientOf(options),
    params: { ...options.extraParams, scope: joinScopes(options.scopes, options.scopeSeparator) },
  });
}

export interface RefreshAccessTokenOptions extends TokenEndpointOptions, OAuthClient {
  refreshToken: string;
  /** Narrower scopes than the original grant; left out to keep them. */
  scopes?: readonly string[] | undefined;
  /** @default ' ' */
  scopeSeparator?: string | undefined;
}

/**
 * Gets a new access token with a refresh token (RFC 6749 section 6). When the answer has no
 * new refresh token, the old one stays valid; the answer does not repeat it.
 */
export function refreshAccessToken(options: RefreshAccessTokenOptions): Promise<TokenResponse> {
  options.redactor?.add(options.refreshToken);
  return requestToken({
    ...options,
    grantType: 'refresh_token',
    client: clientOf(options),
    params: {
      refresh_token: options.refreshToken,
      scope: joinScopes(options.scopes, options.scopeSeparator),
    },
  });
}

export interface JwtBearerGrantOptions extends TokenEndpointOptions {
  /** A signed JWT, e.g. from `signJwtAssertion`. */
  assertion: string;
  /** Client authentication, for apps that want it besides the assertion. */
  client?: OAuthClient | undefined;
  scopes?: readonly string[] | undefined;
  /** @default ' ' */
  scopeSeparator?: string | undefined;
}

/** Gets a token with a signed JWT (RFC 7523 section 2.1). */
export function jwtBearerGrant(options: JwtBearerGrantOptions): Promise<TokenResponse> {
  options.redactor?.add(options.assertion);
  return requestToken({
    ...options,
    grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    params: {
      assertion: options.assertion,
      scope: joinScopes(options.scopes, options.scopeSeparator),
    },
  });
}

function clientOf(options: OAuthClient): OAuthClient {
  return { clientId: options.clientId, clientSecret: options.clientSecret };
}

function joinScopes(scopes: readonly string[] | undefined, separator = ' '): string | undefined {
  return scopes === undefined || scopes.length === 0 ? undefined : scopes.join(separator);
}
