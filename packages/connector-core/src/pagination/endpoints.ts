import { z } from 'zod';
import { ConnectorError } from '../errors/connector-error.ts';
import type { PageTokenCodec } from './page-token.ts';

//// What an upstream list looks like to the walkers ////

/** An upstream cursor: an opaque string, a next URL (path and query), an offset or a page. */
export type UpstreamCursor = string | number;

/** One page of an upstream list, and the cursor of the next page (none on the last). */
export interface UpstreamPage<Item> {
  items: readonly Item[];
  next?: UpstreamCursor | null | undefined;
}

export interface FetchContext {
  signal?: AbortSignal | undefined;
}

/**
 * One upstream list, e.g. `GET /orgs/acme/members`. `fetchPage(undefined)` fetches the first
 * page. The upstream page size must stay the same from call to call: a saved position is
 * "the page at this cursor, after `skip` items", which only holds if the page is the same.
 */
export interface Endpoint<Item> {
  /** Unique within its list; kept in page tokens, so keep it short and stable. */
  readonly id: string;
  fetchPage(cursor: UpstreamCursor | undefined, context: FetchContext): Promise<UpstreamPage<Item>>;
}

/**
 * Endpoints found by walking another list, e.g. the members list of each team of an org.
 * The items of `from` are walked in order and each becomes an endpoint through `endpoint`.
 * `from` may itself be discovered, to any depth.
 */
export interface DiscoveredEndpoints<Item, Parent> {
  from: EndpointList<Parent>;
  endpoint(parent: Parent): Endpoint<Item>;
}

/** An ordered list of endpoints, given up front or discovered from another list. */
export type EndpointList<Item> =
  | readonly Endpoint<Item>[]
  // biome-ignore lint/suspicious/noExplicitAny: the parent type is private to each level.
  | DiscoveredEndpoints<Item, any>;

/** Builds a `DiscoveredEndpoints`, inferring the parent type. */
export function discoverEndpoints<Item, Parent>(
  from: EndpointList<Parent>,
  endpoint: (parent: Parent) => Endpoint<Item>,
): DiscoveredEndpoints<Item, Parent> {
  return { from, endpoint };
}

//// Positions, as kept in page tokens ////

/**
 * Where one level of a walk stands: in the endpoint `endpoint`, on the upstream page fetched
 * with `cursor` (the first page when absent), after its first `skip` items. In a discovered
 * level, a missing `endpoint` means "the endpoint of whatever parent stands there, from its
 * start".
 */
export const EndpointPositionSchema = z.object({
  endpoint: z.string().max(512).optional(),
  cursor: z.union([z.string().max(8_192), z.number().int().nonnegative()]).optional(),
  skip: z.number().int().nonnegative().max(1_000_000),
});
export type EndpointPosition = z.infer<typeof EndpointPositionSchema>;

/**
 * The position of a whole walk: one entry per level, outermost first (one entry for a plain
 * list, two for teams then members, ...). Use it as, or inside, a page token's schema.
 */
export const WalkPositionSchema = z.array(EndpointPositionSchema).min(1).max(8);
export type WalkPosition = z.infer<typeof WalkPositionSchema>;

//// Walking ////

export interface WalkOptions {
  /** Where to start; undefined for the beginning. */
  position?: WalkPosition | undefined;
  signal?: AbortSignal | undefined;
  /**
   * Upstream requests this walk may make before it pauses (see `fillPage`). So that every
   * call moves forward, a walk always fetches at least one page of an innermost list (and
   * the pages of outer lists needed to reach it), whatever the budget. @default Infinity
   */
  maxRequests?: number | undefined;
}

/**
 * One step of a walk: an item and the position right after it, or a pause before a request
 * the budget did not allow. `resume` is undefined once the walk has nothing left.
 */
export type WalkStep<Item> =
  | { item: Item; resume: WalkPosition | undefined }
  | { paused: true; resume: WalkPosition };

interface Budget {
  left: number;
  /** Requests for pages of the innermost lists: each one moves the walk forward. */
  leafRequests: number;
  signal: AbortSignal | undefined;
}

interface Positioned<Item> {
  item: Item;
  /** The position of this item itself: resuming there yields it again. */
  at: WalkPosition;
  /** The position after it. */
  after: WalkPosition | undefined;
}

type Step<Item> = Positioned<Item> | { paused: true; resume: WalkPosition };

/**
 * Walks the items of an endpoint list from a position, in order, fetching upstream pages
 * one at a time and only as the consumer asks for more items.
 *
 * Note: everything is sequential: one upstream request at a time, in list order, because a
 * page must be an exact prefix of what is left. Prefetching the next upstream page (with a
 * p-limit of a few) would not change the positions, which describe what was consumed, not
 * what was fetched; it is not done yet.
 */
