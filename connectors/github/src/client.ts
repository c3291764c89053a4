import { createHash } from 'node:crypto';
import {
  type CapabilityArgs,
  ConnectorError,
  createHttpClient,
  type ErrorHandler,
  type HttpClient,
  type HttpResponse,
  isHttpStatusError,
  type Logger,
  type Redactor,
  urlPath,
} from '@grantkit/connector-core';
import { z } from 'zod';
import {
  DEFAULT_ANSWER_BYTES,
  ETAG_CACHE_BYTES,
  GITHUB_API_VERSION,
  GITHUB_MEDIA_TYPE,
  MAX_RATE_LIMIT_WAIT_MS,
  MAX_RETRIES,
  RATE_LIMIT_RESERVE,
  REQUEST_TIMEOUT_MS,
} from './constants.ts';
import type { OrgRole, RepositoryPermission, TeamRole } from './enums.ts';
import type { GitHubSettings } from './settings.ts';

//// GitHub's objects, as far as the connector reads them ////

export const SimpleUserSchema = z.object({
  login: z.string(),
  id: z.number(),
  type: z.string(),
  name: z.string().nullish(),
  email: z.string().nullish(),
  site_admin: z.boolean().optional(),
});
export type SimpleUser = z.infer<typeof SimpleUserSchema>;

export const OrganizationSchema = z.object({
  login: z.string(),
  id: z.number(),
  name: z.string().nullish(),
  description: z.string().nullish(),
  html_url: z.string().optional(),
});
export type Organization = z.infer<typeof OrganizationSchema>;

export const InvitationSchema = z.object({
  id: z.number(),
  login: z.string().nullable(),
  email: z.string().nullable(),
  role: z.string(),
  created_at: z.string(),
  team_count: z.number().optional(),
  inviter: z.object({ login: z.string() }).nullish(),
});
export type Invitation = z.infer<typeof InvitationSchema>;

export const TeamSchema = z.object({
  id: z.number(),
  slug: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  privacy: z.string().optional(),
  parent: z.object({ id: z.number(), slug: z.string() }).nullish(),
});
export type Team = z.infer<typeof TeamSchema>;

export const TeamMemberSchema = SimpleUserSchema.extend({
  role: z.enum(['member', 'maintainer']).optional(),
  inherited: z.boolean().optional(),
});
export type TeamMember = z.infer<typeof TeamMemberSchema>;

export const RepositorySchema = z.object({
  id: z.number(),
  name: z.string(),
  full_name: z.string(),
  private: z.boolean(),
  visibility: z.string().optional(),
  description: z.string().nullable(),
  archived: z.boolean().optional(),
});
export type Repository = z.infer<typeof RepositorySchema>;

export const CollaboratorSchema = SimpleUserSchema.extend({
  role_name: z.string(),
  permissions: z
    .object({
      pull: z.boolean(),
      triage: z.boolean().optional(),
      push: z.boolean(),
      maintain: z.boolean().optional(),
      admin: z.boolean(),
    })
    .optional(),
});
export type Collaborator = z.infer<typeof CollaboratorSchema>;

const OrgMembershipSchema = z.object({
  state: z.enum(['active', 'pending']),
  role: z.string(),
  user: SimpleUserSchema.nullish(),
});
export type OrgMembership = z.infer<typeof OrgMembershipSchema>;

const TeamMembershipSchema = z.object({
  role: z.enum(['member', 'maintainer']),
  state: z.enum(['active', 'pending']),
});
export type TeamMembership = z.infer<typeof TeamMembershipSchema>;

const CollaboratorPermissionSchema = z.object({
  permission: z.string(),
  role_name: z.string(),
});

//// The client ////

/** One page of a GitHub list, and where the list goes on. */
export interface ListPage<T> {
  items: T[];
  /** The `rel="next"` target, absolute, absent on the last page. */
  next: string | undefined;
  /** The number of the last page, from `rel="last"`. */
  lastPage: number | undefined;
  /** The payloads as GitHub sent them, for `include_raw_data`. */
  raw: unknown[];
}

/** What a conditional GET needs to answer from memory when GitHub says 304. */
interface CachedAnswer {
  etag: string;
  data: unknown;
  links: Record<string, string>;
  /** The size of the JSON GitHub sent, to bound the cache. */
  bytes: number;
}

/**
 * GET answers by credential and URL, least recently used first out, within a budget of
 * bytes. GitHub answers `If-None-Match` with `304 Not Modified`, which does not count
 * against the rate limit, so a host that runs many calls in one process (serve mode)
 * re-reads unchanged lists for free. A CLI call lives one process and gains little.
 * Written by hand: a Map in insertion order is an LRU in a dozen lines.
 */
