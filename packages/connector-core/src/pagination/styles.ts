import { ConnectorError } from '../errors/connector-error.ts';
import { redactUrl } from '../errors/redactor.ts';
import type { Endpoint, FetchContext, UpstreamCursor, UpstreamPage } from './endpoints.ts';

//// Endpoints for the common styles of upstream paging ////

export interface CursorEndpointOptions<Item> {
  id: string;
  /**
   * Fetches the page at `cursor` (undefined: the first page) and returns its items and the
   * next cursor; a missing, null or empty next cursor ends the list.
   */
  fetch(
    cursor: string | undefined,
    context: FetchContext,
  ): Promise<{ items: readonly Item[]; nextCursor?: string | null | undefined }>;
}

/** An upstream list paged by an opaque cursor (`?cursor=`, `after`, `nextPageToken`, ...). */
export function cursorEndpoint<Item>(options: CursorEndpointOptions<Item>): Endpoint<Item> {
  const { id } = options;
  return {
    id,
    async fetchPage(cursor, context) {
      if (cursor !== undefined && typeof cursor !== 'string') throw badCursor(id, 'a string');
      const page = await options.fetch(cursor, context);
      const next = page.nextCursor;
      return { items: page.items, next: next === '' || next === null ? undefined : next };
    },
  };
}

export interface LinkEndpointOptions<Item> {
  id: string;
  /** The URL of the first page, with its query (page size, filters). */
  firstUrl: string | URL;
  /**
   * Fetches the page at `url` and returns its items and the URL of the next page (e.g. the
   * `rel="next"` target of the RFC 8288 `Link` header; relative URLs are resolved against
   * `url`). A missing or null next URL ends the list.
   */
  fetch(
    url: URL,
    context: FetchContext,
  ): Promise<{ items: readonly Item[]; nextUrl?: string | URL | null | undefined }>;
}

/**
 * An upstream list paged by next links (GitHub, Okta, Microsoft Graph's `@odata.nextLink`).
 * Page tokens keep only the path and query of the next URL. Every URL must stay on the
 * origin of `firstUrl`: a token is not tamper-proof, and a forged one must not send the
 * connector's credential to another host.
 */
export function linkEndpoint<Item>(options: LinkEndpointOptions<Item>): Endpoint<Item> {
  const { id } = options;
  const first = new URL(options.firstUrl);
  return {
    id,
    async fetchPage(cursor, context) {
      const url = cursor === undefined ? first : resumeUrl(id, first, cursor);
      const page = await options.fetch(url, context);
      if (page.nextUrl === undefined || page.nextUrl === null || page.nextUrl === '') {
        return { items: page.items };
      }
      const next = new URL(page.nextUrl, url);
      if (next.origin !== first.origin) {
        throw new ConnectorError(
          'invalid_response',
          `The upstream list '${id}' sent a next link to another origin ` +
            `(${redactUrl(next)}, expected ${first.origin}); the connector does not follow it`,
        );
      }
      return { items: page.items, next: `${next.pathname}${next.search}` };
    },
  };
}

function resumeUrl(id: string, first: URL, cursor: UpstreamCursor): URL {
  // A path starting with `//` would name another host.
  if (typeof cursor !== 'string' || !cursor.startsWith('/') || cursor.startsWith('//')) {
    throw badCursor(id, 'a path on the first page`s origin');
  }
  const url = new URL(cursor, first.origin);
  if (url.origin !== first.origin) throw badCursor(id, 'a path on the first page`s origin');
  return url;
}

export interface OffsetEndpointOptions<Item> {
  id: string;
  /** The upstream page size, sent as `limit`; keep it the same from call to call. */
  limit: number;
  /**
   * Fetches `limit` items from `offset`. Return `total` or `hasMore` when the app says;
   * otherwise a page shorter than `limit` is taken as the last one.
   */
  fetch(
    offset: number,
    limit: number,
    context: FetchContext,
  ): Promise<{
    items: readonly Item[];
    total?: number | null | undefined;
    hasMore?: boolean | null | undefined;
  }>;
}

/** An upstream list paged by `offset` and `limit` (SQL, SCIM's `startIndex` minus one, ...). */
export function offsetEndpoint<Item>(options: OffsetEndpointOptions<Item>): Endpoint<Item> {
  const { id, limit } = options;
  assertPositiveInteger('offsetEndpoint', 'limit', limit);
  return {
    id,
    async fetchPage(cursor, context) {
      const offset = cursor ?? 0;
      if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) {
        throw badCursor(id, 'an offset');
      }
      const page = await options.fetch(offset, limit, context);
      const count = page.items.length;
      const more =
        count > 0 &&
        (page.hasMore ??
          (typeof page.total === 'number' ? offset + count < page.total : null) ??
          count >= limit);
      return more ? { items: page.items, next: offset + count } : { items: page.items };
    },
  };
}

export interface PageNumberEndpointOptions<Item> {
  id: string;
  /** The upstream page size; keep it the same from call to call. */
  pageSize: number;
  /** The number of the first page. @default 1 */
  firstPage?: number;
  /**
   * Fetches page number `page`. Return `totalPages` or `hasMore` when the app says;
   * otherwise a page shorter than `pageSize` is taken as the last one.
   */
  fetch(
    page: number,
    pageSize: number,
    context: FetchContext,
  ): Promise<{
    items: readonly Item[];
    totalPages?: number | null | undefined;
    hasMore?: boolean | null | undefined;
  }>;
}

/** An upstream list paged by page number (`?page=3&per_page=100`). */
export function pageNumberEndpoint<Item>(options: PageNumberEndpointOptions<Item>): Endpoint<Item> {
  const { id, pageSize } = options;
  const firstPage = options.firstPage ?? 1;
  assertPositiveInteger('pageNumberEndpoint', 'pageSize', pageSize);
  return {
    id,
    async fetchPage(cursor, context): Promise<UpstreamPage<Item>> {
      const page = cursor ?? firstPage;
      if (typeof page !== 'number' || !Number.isSafeInteger(page) || page < firstPage) {
        throw badCursor(id, 'a page number');
      }
      const result = await options.fetch(page, pageSize, context);
      const count = result.items.length;
      const lastPage =
        typeof result.totalPages === 'number' ? firstPage + result.totalPages - 1 : undefined;
      const more =
        count > 0 &&
        (result.hasMore ?? (lastPage === undefined ? null : page < lastPage) ?? count >= pageSize);
      return more ? { items: result.items, next: page + 1 } : { items: result.items };
    },
  };
}

function assertPositiveInteger(fn: string, name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`${fn}: ${name} must be a positive integer, got ${String(value)}`);
  }
}

function badCursor(id: string, expected: string): ConnectorError {
  return new ConnectorError(
    'invalid_page_token',
    `The page token holds a position in '${id}' that is not ${expected}; restart the listing ` +
      'without a page token',
  );
}
