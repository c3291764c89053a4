/** The public REST API; GitHub Enterprise Server serves the same API under `/api/v3`. */
export const DEFAULT_API_BASE_URL = 'https://api.github.com';

/** The REST API version this connector is written against (`X-GitHub-Api-Version`). */
export const GITHUB_API_VERSION = '2022-11-28';

/** GitHub's media type; it answers JSON with GitHub's own fields. */
export const GITHUB_MEDIA_TYPE = 'application/vnd.github+json';

/** GitHub caps `per_page` at 100 on every list endpoint this connector reads. */
export const MAX_PER_PAGE = 100;

/**
 * Requests in flight at once by default. GitHub's secondary limits allow 100 concurrent
 * requests; staying far below keeps a connector friendly to other integrations of the org.
 */
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 8;

/** Results in one response when the caller does not set `page.size`. */
export const DEFAULT_RESULTS_PER_PAGE = 500;

/** The largest `page.size` a caller may ask for; it bounds the memory of one call. */
export const MAX_RESULTS_PER_PAGE = 5000;

/**
 * When fewer than this many requests remain in the primary rate limit window, the client
 * waits for the window to reset before sending more (core's `rateLimit.reserve`).
 */
export const RATE_LIMIT_RESERVE = 10;

/** The longest a call waits for a rate limit window to reset before giving up. */
export const MAX_RATE_LIMIT_WAIT_MS = 60_000;

/** Retries of a request that failed with 5xx, a secondary rate limit or a network error. */
export const MAX_RETRIES = 3;

/** Bytes of GitHub answers kept for conditional requests, per process. */
export const ETAG_CACHE_BYTES = 32 * 1024 * 1024;

/** The size assumed for an answer without `content-length`. */
export const DEFAULT_ANSWER_BYTES = 16 * 1024;

/** Per-request timeout. */
export const REQUEST_TIMEOUT_MS = 30_000;

//// OAuth ////

export const OAUTH_AUTHORIZE_URL = 'https://github.com/login/oauth/authorize';
export const OAUTH_TOKEN_URL = 'https://github.com/login/oauth/access_token';

/**
 * OAuth scopes (classic tokens) each capability needs. Reading members, teams and
 * invitations needs `read:org`; repository collaborators of private repositories need
 * `repo`; changing memberships, teams and invitations needs `admin:org`.
 */
export const OAUTH_SCOPES = {
  validate_credentials: 'read:org',
  list_accounts: 'read:org',
  get_account: 'read:org',
  list_resources: 'read:org repo',
  list_entitlements: 'read:org repo',
  find_entitlement_associations: 'read:org repo',
  create_account: 'admin:org',
  delete_account: 'admin:org',
  assign_entitlement: 'admin:org repo',
  unassign_entitlement: 'admin:org repo',
} as const;
