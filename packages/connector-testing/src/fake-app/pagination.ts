import { FakeHttpError } from './errors.ts';
import type { FakeRequest, FakeResponse } from './types.ts';

//// Slicing helpers for the pagination styles apps use ////

interface SizeOptions {
  /** The page size when the request names none. @default 30 */
  defaultSize?: number;
  /** The largest page size the app allows; larger requests are capped to it. @default 100 */
  maxSize?: number;
}

function readSize(request: FakeRequest, param: string, options: SizeOptions): number {
  const raw = request.query[param];
  const size = raw === undefined ? (options.defaultSize ?? 30) : Number(raw);
  if (!Number.isInteger(size) || size < 1) {
    throw new FakeHttpError(400, `Invalid ${param}: '${raw}' is not a positive integer`);
  }
  return Math.min(size, options.maxSize ?? 100);
}

function readInteger(request: FakeRequest, param: string, fallback: number, min: number): number {
  const raw = request.query[param];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new FakeHttpError(400, `Invalid ${param}: '${raw}' must be an integer >= ${min}`);
  }
  return value;
}

export interface LinkPageOptions extends SizeOptions {
  /** @default 'page' */
  pageParam?: string;
  /** @default 'per_page' */
  sizeParam?: string;
}

/**
 * Page-number pagination with an RFC 8288 `Link` header (`next`, `prev`, `first`, `last`),
 * as GitHub answers: the body is the slice itself.
 */
export function linkPage<T>(
  request: FakeRequest,
  items: readonly T[],
  options: LinkPageOptions = {},
): FakeResponse & { body: T[] } {
  const pageParam = options.pageParam ?? 'page';
  const sizeParam = options.sizeParam ?? 'per_page';
  const size = readSize(request, sizeParam, options);
  const page = readInteger(request, pageParam, 1, 1);
  const lastPage = Math.max(1, Math.ceil(items.length / size));
  const body = items.slice((page - 1) * size, page * size);

  const link = (target: number, rel: string): string => {
    const url = new URL(request.url);
    url.searchParams.set(pageParam, String(target));
    url.searchParams.set(sizeParam, String(size));
    return `<${url.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(Math.min(page - 1, lastPage), 'prev'));
  if (page < lastPage) links.push(link(page + 1, 'next'), link(lastPage, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  return { status: 200, headers: links.length > 0 ? { link: links.join(', ') } : {}, body };
}

export interface CursorPageOptions extends SizeOptions {
  /** @default 'cursor' */
  cursorParam?: string;
  /** @default 'limit' */
  sizeParam?: string;
}

/**
 * Cursor pagination: returns the slice and the opaque cursor of the next page (undefined on
 * the last), for the handler to put in its body the way the app does. An unknown cursor is
 * the app's 400, never a restart from the first page.
 */
export function cursorPage<T>(
  request: FakeRequest,
  items: readonly T[],
  options: CursorPageOptions = {},
): { items: T[]; nextCursor: string | undefined } {
  const cursorParam = options.cursorParam ?? 'cursor';
  const size = readSize(request, options.sizeParam ?? 'limit', options);
  const cursor = request.query[cursorParam];
  const offset = cursor === undefined || cursor === '' ? 0 : decodeCursor(cursor, cursorParam);
  const end = offset + size;
  return {
    items: items.slice(offset, end),
    nextCursor: end < items.length ? encodeCursor(end) : undefined,
  };
}

const CURSOR_PREFIX = 'fc1:';

function encodeCursor(offset: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${offset}`).toString('base64url');
}

function decodeCursor(cursor: string, param: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const offset = text.startsWith(CURSOR_PREFIX) ? Number(text.slice(CURSOR_PREFIX.length)) : NaN;
  if (!Number.isInteger(offset) || offset < 0) {
    throw new FakeHttpError(400, `Invalid ${param}: this cursor was not issued by the app`);
  }
  return offset;
}

export interface OffsetPageOptions extends SizeOptions {
  /** @default 'offset' */
  offsetParam?: string;
  /** @default 'limit' */
  sizeParam?: string;
}

/** Offset/limit pagination: the slice, the total, and the next offset (undefined at the end). */
export function offsetPage<T>(
  request: FakeRequest,
  items: readonly T[],
  options: OffsetPageOptions = {},
): { items: T[]; offset: number; limit: number; total: number; nextOffset: number | undefined } {
  const limit = readSize(request, options.sizeParam ?? 'limit', options);
  const offset = readInteger(request, options.offsetParam ?? 'offset', 0, 0);
  const end = offset + limit;
  return {
    items: items.slice(offset, end),
    offset,
    limit,
    total: items.length,
    nextOffset: end < items.length ? end : undefined,
  };
}

export interface NumberedPageOptions extends SizeOptions {
  /** @default 'page' */
  pageParam?: string;
  /** @default 'per_page' */
  sizeParam?: string;
  /** The number of the first page (some apps count from 0). @default 1 */
  firstPage?: number;
}

/** Page-number pagination with the totals in the body, as many JSON APIs do. */
export function numberedPage<T>(
  request: FakeRequest,
  items: readonly T[],
  options: NumberedPageOptions = {},
): { items: T[]; page: number; perPage: number; totalPages: number; total: number } {
  const first = options.firstPage ?? 1;
  const perPage = readSize(request, options.sizeParam ?? 'per_page', options);
  const page = readInteger(request, options.pageParam ?? 'page', first, first);
  const start = (page - first) * perPage;
  return {
    items: items.slice(start, start + perPage),
    page,
    perPage,
    totalPages: Math.ceil(items.length / perPage),
    total: items.length,
  };
}

export const SCIM_LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** A SCIM 2.0 `ListResponse` (RFC 7644 section 3.4.2), paged with 1-based `startIndex` and `count`. */
export function scimPage<T>(
  request: FakeRequest,
  resources: readonly T[],
  options: SizeOptions = {},
): FakeResponse & {
  body: {
    schemas: string[];
    totalResults: number;
    startIndex: number;
    itemsPerPage: number;
    Resources: T[];
  };
} {
  const count = readSize(request, 'count', options);
  // RFC 7644: a startIndex below 1 is read as 1.
  const startIndex = Math.max(1, readInteger(request, 'startIndex', 1, -Infinity));
  const page = resources.slice(startIndex - 1, startIndex - 1 + count);
  return {
    status: 200,
    headers: { 'content-type': 'application/scim+json' },
    body: {
      schemas: [SCIM_LIST_RESPONSE],
      totalResults: resources.length,
      startIndex,
      itemsPerPage: page.length,
      Resources: page,
    },
  };
}
