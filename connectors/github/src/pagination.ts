import {
  ConnectorError,
  createPageTokenCodec,
  type Endpoint,
  type EndpointList,
  fillPage,
  linkEndpoint,
  type PageTokenCodec,
  type WalkPosition,
  WalkPositionSchema,
} from '@grantkit/connector-core';
import pLimit, { type LimitFunction } from 'p-limit';
import { z } from 'zod';
import type { GitHubClient, ListPage } from './client.ts';
import { DEFAULT_RESULTS_PER_PAGE, MAX_RESULTS_PER_PAGE } from './constants.ts';

/*
 * A listing is a sequence of named phases (e.g. organization roles, then teams, then
 * repositories); each phase is a list of GitHub endpoints walked by the core's `fillPage`,
 * fixed or discovered from another list (the members of each team of the teams list).
 * One page of results can span the end of one endpoint or phase and the start of the
 * next, and the page token holds the phase and the walk position within it, so a long
 * listing resumes exactly where the last page stopped.
 *
 * The core walker consumes endpoints one page at a time, in order. To fan out over
 * hundreds of teams and repositories, `PageSource` fetches ahead: pages 2..N of a list
 * once its `Link: rel="last"` is known, and the first pages of the next endpoints, all
 * through the client's bounded concurrency. Fetching ahead changes no position (positions
 * describe what was sent, not what was fetched), so tokens stay exact.
 */

//// Page tokens ////

const ListingStateSchema = z.object({
  /** The phase the next page starts in. */
  phase: z.string().max(64),
  /** Where in that phase; absent at its start. */
  position: WalkPositionSchema.optional(),
});
type ListingState = z.infer<typeof ListingStateSchema>;

const codecs = new Map<string, PageTokenCodec<ListingState>>();

/** The token codec of one capability's listing; tokens of another listing are refused. */
export function listingCodec(capability: string): PageTokenCodec<ListingState> {
  let codec = codecs.get(capability);
  if (codec === undefined) {
    codec = createPageTokenCodec({ kind: `github:${capability}`, schema: ListingStateSchema });
    codecs.set(capability, codec);
  }
  return codec;
}

/** One phase of a listing: a name kept in tokens, and its endpoints. */
export interface Phase<Item> {
  name: string;
  endpoints: EndpointList<Item>;
  /**
   * Called when the phase starts, from its beginning or from a token's position: start the
   * requests the walk will make first, together rather than one after the other.
   */
  warm?: (position: WalkPosition | undefined) => void;
}

export interface ListingPage<Item> {
  items: Item[];
  nextPageToken: string | undefined;
}

/** The protocol page size: the caller's `page.size`, or the default, within bounds. */
export function resultsPerPage(requested: number | undefined): number {
  if (requested === undefined) return DEFAULT_RESULTS_PER_PAGE;
  if (!Number.isInteger(requested) || requested < 1 || requested > MAX_RESULTS_PER_PAGE) {
    throw new ConnectorError(
      'bad_request',
      `page.size must be an integer from 1 to ${MAX_RESULTS_PER_PAGE}; got ${requested}`,
    );
  }
  return requested;
}

/** Fills one page from the phases, starting where `token` says. */
export async function fillListingPage<Item>(options: {
  capability: string;
  phases: readonly Phase<Item>[];
  token: string | undefined;
  size: number;
  signal?: AbortSignal;
}): Promise<ListingPage<Item>> {
  const codec = listingCodec(options.capability);
  const state = codec.decode(options.token);
  let index = 0;
  let position = state?.position;
  if (state !== undefined) {
    index = options.phases.findIndex((phase) => phase.name === state.phase);
    if (index < 0) {
      throw new ConnectorError(
        'invalid_page_token',
        `The page token points at '${state.phase}', which this ${options.capability} request ` +
          'does not list (was it sent with other filters?); restart without a page token',
      );
    }
  }

  const items: Item[] = [];
  for (; index < options.phases.length; index++, position = undefined) {
    const phase = options.phases[index]!;
    if (items.length === options.size) {
      return { items, nextPageToken: codec.encode({ phase: phase.name }) };
    }
    phase.warm?.(position);
    // The next phase's first lists too: each phase starts with a sequential read (the
    // teams list before any team), which would otherwise wait for this phase to end. A
    // response that fills up before the next phase wastes that one read.
    options.phases[index + 1]?.warm?.(undefined);
    const page = await fillPage({
      endpoints: phase.endpoints,
      size: options.size - items.length,
      position,
      signal: options.signal,
    });
    items.push(...page.items);
    if (page.next !== undefined) {
      return { items, nextPageToken: codec.encode({ phase: phase.name, position: page.next }) };
    }
  }
  return { items, nextPageToken: undefined };
}

//// Fetching ahead ////

/**
 * Fetches the pages of GitHub lists for the walkers, ahead of need, and remembers the raw
 * payloads that ended up used. Its own queue holds what is not sent yet, so that `close()`
 * can drop it; what is in flight is awaited, so that the next call never has more than
 * `concurrency` requests open at GitHub together with the leftovers of this one.
 */
export class PageSource {
  readonly #client: GitHubClient;
  readonly #ahead: number;
  readonly #queue: LimitFunction;
  readonly #pending = new Map<string, Promise<ListPage<unknown>>>();
  readonly #inFlight = new Set<Promise<unknown>>();
  #closed = false;
  #room = Number.POSITIVE_INFINITY;
  readonly raw: unknown[] = [];