export async function* walkEndpoints<Item>(
  list: EndpointList<Item>,
  options: WalkOptions = {},
): AsyncGenerator<WalkStep<Item>, void, undefined> {
  const maxRequests = options.maxRequests ?? Number.POSITIVE_INFINITY;
  if (!(maxRequests >= 1)) throw new TypeError('walkEndpoints: maxRequests must be at least 1');
  const depth = listDepth(list);
  const position = options.position;
  if (position !== undefined && position.length !== depth) {
    throw invalidPosition(`it has ${position.length} levels where this list has ${depth}`);
  }
  const budget: Budget = { left: maxRequests, leafRequests: 0, signal: options.signal };
  for await (const step of walkList(list, position ?? [], budget, true)) {
    yield 'paused' in step ? step : { item: step.item, resume: step.after };
  }
}

/** Every item of an endpoint list from a position, for callers that do not page. */
export async function* iterateItems<Item>(
  list: EndpointList<Item>,
  options: Omit<WalkOptions, 'maxRequests'> = {},
): AsyncGenerator<Item, void, undefined> {
  for await (const step of walkEndpoints(list, options)) {
    if ('item' in step) yield step.item;
  }
}

export interface FillPageOptions<Item> extends WalkOptions {
  endpoints: EndpointList<Item>;
  /** The most items the page may hold (the protocol's `page.size`). */
  size: number;
}

export interface FilledPage<Item> {
  items: Item[];
  /** Where the next page starts; undefined on the last page. Encode it into the token. */
  next: WalkPosition | undefined;
}

/**
 * Fills one protocol page with up to `size` items, continuing across endpoints: a page may
 * hold the end of one upstream list and the start of the next, and may end in the middle of
 * an upstream page (the position then says how many of its items were already sent, so
 * nothing is lost or sent twice).
 *
 * The page is shorter than `size` only on the last page, or when `maxRequests` upstream
 * requests were made; `next` then points where the walk paused. The last page may be empty
 * when the endpoints left after a full page turn out empty.
 *
 * If an upstream list changes between two calls, items may shift across the saved position
 * (as with any cursor). If a discovered parent at a saved position is no longer the same,
 * the endpoint of the parent found there is listed from its start.
 */
export async function fillPage<Item>(options: FillPageOptions<Item>): Promise<FilledPage<Item>> {
  const { endpoints, size, ...walk } = options;
  if (!Number.isInteger(size) || size < 1) {
    throw new TypeError(`fillPage: size must be a positive integer, got ${String(size)}`);
  }
  const items: Item[] = [];
  let next: WalkPosition | undefined;
  for await (const step of walkEndpoints(endpoints, walk)) {
    if ('paused' in step) return { items, next: step.resume };
    items.push(step.item);
    next = step.resume;
    if (items.length === size) return { items, next };
  }
  return { items, next: undefined };
}

//// Levels ////

function listDepth(list: EndpointList<unknown>): number {
  return Array.isArray(list)
    ? 1
    : listDepth((list as DiscoveredEndpoints<unknown, unknown>).from) + 1;
}

/** `leaf`: whether the list's items are what the walk yields, not parents of endpoints. */
function walkList<Item>(
  list: EndpointList<Item>,
  position: WalkPosition,
  budget: Budget,
  leaf: boolean,
): AsyncGenerator<Step<Item>, void, undefined> {
  return Array.isArray(list)
    ? walkFixed(list as readonly Endpoint<Item>[], position, budget, leaf)
    : walkDiscovered(list as DiscoveredEndpoints<Item, unknown>, position, budget);
}

async function* walkFixed<Item>(
  endpoints: readonly Endpoint<Item>[],
  position: WalkPosition,
  budget: Budget,
  leaf: boolean,
): AsyncGenerator<Step<Item>, void, undefined> {
  assertUniqueIds(endpoints);
  const start = position[0];
  let index = 0;
  if (start !== undefined) {
    index = endpoints.findIndex((endpoint) => endpoint.id === start.endpoint);
    if (index < 0) throw invalidPosition(`it names an unknown endpoint`);
  }
  let from = start;
  for (; index < endpoints.length; index++, from = undefined) {
    const endpoint = endpoints[index]!;
    const following = endpoints[index + 1];
    for await (const step of walkOne(endpoint, from, budget, leaf)) {
      if ('paused' in step) {
        yield { paused: true, resume: [step.resume] };
        return;
      }
      const after: EndpointPosition | undefined =
        step.after ?? (following ? { endpoint: following.id, skip: 0 } : undefined);
      yield { item: step.item, at: [step.at], after: after && [after] };
    }
  }
}

