import type { FakeAuth } from './auth.ts';
import type { HttpMethod, RouteHandler } from './types.ts';

export interface RouteOptions {
  /**
   * Scopes the credential must hold; a credential without them gets the app's 403.
   * @default []
   */
  scopes?: readonly string[];
  /** Auth for this route instead of the app's; `false` for a public route. */
  auth?: FakeAuth | false;
}

export interface Route {
  method: HttpMethod;
  pattern: string;
  /** `GET /orgs/:org/members`: how the log and `inject({ route })` name the route. */
  key: string;
  handler: RouteHandler;
  options: RouteOptions;
  regex: RegExp;
  paramNames: string[];
}

/**
 * Compiles `/orgs/:org/teams/:team_slug/members` to a regex. A `*` at the end matches the
 * rest of the path (as the param `*`). Written by hand: it is a few lines, and the fake
 * must not depend on a web framework's routing rules.
 */
export function compileRoute(
  method: HttpMethod,
  pattern: string,
  handler: RouteHandler,
  options: RouteOptions,
): Route {
  if (!pattern.startsWith('/')) {
    throw new TypeError(`route('${method}', '${pattern}'): the path pattern must start with '/'`);
  }
  const paramNames: string[] = [];
  const source = pattern
    .split('/')
    .map((segment) => {
      if (segment === '*') {
        paramNames.push('*');
        return '(.*)';
      }
      if (segment.startsWith(':')) {
        paramNames.push(segment.slice(1));
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return {
    method,
    pattern,
    key: `${method} ${pattern}`,
    handler,
    options,
    regex: new RegExp(`^${source}/?$`),
    paramNames,
  };
}

/** The first route matching the method and path, with its decoded params. */
export function matchRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | { route: undefined; allowed: string[] } {
  const allowed: string[] = [];
  for (const route of routes) {
    const match = route.regex.exec(path);
    if (!match) continue;
    if (route.method !== method && !(method === 'HEAD' && route.method === 'GET')) {
      allowed.push(route.method);
      continue;
    }
    const params: Record<string, string> = {};
    route.paramNames.forEach((name, index) => {
      params[name] = decodeURIComponent(match[index + 1] ?? '');
    });
    return { route, params };
  }
  return { route: undefined, allowed };
}

/** Whether `selector` (`/path/:x` or `GET /path/:x`) names this route. */
export function selectsRoute(selector: string, route: Route | undefined): boolean {
  if (route === undefined) return false;
  return selector === route.key || selector === route.pattern;
}
