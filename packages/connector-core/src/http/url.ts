import { ConnectorError } from '../errors/connector-error.ts';
import { redactUrl } from '../errors/redactor.ts';

/** Query parameters; `undefined` values are left out, arrays repeat the key. */
export type SearchParams =
  | URLSearchParams
  | Record<string, string | number | boolean | undefined | ReadonlyArray<string | number>>;

/**
 * A URL path with each interpolated value percent-encoded, so an id from a request cannot
 * change the path: urlPath`/orgs/${org}/members/${login}`. Encoding leaves `.` and `..`
 * alone, and URL parsing resolves those as dot segments (`/members/..` is `/`), so they
 * are refused, as is an empty value; `ConnectorError('invalid_value')` quotes it back.
 */
export function urlPath(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  return strings.reduce((path, part, index) => {
    if (index === 0) return part;
    const value = String(values[index - 1]);
    if (value === '' || value === '.' || value === '..') {
      throw new ConnectorError(
        'invalid_value',
        `'${value}' cannot be one segment of a URL path (it would name another endpoint); send the real name or id`,
      );
    }
    return `${path}${encodeURIComponent(value)}${part}`;
  }, '');
}

/** Parses the client's base URL; a bad one is a settings problem of the caller. */
export function parseBaseUrl(baseUrl: string | URL, appName: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new ConnectorError(
      'bad_request',
      `The ${appName} base URL '${redactUrl(String(baseUrl))}' is not a valid URL; check the settings`,
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new ConnectorError(
      'bad_request',
      `The ${appName} base URL must be http or https; got '${parsed.protocol}' (check the settings)`,
    );
  }
  parsed.search = '';
  parsed.hash = '';
  if (!parsed.pathname.endsWith('/')) parsed.pathname += '/';
  return parsed;
}

/**
 * The URL of a request: a path is joined to the base URL's path (`/orgs/x` under
 * `https://host/api/v3` is `https://host/api/v3/orgs/x`); an absolute URL (e.g. a `Link`
 * target) is taken as is, but only on the base URL's origin, so the credential is never
 * sent to another host.
 */
export function resolveRequestUrl(
  base: URL,
  path: string | URL,
  searchParams: SearchParams | undefined,
  appName: string,
): URL {
  const text = String(path);
  const absolute = path instanceof URL || /^[a-z][a-z\d+.-]*:/i.test(text);
  const url = absolute
    ? new URL(text)
    : new URL(`${base.pathname}${text.replace(/^\/+/, '')}`, base);
  if (url.origin !== base.origin) {
    throw new ConnectorError(
      'invalid_response',
      `Refusing to send the ${appName} credential to ${redactUrl(url)}: it is outside the base URL ${base.origin}`,
    );
  }
  appendSearchParams(url, searchParams);
  return url;
}

function appendSearchParams(url: URL, searchParams: SearchParams | undefined): void {
  if (searchParams === undefined) return;
  const entries =
    searchParams instanceof URLSearchParams ? [...searchParams] : Object.entries(searchParams);
  const seen = new Set<string>();
  for (const [key, value] of entries) {
    if (value === undefined) continue;
    // A key given here replaces the same key already in the URL (e.g. a `Link` target's).
    if (!seen.has(key)) url.searchParams.delete(key);
    seen.add(key);
    for (const item of Array.isArray(value) ? value : [value]) {
      url.searchParams.append(key, String(item));
    }
  }
}
