import type { z } from 'zod';
import { ConnectorError } from '../errors/connector-error.ts';
import type { Integration } from '../integration/integration.ts';
import type { AnySettingsSchema } from '../integration/types.ts';
import type { CapabilityResponse } from '../protocol/capabilities.ts';
import type { ErrorCode } from '../protocol/error-codes.ts';
import { buildAuthorizationUrl } from './authorization-url.ts';
import {
  type ClientAuthMethod,
  clientCredentialsGrant,
  exchangeCode,
  refreshAccessToken,
  type TokenEndpointOptions,
  type TokenRequestFormat,
  type TokenResponse,
} from './token-request.ts';

/** A URL, fixed or computed from the connector's settings (e.g. an Okta domain). */
export type SettingsUrl<Settings> = string | ((settings: Settings) => string);

/** The OAuth grants `registerOAuth` can offer as capabilities. */
export type OAuthGrant = 'authorization_code' | 'client_credentials' | 'refresh_token';

export interface OAuthOptions<Settings> {
  /** The authorization endpoint; needed for the `authorization_code` grant. */
  authorizeUrl?: SettingsUrl<Settings>;
  tokenUrl: SettingsUrl<Settings>;
  /** Scopes asked for when the request names none. @default [] */
  scopes?: readonly string[];
  /** @default ' ' */
  scopeSeparator?: string;
  /** PKCE S256 in the authorization code flow. @default true */
  pkce?: boolean;
  clientAuth: ClientAuthMethod;
  tokenRequestFormat: TokenRequestFormat;
  /** More query parameters of the authorization URL, e.g. `{ access_type: 'offline' }`. */
  extraAuthorizeParams?: Readonly<Record<string, string>>;
  /**
   * Which grants to offer. `authorization_code` registers `get_authorization_url` and
   * `handle_authorization_callback`; `client_credentials` registers
   * `handle_client_credentials_request`; `refresh_token` registers `refresh_access_token`.
   * @default ['authorization_code', 'refresh_token']
   */
  grants?: readonly OAuthGrant[];
  /** More headers for token requests. */
  tokenHeaders?: Readonly<Record<string, string>>;
  /** The app's own token `error` values, mapped to protocol codes. */
  errorCodes?: Readonly<Record<string, ErrorCode>>;
  /** Token request timeout in milliseconds. @default 10_000 */
  timeout?: number;
}

type OAuthResponse = CapabilityResponse<'refresh_access_token'>;

/**
 * Registers the standard OAuth capabilities of the protocol on an integration, from its
 * OAuth settings. Every client secret, code, verifier and token of a call is added to the
 * call's redactor, so none can appear in an error or a log.
 */
export function registerOAuth<S extends AnySettingsSchema>(
  integration: Integration<S>,
  options: OAuthOptions<z.output<S>>,
): Integration<S> {
  const grants = new Set(options.grants ?? ['authorization_code', 'refresh_token']);
  const endpoint = (
    settings: z.output<S>,
    signal: AbortSignal,
    redactor: TokenEndpointOptions['redactor'],
  ): TokenEndpointOptions => ({
    tokenUrl: resolveUrl(options.tokenUrl, settings, 'tokenUrl'),
    clientAuth: options.clientAuth,
    tokenRequestFormat: options.tokenRequestFormat,
    headers: options.tokenHeaders,
    timeout: options.timeout,
    errorCodes: options.errorCodes,
    appName: integration.name,
    signal,
    redactor,
  });

  if (grants.has('authorization_code')) {
    const authorizeUrl = options.authorizeUrl;
    if (authorizeUrl === undefined) {
      throw new TypeError(
        `registerOAuth(${integration.appId}): the authorization_code grant needs authorizeUrl`,
      );
    }
    integration.register('get_authorization_url', async ({ request, settings }) => ({
      response: buildAuthorizationUrl({
        authorizeUrl: resolveUrl(authorizeUrl, settings, 'authorizeUrl'),
        clientId: request.client_id,
        redirectUri: request.redirect_uri,
        state: request.state,
        scopes: request.scopes ?? options.scopes,
        scopeSeparator: options.scopeSeparator,
        pkce: options.pkce,
        extraParams: options.extraAuthorizeParams,
      }),
    }));

    integration.register(
      'handle_authorization_callback',
      async ({ request, settings, signal, redactor }) => {
        const codeVerifier = request.code_verifier ?? undefined;
        if (options.pkce !== false && codeVerifier === undefined) {
          throw new ConnectorError(
            'bad_request',
            'handle_authorization_callback needs the `code_verifier` that ' +
              'get_authorization_url returned: this connector uses PKCE',
          );
        }
        const token = await exchangeCode({
          ...endpoint(settings, signal, redactor),
          clientId: request.client_id,
          clientSecret: request.client_secret,
          code: request.authorization_code,
          redirectUri: request.redirect_uri,
          codeVerifier,
        });
        return { response: protocolToken(token, request.state) };
      },
    );
  }

  if (grants.has('client_credentials')) {
    integration.register(
      'handle_client_credentials_request',
      async ({ request, settings, signal, redactor }) => {
        const token = await clientCredentialsGrant({
          ...endpoint(settings, signal, redactor),
          clientId: request.client_id,
          clientSecret: request.client_secret,
          scopes: request.scopes ?? options.scopes,
          scopeSeparator: options.scopeSeparator,
        });
        return { response: protocolToken(token, undefined) };
      },
    );
  }

  if (grants.has('refresh_token')) {
    integration.register(
      'refresh_access_token',
      async ({ request, settings, signal, redactor }) => {
        const token = await refreshAccessToken({
          ...endpoint(settings, signal, redactor),
          clientId: request.client_id,
          clientSecret: request.client_secret,
          refreshToken: request.refresh_token,
        });
        // No new refresh token means the old one stays valid (RFC 6749 section 6): hand it
        // back, so a caller that stores what it gets keeps a working one.
        token.refresh_token ??= request.refresh_token;
        return { response: protocolToken(token, request.state) };
      },
    );
  }
  return integration;
}

function resolveUrl<Settings>(
  url: SettingsUrl<Settings>,
  settings: Settings,
  name: string,
): string {
  const value = typeof url === 'function' ? url(settings) : url;
  if (!URL.canParse(value)) {
    throw new ConnectorError(
      'bad_request',
      `The OAuth ${name} '${value}' is not an absolute URL; check the connector's settings`,
    );
  }
  return value;
}

function protocolToken(token: TokenResponse, state: string | null | undefined): OAuthResponse {
  const response: OAuthResponse = { access_token: token.access_token, token_type: 'bearer' };
  if (token.refresh_token !== undefined) response.refresh_token = token.refresh_token;
  if (typeof state === 'string') response.state = state;
  return response;
}
