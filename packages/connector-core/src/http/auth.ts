import { ConnectorError } from '../errors/connector-error.ts';
import type { Redactor } from '../errors/redactor.ts';

/** How the client authenticates each request. Every secret here is added to the redactor. */
export type HttpAuth =
  /** `Authorization: Bearer <token>` (OAuth access tokens, GitHub tokens). */
  | { type: 'bearer'; token: string }
  /** `Authorization: Basic base64(<username>:<password>)`. */
  | { type: 'basic'; username: string; password: string }
  /** `Authorization: <prefix> <token>`, e.g. Okta's `SSWS` or GitHub's `token`. */
  | { type: 'token'; token: string; prefix: string }
  /** A header of the app's own, e.g. `{ name: 'X-API-Key', value }`. */
  | { type: 'header'; name: string; value: string };

/** RFC 9110 token characters: header names and auth scheme names. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * The headers that carry `auth`, after checking them; registers each secret with the
 * redactor first, so that even an error about a malformed secret cannot show it.
 */
export function authHeaders(
  auth: HttpAuth | undefined,
  redactor: Redactor,
  appName: string,
): Record<string, string> {
  if (auth === undefined) return {};
  switch (auth.type) {
    case 'bearer':
      redactor.add(auth.token, auth.token.trim());
      return { authorization: `Bearer ${checkSecret(auth.token, 'token', appName)}` };
    case 'basic': {
      redactor.addBasic(auth.username, auth.password);
      checkSecret(auth.password, 'password', appName);
      if (auth.username.includes(':')) {
        throw new ConnectorError(
          'bad_request',
          `The ${appName} username must not contain ':' (basic auth joins username and password with it)`,
        );
      }
      const encoded = Buffer.from(`${auth.username}:${auth.password}`).toString('base64');
      return { authorization: `Basic ${encoded}` };
    }
    case 'token':
      redactor.add(auth.token, auth.token.trim());
      checkName(auth.prefix, 'auth.prefix');
      return { authorization: `${auth.prefix} ${checkSecret(auth.token, 'token', appName)}` };
    case 'header':
      redactor.add(auth.value, auth.value.trim());
      checkName(auth.name, 'auth.name');
      return { [auth.name.toLowerCase()]: checkSecret(auth.value, 'credential', appName) };
    default:
      throw new TypeError(
        `createHttpClient: unknown auth type '${(auth as { type: unknown }).type}'; use bearer, basic, token or header`,
      );
  }
}

function checkSecret(value: string, what: string, appName: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConnectorError(
      'unauthenticated',
      `The ${appName} ${what} is empty; send a valid credential`,
    );
  }
  // Never quote the value: it is a secret. Headers would reject it with the value in the message.
  if (/[\r\n\0]/.test(value)) {
    throw new ConnectorError(
      'bad_request',
      `The ${appName} ${what} contains a line break or NUL character; send it without one`,
    );
  }
  return value.trim();
}

function checkName(name: string, option: string): void {
  if (!TOKEN.test(name)) {
    throw new TypeError(`createHttpClient: ${option} '${name}' is not a valid HTTP token`);
  }
}
