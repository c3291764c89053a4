import { ConnectorError } from '../errors/connector-error.ts';
import { createPkcePair } from './pkce.ts';

export interface AuthorizationUrlOptions {
  /** The app's authorization endpoint; its own query parameters are kept. */
  authorizeUrl: string | URL;
  clientId: string;
  redirectUri: string;
  /** Echoed back on the redirect; the caller checks it there (CSRF). Must not be empty. */
  state: string;
  scopes?: readonly string[] | undefined;
  /** @default ' ' (RFC 6749); a few apps want ',' */
  scopeSeparator?: string | undefined;
  /** Adds a PKCE S256 challenge and returns its verifier. @default true */
  pkce?: boolean | undefined;
  /** More query parameters, e.g. `{ prompt: 'consent' }`; the standard ones win a clash. */
  extraParams?: Readonly<Record<string, string>> | undefined;
}

/** The `get_authorization_url` payload: where to send the user, and the PKCE verifier. */
export interface AuthorizationUrl {
  authorization_url: string;
  /** Present with PKCE: pass it to the code exchange (`handle_authorization_callback`). */
  code_verifier?: string;
}

/** The URL that starts the authorization code flow (RFC 6749 section 4.1.1). */
export function buildAuthorizationUrl(options: AuthorizationUrlOptions): AuthorizationUrl {
  if (options.state === '') {
    throw new ConnectorError(
      'bad_request',
      'get_authorization_url needs a non-empty `state`: it protects the redirect against ' +
        'cross-site request forgery; send a random value and check it on the callback',
    );
  }
  const url = new URL(options.authorizeUrl);
  for (const [key, value] of Object.entries(options.extraParams ?? {})) {
    url.searchParams.set(key, value);
  }
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', options.clientId);
  url.searchParams.set('redirect_uri', options.redirectUri);
  url.searchParams.set('state', options.state);
  const scopes = options.scopes ?? [];
  if (scopes.length > 0) url.searchParams.set('scope', scopes.join(options.scopeSeparator ?? ' '));

  if (options.pkce === false) return { authorization_url: url.toString() };
  const pkce = createPkcePair();
  url.searchParams.set('code_challenge', pkce.challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return { authorization_url: url.toString(), code_verifier: pkce.verifier };
}
