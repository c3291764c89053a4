import type { FakeIdentity, FakeRequest, FakeResponse } from './types.ts';

/** A credential the fake app accepts, with what it may do. */
export interface FakeCredential {
  /** Scopes (or permissions) the credential grants; routes may require some. @default [] */
  scopes?: readonly string[];
  /** Anything the handlers need to know about who this is (user id, org ...). */
  data?: Record<string, unknown>;
}

interface AuthAnswers {
  /** The app's own 401 answer. @default 401 with the app's error body "Bad credentials" */
  unauthorized?: (request: FakeRequest, reason: string) => FakeResponse;
  /** The app's own 403 answer when scopes are missing. @default 403 with the error body */
  forbidden?: (request: FakeRequest, missing: readonly string[]) => FakeResponse;
}

/**
 * How the fake app authenticates requests:
 *
 * - `bearer`: `Authorization: <prefix> <token>`; `prefixes` default to `['Bearer']` and
 *   name custom ones (`token` for GitHub, `SSWS` for Okta). Prefixes match case-insensitively.
 * - `basic`: `Authorization: Basic base64(user:password)`.
 * - `header`: a token in a header of its own (`x-api-key`), optionally after a prefix.
 */
export type FakeAuth = AuthAnswers &
  (
    | {
        scheme: 'bearer';
        prefixes?: readonly string[];
        /** The tokens the app knows. */
        tokens?: Record<string, FakeCredential>;
        /**
         * Or a check of its own, for tokens that differ on every request (signed JWTs):
         * the credential, or undefined to refuse the token.
         */
        verify?: (
          token: string,
        ) => FakeCredential | undefined | Promise<FakeCredential | undefined>;
      }
    | {
        scheme: 'basic';
        users: Record<string, FakeCredential & { password: string }>;
      }
    | {
        scheme: 'header';
        header: string;
        prefix?: string;
        tokens?: Record<string, FakeCredential>;
        verify?: (
          token: string,
        ) => FakeCredential | undefined | Promise<FakeCredential | undefined>;
      }
  );

export type AuthOutcome =
  | { ok: true; identity: FakeIdentity }
  | { ok: false; status: 401 | 403; reason: string; missing: readonly string[] };

/** Checks one request against the auth options and the scopes its route requires. */
export async function checkAuth(
  auth: FakeAuth,
  request: FakeRequest,
  requiredScopes: readonly string[],
): Promise<AuthOutcome> {
  const found = await identify(auth, request);
  if (typeof found === 'string') return { ok: false, status: 401, reason: found, missing: [] };

  const missing = requiredScopes.filter((scope) => !found.scopes.includes(scope));
  if (missing.length > 0) {
    return {
      ok: false,
      status: 403,
      reason: `missing scopes: ${missing.join(', ')}`,
      missing,
    };
  }
  return { ok: true, identity: found };
}

/** The identity of the request, or why there is none. */
async function identify(auth: FakeAuth, request: FakeRequest): Promise<FakeIdentity | string> {
  const header = firstHeader(request, auth.scheme === 'header' ? auth.header : 'authorization');
  if (header === undefined) return 'no credentials';

  if (auth.scheme === 'basic') {
    const match = /^basic\s+(\S+)$/i.exec(header);
    if (!match) return 'not a basic authorization header';
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const username = colon < 0 ? decoded : decoded.slice(0, colon);
    const user = Object.hasOwn(auth.users, username) ? auth.users[username] : undefined;
    if (user === undefined || user.password !== decoded.slice(colon + 1)) {
      return 'bad username or password';
    }
    return toIdentity('basic', username, user);
  }

  const prefixes = auth.scheme === 'bearer' ? (auth.prefixes ?? ['Bearer']) : [auth.prefix ?? ''];
  const token = stripPrefix(header, prefixes);
  if (token === undefined) return `the authorization prefix is not one of: ${prefixes.join(', ')}`;
  const known = auth.tokens !== undefined && Object.hasOwn(auth.tokens, token);
  const credential = known ? auth.tokens![token] : await auth.verify?.(token);
  if (credential === undefined) return 'unknown token';
  return toIdentity(auth.scheme, token, credential);
}

function stripPrefix(value: string, prefixes: readonly string[]): string | undefined {
  for (const prefix of prefixes) {
    if (prefix === '') return value.trim();
    const head = `${prefix.toLowerCase()} `;
    if (value.toLowerCase().startsWith(head)) return value.slice(head.length).trim();
  }
  return undefined;
}

function firstHeader(request: FakeRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function toIdentity(
  scheme: FakeIdentity['scheme'],
  principal: string,
  credential: FakeCredential,
): FakeIdentity {
  return {
    scheme,
    principal,
    scopes: credential.scopes ?? [],
    data: credential.data ?? {},
  };
}