  /** `ahead`: how many pages (and endpoints) may be fetched before they are needed. */
  constructor(client: GitHubClient, options: { concurrency: number; ahead: number }) {
    this.#client = client;
    this.#ahead = options.ahead;
    this.#queue = pLimit(options.concurrency);
  }

  /** The page at `url`: fetched ahead earlier, or now; then fetches the following pages. */
  async page<T>(url: URL, schema: z.ZodType<T>, kind: ListKind = 'results'): Promise<ListPage<T>> {
    const key = url.toString();
    const pending = this.#pending.get(key) as Promise<ListPage<T>> | undefined;
    this.#pending.delete(key);
    const page = await (pending ?? this.#fetch(url, schema));
    this.raw.push(...page.raw);
    this.#fetchFollowing(url, page, schema, kind);
    return page;
  }

  /** How many more results the response has room for: fetching ahead stops short of it. */
  get room(): number {
    return this.#room;
  }

  /** Sets the room of the response; `produced` counts it down. */
  expect(results: number): void {
    this.#room = results;
  }

  /** Results the walker got from a page: less room, so less to fetch ahead. */
  produced(results: number): void {
    this.#room = Math.max(0, this.#room - results);
  }

  /** Starts fetching the first page of a list that will be needed soon. */
  warm<T>(url: URL, schema: z.ZodType<T>): void {
    const key = url.toString();
    if (this.#pending.has(key) || this.#closed) return;
    this.#pending.set(key, this.#fetch(url, schema));
  }

  /** Drops what is fetched ahead and not sent yet, and waits for what is in flight. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#queue.clearQueue();
    this.#pending.clear();
    await Promise.allSettled([...this.#inFlight]);
  }

  #fetch<T>(url: URL, schema: z.ZodType<T>): Promise<ListPage<T>> {
    const promise = this.#queue(() => {
      const request = this.#client.listPage(url, schema);
      this.#inFlight.add(request);
      return request.finally(() => this.#inFlight.delete(request));
    });
    // A page fetched ahead may never be asked for; its failure must not go unhandled.
    promise.catch(() => {});
    return promise;
  }

  /**
   * Pages `n+1 ..` of the list once GitHub told the last page: up to `ahead` of this one,
   * and no more than the room left in the response can take.
   */
  #fetchFollowing<T>(url: URL, page: ListPage<T>, schema: z.ZodType<T>, kind: ListKind): void {
    if (page.next === undefined || page.lastPage === undefined) return;
    const next = new URL(page.next);
    const first = Number(next.searchParams.get('page'));
    if (!Number.isInteger(first)) return;
    // A page of parents (teams) gives many results each, likely more than the room left:
    // its next page is read when the walker gets there.
    if (kind === 'parents') return;
    const needed = Math.ceil(this.#room / Math.max(1, page.items.length));
    const last = Math.min(page.lastPage, first + Math.min(this.#ahead, needed) - 1);
    for (let number = first; number <= last; number++) {
      const target = new URL(next);
      target.searchParams.set('page', String(number));
      if (target.origin === url.origin) this.warm(target, schema);
    }
  }
}

/**
 * A GitHub list as a walker endpoint: items of each page are mapped (one GitHub object may
 * give several results, or none), and pages come from the `PageSource`.
 */
export function githubEndpoint<Raw, Item>(options: {
  id: string;
  url: URL;
  schema: z.ZodType<Raw>;
  source: PageSource;
  map: (raw: Raw) => Item[];
  /** Called with each page's raw items, and its next link, before they are mapped. */
  onPage?: (items: Raw[], next: string | undefined) => void;
  /** Called with the number of results each page gave. */
  onProduced?: (results: number) => void;
  /** `parents` for a list whose items become endpoints (teams of a fan-out). @default 'results' */
  kind?: ListKind;
}): Endpoint<Item> {
  const kind = options.kind ?? 'results';
  return linkEndpoint({
    id: options.id,
    firstUrl: options.url,
    async fetch(url) {
      const page = await options.source.page(url, options.schema, kind);
      options.onPage?.(page.items, page.next);
      const items = page.items.flatMap(options.map);
      if (kind === 'results') options.source.produced(items.length);
      options.onProduced?.(items.length);
      return { items, nextUrl: page.next };
    },
  });
}

/** What a list's items are: results of the response, or parents of more lists. */
export type ListKind = 'results' | 'parents';

/**
 * The URL the walker will fetch for a saved cursor of a link endpoint (a path and query on
 * the first page's origin), or the first page when there is none. Undefined for a cursor
 * that is not such a path: the walker refuses it itself.
 */
export function cursorUrl(first: URL, cursor: string | number | undefined): URL | undefined {
  if (cursor === undefined) return first;
  if (typeof cursor !== 'string' || !cursor.startsWith('/') || cursor.startsWith('//')) {
    return undefined;
  }
  const url = new URL(cursor, first.origin);
  return url.origin === first.origin ? url : undefined;
}

/** A phase that needs no request: items known up front (the organization's own roles). */
export function staticEndpoint<Item>(id: string, items: () => Promise<Item[]>): Endpoint<Item> {
  return {
    id,
    async fetchPage() {
      return { items: await items() };
    },
  };
}