async function* walkDiscovered<Item>(
  list: DiscoveredEndpoints<Item, unknown>,
  position: WalkPosition,
  budget: Budget,
): AsyncGenerator<Step<Item>, void, undefined> {
  const outer = position.slice(0, -1);
  let inner = position.at(-1);

  for await (const parentStep of walkList(list.from, outer, budget, false)) {
    if ('paused' in parentStep) {
      // Paused while looking for the next parent: its endpoint starts from the beginning.
      yield { paused: true, resume: [...parentStep.resume, inner ?? { skip: 0 }] };
      return;
    }
    const endpoint = list.endpoint(parentStep.item);
    const from = inner?.endpoint === endpoint.id ? inner : undefined;
    inner = undefined;

    for await (const step of walkOne(endpoint, from, budget, true)) {
      if ('paused' in step) {
        yield { paused: true, resume: [...parentStep.at, step.resume] };
        return;
      }
      const after: WalkPosition | undefined = step.after
        ? [...parentStep.at, step.after]
        : parentStep.after && [...parentStep.after, { skip: 0 }];
      yield { item: step.item, at: [...parentStep.at, step.at], after };
    }
  }
}

interface OneStep<Item> {
  item: Item;
  at: EndpointPosition;
  after: EndpointPosition | undefined;
}

/** The items of one endpoint from a position; `after` is undefined past its last item. */
async function* walkOne<Item>(
  endpoint: Endpoint<Item>,
  from: EndpointPosition | undefined,
  budget: Budget,
  leaf: boolean,
): AsyncGenerator<OneStep<Item> | { paused: true; resume: EndpointPosition }, void, undefined> {
  let cursor: UpstreamCursor | undefined = from?.cursor;
  let skip = from?.skip ?? 0;
  const seen = new Set<UpstreamCursor>();
  if (cursor !== undefined) seen.add(cursor);

  while (true) {
    if (budget.left <= 0 && budget.leafRequests > 0) {
      yield { paused: true, resume: position(endpoint.id, cursor, skip) };
      return;
    }
    budget.left--;
    if (leaf) budget.leafRequests++;
    const page = await endpoint.fetchPage(cursor, { signal: budget.signal });
    const next = page.next ?? undefined;
    if (next !== undefined) assertNewCursor(endpoint, seen, next);

    const items = page.items;
    for (let index = skip; index < items.length; index++) {
      const last = index === items.length - 1;
      yield {
        item: items[index]!,
        at: position(endpoint.id, cursor, index),
        after: !last
          ? position(endpoint.id, cursor, index + 1)
          : next === undefined
            ? undefined
            : position(endpoint.id, next, 0),
      };
    }
    if (next === undefined) return;
    seen.add(next);
    cursor = next;
    skip = 0;
  }
}

function position(
  endpoint: string,
  cursor: UpstreamCursor | undefined,
  skip: number,
): EndpointPosition {
  return cursor === undefined ? { endpoint, skip } : { endpoint, cursor, skip };
}

function assertNewCursor(
  endpoint: Endpoint<unknown>,
  seen: ReadonlySet<UpstreamCursor>,
  next: UpstreamCursor,
): void {
  if (!seen.has(next)) return;
  throw new ConnectorError(
    'invalid_response',
    `The upstream list '${endpoint.id}' returned a next-page cursor it had already returned, ` +
      'so paging would never end; this is a fault of the app (or of the endpoint`s cursor ' +
      'handling in the connector): report it with the endpoint id',
  );
}

function assertUniqueIds(endpoints: readonly Endpoint<unknown>[]): void {
  const ids = new Set<string>();
  for (const endpoint of endpoints) {
    if (ids.has(endpoint.id)) {
      throw new TypeError(`walkEndpoints: two endpoints have the id '${endpoint.id}'`);
    }
    ids.add(endpoint.id);
  }
}

function invalidPosition(reason: string): ConnectorError {
  return new ConnectorError(
    'invalid_page_token',
    `The page token does not fit this listing (${reason}); restart the listing without a ` +
      'page token',
  );
}

//// With a page token ////

export interface FillTokenPageOptions<Item> extends Omit<WalkOptions, 'position'> {
  endpoints: EndpointList<Item>;
  /** A codec whose state is the walk position, e.g. with `WalkPositionSchema`. */
  codec: PageTokenCodec<WalkPosition>;
  /** The handler's `page`: the caller's token and size. */
  page: { token?: string | null | undefined; size?: number | null | undefined };
  /** The page size when the caller names none. @default 100 */
  defaultSize?: number;
}

export interface FilledTokenPage<Item> {
  items: Item[];
  /** The token of the next page; undefined on the last page. */
  nextPageToken: string | undefined;
}

/**
 * `fillPage` from a caller's page token to the next one: decodes the token (refusing one
 * the codec did not write), fills the page, and encodes where the next page starts.
 */
export async function fillTokenPage<Item>(
  options: FillTokenPageOptions<Item>,
): Promise<FilledTokenPage<Item>> {
  const { codec, page, defaultSize, ...walk } = options;
  const filled = await fillPage({
    ...walk,
    size: page.size ?? defaultSize ?? 100,
    position: codec.decode(page.token),
  });
  return {
    items: filled.items,
    nextPageToken: filled.next === undefined ? undefined : codec.encode(filled.next),
  };
}
