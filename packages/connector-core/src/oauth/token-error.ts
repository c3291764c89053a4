import { ConnectorError } from '../errors/connector-error.ts';
import { type ErrorCode, errorCodeForHttpStatus } from '../protocol/error-codes.ts';

/** The grants this module sends, by their `grant_type`. */
export type GrantType =
  | 'authorization_code'
  | 'client_credentials'
  | 'refresh_token'
  | 'urn:ietf:params:oauth:grant-type:jwt-bearer'
  | (string & {});

const GRANT_LABEL: Record<string, string> = {
  authorization_code: 'authorization code',
  client_credentials: 'client credentials',
  refresh_token: 'refresh token',
  'urn:ietf:params:oauth:grant-type:jwt-bearer': 'JWT assertion',
};

export function grantLabel(grant: GrantType): string {
  return GRANT_LABEL[grant] ?? `${grant} grant`;
}

interface Meaning {
  code: ErrorCode;
  next: string;
}

/** `invalid_grant` means something else for each grant; the next step differs too. */
function invalidGrant(grant: GrantType): Meaning {
  switch (grant) {
    case 'refresh_token':
      return {
        code: 'authentication_expired',
        next: 'the refresh token is expired or revoked: authorize the connector again',
      };
    case 'authorization_code':
      return {
        code: 'unauthorized',
        next:
          'the code is expired, already used, or was issued for another redirect_uri or ' +
          'code_verifier: start the authorization again',
      };
    case 'urn:ietf:params:oauth:grant-type:jwt-bearer':
      return {
        code: 'unauthorized',
        next: 'check the JWT credential: its key, issuer, subject, audience and clock',
      };
    default:
      return { code: 'unauthorized', next: 'check the credential' };
  }
}

/** The RFC 6749 (section 5.2) error values, and RFC 6749 section 4.1.2.1 `access_denied`. */
function meaningOf(error: string, grant: GrantType): Meaning | undefined {
  switch (error) {
    case 'invalid_grant':
      return invalidGrant(grant);
    case 'invalid_client':
      return {
        code: 'unauthorized',
        next:
          'check the client_id and client_secret, and that the app expects this way of ' +
          'sending them (basic auth or the request body)',
      };
    case 'unauthorized_client':
      return {
        code: 'permission_denied',
        next: `allow the ${grantLabel(grant)} grant for this client in the app`,
      };
    case 'access_denied':
      return { code: 'permission_denied', next: 'the user or the app refused the access' };
    case 'invalid_scope':
      return { code: 'bad_request', next: 'check the requested scopes against the app`s list' };
    case 'invalid_request':
      return { code: 'bad_request', next: 'check the request parameters and the settings' };
    case 'unsupported_grant_type':
      return {
        code: 'unsupported_operation',
        next: `the app does not offer the ${grantLabel(grant)} grant`,
      };
    case 'temporarily_unavailable':
      return { code: 'service_error', next: 'try again later' };
    case 'server_error':
      return { code: 'bad_gateway', next: 'try again later' };
    case 'slow_down':
      return { code: 'rate_limit', next: 'wait before trying again' };
    default:
      return undefined;
  }
}

export interface TokenErrorDetails {
  /** Where the request went, e.g. `Okta's token endpoint (POST https://...)`. */
  where: string;
  grant: GrantType;
  status: number;
  /** The `error` value of the response body, if any. */
  error?: string | undefined;
  description?: string | undefined;
  /** The app's own `error` values, mapped to protocol codes. */
  errorCodes?: Readonly<Record<string, ErrorCode>> | undefined;
}

/** A token endpoint's refusal as a ConnectorError with a clear code and next step. */
export function tokenEndpointError(details: TokenErrorDetails): ConnectorError {
  const { error, grant, status } = details;
  const custom = error === undefined ? undefined : details.errorCodes?.[error];
  const known = error === undefined ? undefined : meaningOf(error, grant);
  const code =
    custom ?? known?.code ?? (status >= 400 ? errorCodeForHttpStatus(status) : 'api_error');
  const what = [error, cleanDescription(details.description)].filter(Boolean).join(': ');
  const next = custom === undefined && known !== undefined ? `; ${known.next}` : '';
  return new ConnectorError(
    code,
    `${details.where} refused the ${grantLabel(grant)} (HTTP ${status}` +
      `${what === '' ? '' : `, ${what}`})${next}`,
    {
      statusCode: status,
      ...(error === undefined ? {} : { appErrorCode: `oauth.${error}` }),
    },
  );
}

/** Upstream text goes into our message: one line, bounded, no control characters. */
function cleanDescription(description: string | undefined): string | undefined {
  if (description === undefined) return undefined;
  const line = [...description]
    .map((char) => (char < ' ' || char === '\u007f' ? ' ' : char))
    .join('')
    .replace(/ +/g, ' ')
    .trim();
  return line.length > 300 ? `${line.slice(0, 300)}...` : line;
}
