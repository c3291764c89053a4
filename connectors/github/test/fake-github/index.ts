import {
  type FakeApp,
  type FakeAppOptions,
  type FakeCredential,
  type FakeRequest,
  startFakeApp,
} from '@grantkit/connector-testing';
import { acmeSeed, FakeOrg, type OrgSeed } from './model.ts';
import { registerOAuthRoutes } from './oauth.ts';
import { githubResponseValidator } from './openapi.ts';
import { Payloads } from './payloads.ts';
import { registerRoutes } from './routes.ts';

export { acmeSeed, FakeOrg, type LargeOrgOptions, largeOrgSeed, type OrgSeed } from './model.ts';
export { OAUTH_APP } from './oauth.ts';

/** A token the fake accepts. */
export interface FakeToken {
  /** Classic OAuth scopes; `admin:org` implies `write:org` and `read:org`. */
  scopes: readonly string[];
  /** `classic` tokens and OAuth tokens report their scopes in `X-OAuth-Scopes`; app tokens do not. */
  kind?: 'classic' | 'app';
  /** The user the token belongs to. @default 'ada' */
  login?: string;
}

/** Tokens of the default fake, by what they may do. */
export const TOKENS = {
  owner: 'ghp_ownerToken000000000000000000000001',
  readOnly: 'ghp_readOnlyToken0000000000000000000002',
  repoOnly: 'ghp_repoOnlyToken0000000000000000000003',
  app: 'ghs_installationToken000000000000000004',
} as const;

const DEFAULT_TOKENS: Record<string, FakeToken> = {
  [TOKENS.owner]: { scopes: ['admin:org', 'repo'] },
  [TOKENS.readOnly]: { scopes: ['read:org', 'repo'] },
  [TOKENS.repoOnly]: { scopes: ['repo'] },
  [TOKENS.app]: { scopes: ['admin:org', 'repo'], kind: 'app' },
};

export interface FakeGitHubOptions
  extends Pick<FakeAppOptions, 'rateLimit' | 'maxConcurrent' | 'latencyMs' | 'faults'> {
  /** @default acmeSeed() */
  seed?: OrgSeed;
  /** `/api/v3` serves the API the way GitHub Enterprise Server does. @default '' */
  prefix?: '' | '/api/v3';
  /** @default the four `TOKENS` */
  tokens?: Record<string, FakeToken>;
  /** Check every answer against GitHub's OpenAPI description. @default true */
  validate?: boolean;
}

export interface FakeGitHub {
  app: FakeApp;
  org: FakeOrg;
  /** The API base URL to put in the connector's `api_base_url` setting. */
  apiBaseUrl: string;
  close(): Promise<void>;
}

const IMPLIED: Record<string, readonly string[]> = {
  'admin:org': ['write:org', 'read:org'],
  'write:org': ['read:org'],
};

/** Starts a fake GitHub on loopback, seeded with one organization. */
export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const prefix = options.prefix ?? '';
  const org = new FakeOrg(options.seed ?? acmeSeed());
  const tokens = options.tokens ?? DEFAULT_TOKENS;
  let payloads = new Payloads('http://127.0.0.1');

  const credentials: Record<string, FakeCredential> = {};
  for (const [token, spec] of Object.entries(tokens)) {
    credentials[token] = {
      scopes: spec.scopes.flatMap((scope) => [scope, ...(IMPLIED[scope] ?? [])]),
      data: { login: spec.login ?? 'ada', granted: spec.scopes, kind: spec.kind ?? 'classic' },
    };
  }

  const appOptions: FakeAppOptions = {
    name: 'GitHub',
    auth: {
      scheme: 'bearer',
      prefixes: ['Bearer', 'token'],
      tokens: credentials,
      unauthorized: () => ({
        status: 401,
        body: payloads.error(401, 'Bad credentials'),
      }),
      forbidden: (request, missing) => forbidden(request, missing, tokens, payloads),
    },
    errorBody: (status, message) => payloads.error(status, message),
  };
  if (options.validate !== false) appOptions.validateResponse = githubResponseValidator(prefix);
  if (options.rateLimit) appOptions.rateLimit = { status: 403, ...options.rateLimit };
  if (options.maxConcurrent !== undefined) appOptions.maxConcurrent = options.maxConcurrent;
  if (options.latencyMs !== undefined) appOptions.latencyMs = options.latencyMs;
  if (options.faults) appOptions.faults = options.faults;

  const app = await startFakeApp(appOptions);
  payloads = new Payloads(`${app.url}${prefix}`);
  registerRoutes(app, org, payloads, prefix, (request) => scopeHeaders(request, tokens));
  registerOAuthRoutes(app);
  return { app, org, apiBaseUrl: `${app.url}${prefix}`, close: () => app.close() };
}

/** `X-OAuth-Scopes`, which GitHub sends on every answer to a classic or OAuth token. */
function scopeHeaders(
  request: FakeRequest,
  tokens: Record<string, FakeToken>,
): Record<string, string> {
  const principal = request.auth?.principal;
  const token = principal === undefined ? undefined : tokens[principal];
  if (token === undefined || token.kind === 'app') return {};
  return { 'x-oauth-scopes': token.scopes.join(', ') };
}

/**
 * GitHub's answer to a token that lacks a scope: 403, the scopes the token has, and the
 * scopes the endpoint accepts. An app token gets the permission it lacks instead.
 */
function forbidden(
  request: FakeRequest,
  missing: readonly string[],
  tokens: Record<string, FakeToken>,
  payloads: Payloads,
) {
  const header = request.headers.authorization;
  const token = tokens[(Array.isArray(header) ? header[0] : header)?.split(' ')[1] ?? ''];
  const needed = missing[0] ?? 'read:org';
  if (token?.kind === 'app') {
    const permission = needed === 'repo' ? 'administration=read' : 'members=read';
    return {
      status: 403,
      headers: { 'x-accepted-github-permissions': permission },
      body: payloads.error(403, 'Resource not accessible by integration'),
    };
  }
  const accepted = Object.entries(IMPLIED)
    .filter(([, implied]) => implied.includes(needed))
    .map(([scope]) => scope);
  return {
    status: 403,
    headers: {
      'x-oauth-scopes': token?.scopes.join(', ') ?? '',
      'x-accepted-oauth-scopes': [needed, ...accepted].join(', '),
    },
    body: payloads.error(403, 'Resource not accessible by personal access token'),
  };
}