export class ETagCache {
  readonly #entries = new Map<string, CachedAnswer>();
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  get(key: string): CachedAnswer | undefined {
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: CachedAnswer): void {
    this.delete(key);
    if (entry.bytes > this.#maxBytes / 4) return;
    this.#entries.set(key, entry);
    this.#bytes += entry.bytes;
    for (const [oldest, old] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= old.bytes;
    }
  }

  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }
}

/** The cache of this process, shared by the calls it runs. */
const processETags = new ETagCache(ETAG_CACHE_BYTES);

export interface GitHubClientOptions {
  settings: GitHubSettings;
  /** The token (personal access, installation or OAuth access token). */
  token: string;
  version: string;
  logger?: Logger;
  redactor?: Redactor;
  signal?: AbortSignal;
  /** Answers kept for conditional requests. @default one cache per process */
  etagCache?: ETagCache;
}

/**
 * The GitHub REST API as this connector uses it: one organization, typed answers, encoded
 * paths, conditional GETs, and the rate limits kept (a reserve under the primary limit).
 */
export class GitHubClient {
  readonly org: string;
  readonly perPage: number;
  readonly #http: HttpClient;
  readonly #etags: ETagCache;
  /** Cache keys start with a digest of the token: answers never cross credentials. */
  readonly #cacheScope: string;

