/** The credential types a generated connector can take (the protocol's names). */
export const AUTH_KINDS = ['token', 'basic', 'oauth', 'oauth_client_credentials', 'jwt'] as const;
export type AuthKind = (typeof AUTH_KINDS)[number];

/** How the app pages its user list. */
export const PAGINATION_STYLES = ['link', 'cursor', 'offset', 'page', 'scim'] as const;
export type PaginationStyle = (typeof PAGINATION_STYLES)[number];

export const AUTH_DESCRIPTIONS: Record<AuthKind, string> = {
  token: 'an API token, sent as `Authorization: Bearer <token>`',
  basic: 'a username and password, sent with HTTP basic auth',
  oauth: 'an OAuth access token the platform obtained, sent as a bearer token',
  oauth_client_credentials:
    'an OAuth access token from the client credentials grant, sent as a bearer token',
  jwt: 'a JWT the connector signs from the credential (headers, claims, secret), sent as a bearer token',
};

export const PAGINATION_DESCRIPTIONS: Record<PaginationStyle, string> = {
  link: 'page numbers with an RFC 8288 `Link: <...>; rel="next"` header (GitHub style)',
  cursor: 'an opaque cursor in the body (`next_cursor`), sent back as `?cursor=`',
  offset: '`?offset=&limit=`, with the total in the body',
  page: '`?page=&per_page=`, with the number of pages in the body',
  scim: 'SCIM 2.0 `ListResponse` with `startIndex` and `count` (RFC 7644)',
};

export function isAuthKind(value: string): value is AuthKind {
  return (AUTH_KINDS as readonly string[]).includes(value);
}

export function isPaginationStyle(value: string): value is PaginationStyle {
  return (PAGINATION_STYLES as readonly string[]).includes(value);
}