  constructor(options: GitHubClientOptions) {
    this.org = options.settings.organization;
    this.perPage = options.settings.page_size;
    this.#etags = options.etagCache ?? processETags;
    this.#cacheScope = createHash('sha256').update(options.token).digest('base64url').slice(0, 22);
    this.#http = createHttpClient({
      baseUrl: options.settings.api_base_url,
      appName: 'GitHub',
      auth: { type: 'bearer', token: options.token },
      headers: { accept: GITHUB_MEDIA_TYPE, 'x-github-api-version': GITHUB_API_VERSION },
      userAgent: `grantkit-connector-github/${options.version}`,
      timeoutMs: REQUEST_TIMEOUT_MS,
      retry: {
        limit: MAX_RETRIES,
        maxTotalWaitMs: MAX_RATE_LIMIT_WAIT_MS,
        statusCodes: [500, 502, 503, 504],
      },
      // Keep the requests in flight plus a reserve below what GitHub last said remains, so
      // the connector waits for the reset instead of spending the hour's last requests.
      rateLimit: {
        concurrency: options.settings.max_concurrent_requests,
        reserve: RATE_LIMIT_RESERVE,
      },
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.redactor ? { redactor: options.redactor } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  //// Reads ////

  getOrganization(): Promise<{ org: Organization; scopes: string[] | undefined }> {
    return this.#get(urlPath`/orgs/${this.org}`).then(({ data, headers }) => ({
      org: OrganizationSchema.parse(data),
      scopes: readScopes(headers.get('x-oauth-scopes')),
    }));
  }

  /** The absolute URL of a list's first page: `per_page` and the given filters. */
  listUrl(apiPath: string, searchParams: Record<string, string> = {}): URL {
    const base = this.#http.baseUrl;
    const url = new URL(`${base.pathname}${apiPath.replace(/^\/+/, '')}`, base);
    for (const [key, value] of Object.entries(searchParams)) url.searchParams.set(key, value);
    url.searchParams.set('per_page', String(this.perPage));
    return url;
  }

  /** One page of a list: `url` comes from `listUrl`, or is a `next` link GitHub sent. */
  async listPage<T>(url: URL, schema: z.ZodType<T>): Promise<ListPage<T>> {
    const { data, links } = await this.#get(url);
    if (!Array.isArray(data)) {
      throw new ConnectorError(
        'invalid_response',
        `GitHub answered GET ${url.pathname} with ${typeof data} where a list was expected`,
      );
    }
    return {
      items: data.map((item) => schema.parse(item)),
      next: links.next,
      lastPage: pageNumber(links.last),
      raw: data,
    };
  }

  getOrgMembership(login: string): Promise<OrgMembership | undefined> {
    return this.#getOrUndefined(
      urlPath`/orgs/${this.org}/memberships/${login}`,
      OrgMembershipSchema,
    );
  }

  getTeam(slug: string): Promise<Team | undefined> {
    return this.#getOrUndefined(urlPath`/orgs/${this.org}/teams/${slug}`, TeamSchema);
  }

  getTeamMembership(slug: string, login: string): Promise<TeamMembership | undefined> {
    const url = urlPath`/orgs/${this.org}/teams/${slug}/memberships/${login}`;
    return this.#getOrUndefined(url, TeamMembershipSchema);
  }

  getRepository(name: string): Promise<Repository | undefined> {
    return this.#getOrUndefined(urlPath`/repos/${this.org}/${name}`, RepositorySchema);
  }

  /** The user's highest role on the repository, from any source; undefined for none. */
  async getRepositoryRole(name: string, login: string): Promise<string | undefined> {
    const url = urlPath`/repos/${this.org}/${name}/collaborators/${login}/permission`;
    const found = await this.#getOrUndefined(url, CollaboratorPermissionSchema);
    return found === undefined || found.permission === 'none' ? undefined : found.role_name;
  }

  getUser(login: string): Promise<SimpleUser | undefined> {
    return this.#getOrUndefined(urlPath`/users/${login}`, SimpleUserSchema);
  }

  //// Writes ////

  async setOrgMembership(login: string, role: OrgRole): Promise<OrgMembership> {
    const url = urlPath`/orgs/${this.org}/memberships/${login}`;
    const { data } = await this.#send('PUT', url, { role });
    return OrgMembershipSchema.parse(data);
  }

  /** Removes a member, or cancels the pending invitation of that user. False when neither. */
  removeOrgMembership(login: string): Promise<boolean> {
    return this.#deleteIfFound(urlPath`/orgs/${this.org}/memberships/${login}`);
  }

  async createInvitation(invitation: {
    email?: string;
    invitee_id?: number;
    role: 'admin' | 'direct_member';
    team_ids: number[];
  }): Promise<Invitation> {
    const { data } = await this.#send('POST', urlPath`/orgs/${this.org}/invitations`, invitation);
    return InvitationSchema.parse(data);
  }

  cancelInvitation(invitationId: number): Promise<boolean> {
    return this.#deleteIfFound(urlPath`/orgs/${this.org}/invitations/${invitationId}`);
  }

  async setTeamMembership(slug: string, login: string, role: TeamRole): Promise<TeamMembership> {
    const url = urlPath`/orgs/${this.org}/teams/${slug}/memberships/${login}`;
    const { data } = await this.#send('PUT', url, { role });
    return TeamMembershipSchema.parse(data);
  }

  removeTeamMembership(slug: string, login: string): Promise<boolean> {
    return this.#deleteIfFound(urlPath`/orgs/${this.org}/teams/${slug}/memberships/${login}`);
  }

  /** Adds or updates a direct collaborator; 201 means an outside collaborator was invited. */
  async setCollaborator(
    name: string,
    login: string,
    permission: RepositoryPermission,
  ): Promise<'granted' | 'invited'> {
    const url = urlPath`/repos/${this.org}/${name}/collaborators/${login}`;
    const { status } = await this.#send('PUT', url, { permission: API_PERMISSION[permission] });
    return status === 201 ? 'invited' : 'granted';
  }

  removeCollaborator(name: string, login: string): Promise<boolean> {
    return this.#deleteIfFound(urlPath`/repos/${this.org}/${name}/collaborators/${login}`);
  }

  //// Requests ////

  async #get(
    url: string | URL,
  ): Promise<{ data: unknown; links: Record<string, string>; headers: Headers }> {
    const key = `${this.#cacheScope} ${String(url)}`;
    const cached = this.#reusable(this.#etags.get(key));
    const response = await this.#http.get(url, { ifNoneMatch: cached?.etag });
    if (response.notModified && cached !== undefined) {
      const links = response.headers.has('link') ? response.links : cached.links;
      return { data: cached.data, links, headers: response.headers };
    }
    if (response.etag !== undefined) {
      const bytes = Number(response.headers.get('content-length') ?? DEFAULT_ANSWER_BYTES);
      this.#etags.set(key, {
        etag: response.etag,
        data: response.data,
        links: response.links,
        bytes,
      });
    }
    return { data: response.data, links: response.links, headers: response.headers };
  }

  /**
   * A full last page is not revalidated: the list may have grown a page since, and a 304
   * (if its tag covered only the body) would hide the new page.
   */
  #reusable(cached: CachedAnswer | undefined): CachedAnswer | undefined {
    if (cached === undefined) return undefined;
    const full = Array.isArray(cached.data) && cached.data.length >= this.perPage;
    return full && cached.links.next === undefined ? undefined : cached;
  }

  async #getOrUndefined<T>(url: string, schema: z.ZodType<T>): Promise<T | undefined> {
    try {
      return schema.parse((await this.#get(url)).data);
    } catch (error) {
      if (isHttpStatusError(error, 404)) return undefined;
      throw error;
    }
  }

  #send(method: 'PUT' | 'POST', url: string, json: unknown): Promise<HttpResponse<unknown>> {
    return this.#http.request(method, url, { json });
  }

  async #deleteIfFound(url: string): Promise<boolean> {
    try {
      await this.#http.delete(url);
      return true;
    } catch (error) {
      if (isHttpStatusError(error, 404)) return false;
      throw error;
    }
  }
}

/** GitHub's API names two repository roles differently from its UI and `role_name`. */
const API_PERMISSION: Record<RepositoryPermission, string> = {
  read: 'pull',
  triage: 'triage',
  write: 'push',
  maintain: 'maintain',
  admin: 'admin',
};

//// Errors ////

/**
 * GitHub's answers that the default chain would map too vaguely: a 401, and a 403 that
 * names the OAuth scope or app permission the token lacks (from `X-Accepted-OAuth-Scopes`
 * and `X-Accepted-GitHub-Permissions`), or SAML SSO that the token was not authorized for.
 */
export const githubErrorHandler: ErrorHandler = (error) => {
  if (!isHttpStatusError(error, 401, 403)) return undefined;
  const { response, request } = error;
  const where = `${request.method} ${new URL(request.url).pathname}`;
  const upstream = error.upstreamMessage ? ` (${error.upstreamMessage})` : '';

  if (response.status === 401) {
    return {
      code: 'unauthorized',
      statusCode: 401,
      appErrorCode: 'github.bad_credentials',
      message: `GitHub rejected the token for ${where} (401${error.upstreamMessage ? ` ${error.upstreamMessage}` : ''}): check that the token is valid, not expired and not revoked`,
    };
  }
  const headers = response.headers;
  if (headers.get('x-github-sso')) {
    return {
      code: 'permission_denied',
      statusCode: 403,
      appErrorCode: 'github.sso_required',
      message: `GitHub refused ${where}: the organization uses SAML single sign-on and the token is not authorized for it; authorize the token for SSO in GitHub's token settings`,
    };
  }
  const accepted = readScopes(headers.get('x-accepted-oauth-scopes'));
  const held = readScopes(headers.get('x-oauth-scopes'));
  if (accepted !== undefined && accepted.length > 0 && !accepted.some((s) => held?.includes(s))) {
    const needed = weakestScope(accepted);
    const has = held?.length ? held.join(', ') : 'no scopes';
    // Invitations need an owner's `admin:org`; a read-only setup can leave them out.
    const orElse = where.endsWith('/invitations')
      ? ', or set `include_invitations` to false to list members only'
      : '';
    return {
      code: 'permission_denied',
      statusCode: 403,
      appErrorCode: 'github.missing_scope',
      message: `GitHub refused ${where}: the token lacks the \`${needed}\` scope (it has: ${has}); grant \`${needed}\` to the token or OAuth app${orElse}`,
    };
  }
  const permission = headers.get('x-accepted-github-permissions');
  if (permission) {
    return {
      code: 'permission_denied',
      statusCode: 403,
      appErrorCode: 'github.missing_permission',
      message: `GitHub refused ${where}: the token lacks the permission \`${permission}\`${upstream}; grant it to the GitHub App or fine-grained token`,
    };
  }
  return {
    code: 'permission_denied',
    statusCode: 403,
    message: `GitHub refused ${where}${upstream}: the token's user must be an organization owner (or team maintainer, or repository admin) for this change`,
  };
};

/** The scopes in `X-OAuth-Scopes`-style headers; undefined when the header is absent. */
export function readScopes(header: string | null): string[] | undefined {
  if (header === null) return undefined;
  return header
    .split(',')
    .map((scope) => scope.trim())
    .filter((scope) => scope !== '');
}

const SCOPE_ORDER = ['read:org', 'write:org', 'admin:org', 'repo'];

function weakestScope(accepted: string[]): string {
  return [...accepted].sort((a, b) => rank(a) - rank(b))[0]!;
}

function rank(scope: string): number {
  const index = SCOPE_ORDER.indexOf(scope);
  return index < 0 ? SCOPE_ORDER.length : index;
}

//// Links ////

function pageNumber(url: string | undefined): number | undefined {
  if (url === undefined) return undefined;
  const page = Number(new URL(url).searchParams.get('page'));
  return Number.isInteger(page) && page > 0 ? page : undefined;
}

//// One client per call ////

/** The client of one capability call, from its credential and settings. */
export function clientForCall(
  args: Pick<
    CapabilityArgs<unknown, GitHubSettings>,
    'settings' | 'findCredential' | 'logger' | 'redactor' | 'signal'
  >,
  version: string,
): GitHubClient {
  const credential = args.findCredential('token', 'oauth');
  if (credential === undefined) {
    throw new ConnectorError(
      'unauthenticated',
      'This call needs a GitHub token: send `auth: { token: { token } }` (a personal access ' +
        'or installation token) or `auth: { oauth: { access_token } }`',
    );
  }
  const token =
    credential.type === 'token'
      ? (credential.value as { token: string }).token
      : (credential.value as { access_token: string }).access_token;
  return new GitHubClient({
    settings: args.settings,
    token,
    version,
    logger: args.logger,
    redactor: args.redactor,
    signal: args.signal,
  });
}
