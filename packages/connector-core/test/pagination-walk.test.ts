import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ConnectorError,
  createPageTokenCodec,
  cursorEndpoint,
  discoverEndpoints,
  type Endpoint,
  type EndpointList,
  fillPage,
  iterateItems,
  linkEndpoint,
  offsetEndpoint,
  pageNumberEndpoint,
  WalkPositionSchema,
} from '../src/index.ts';

//// Upstream lists held in memory, paged the way apps page ////

type Style = 'cursor' | 'link' | 'offset' | 'page';

interface Upstream {
  id: string;
  items: string[];
  pageSize: number;
  style: Style;
}

/** Counts upstream requests, to check that the walk fetches only what it needs. */
interface Requests {
  count: number;
}

const ORIGIN = 'https://api.sample.example';

function endpointOf(upstream: Upstream, requests: Requests): Endpoint<string> {
  const { id, items, pageSize } = upstream;
  const slice = (offset: number) => {
    requests.count++;
    return items.slice(offset, offset + pageSize);
  };
  switch (upstream.style) {
    case 'cursor':
      // Cursors look like an app's: opaque strings, not offsets.
      return cursorEndpoint({
        id,
        fetch: async (cursor) => {
          const offset = cursor === undefined ? 0 : Number(Buffer.from(cursor, 'base64url'));
          const next = offset + pageSize;
          return {
            items: slice(offset),
            nextCursor:
              next < items.length ? Buffer.from(String(next)).toString('base64url') : null,
          };
        },
      });
    case 'link':
      return linkEndpoint({
        id,
        firstUrl: `${ORIGIN}/lists/${encodeURIComponent(id)}?per_page=${pageSize}`,
        fetch: async (url) => {
          const page = Number(url.searchParams.get('page') ?? '1');
          const offset = (page - 1) * pageSize;
          const next = new URL(url);
          next.searchParams.set('page', String(page + 1));
          return {
            items: slice(offset),
            nextUrl: offset + pageSize < items.length ? next.toString() : undefined,
          };
        },
      });
    case 'offset':
      // No total: a full page is taken to mean there may be more.
      return offsetEndpoint({
        id,
        limit: pageSize,
        fetch: async (offset) => ({ items: slice(offset) }),
      });
    case 'page':
      return pageNumberEndpoint({
        id,
        pageSize,
        fetch: async (page) => ({
          items: slice((page - 1) * pageSize),
          totalPages: Math.ceil(items.length / pageSize),
        }),
      });
  }
}

const codec = createPageTokenCodec({ kind: 'sample:list_accounts', schema: WalkPositionSchema });

/**
 * Lists everything the way a platform does: one call per page, passing the token back. Each
 * call starts from the token alone, as a new connector process would.
 */
async function listAllPages(
  endpoints: () => EndpointList<string>,
  size: number,
  maxRequests?: number,
): Promise<string[][]> {
  const pages: string[][] = [];
  let token: string | undefined;
  for (let call = 0; call < 2_000; call++) {
    const page = await fillPage({
      endpoints: endpoints(),
      size,
      position: codec.decode(token),
      maxRequests,
    });
    pages.push(page.items);
    if (page.next === undefined) return pages;
    token = codec.encode(page.next);
  }
  throw new Error('listing did not end after 2000 pages');
}

const upstreamArbitrary = (id: string): fc.Arbitrary<Upstream> =>
  fc.record({
    id: fc.constant(id),
    items: fc.nat({ max: 17 }).map((n) => Array.from({ length: n }, (_, i) => `${id}/${i}`)),
    pageSize: fc.integer({ min: 1, max: 7 }),
    style: fc.constantFrom<Style>('cursor', 'link', 'offset', 'page'),
  });

const upstreamsArbitrary = fc
  .nat({ max: 5 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => upstreamArbitrary(`e${i}`))));

describe('fillPage over a list of endpoints', () => {
  it('lists every item exactly once, in order, for every page size', async () => {
    await fc.assert(
      fc.asyncProperty(upstreamsArbitrary, fc.integer({ min: 1, max: 12 }), async (ups, size) => {
        const requests = { count: 0 };
        const pages = await listAllPages(() => ups.map((u) => endpointOf(u, requests)), size);

        expect(pages.flat()).toEqual(ups.flatMap((u) => u.items));
        for (const page of pages.slice(0, -1)) expect(page).toHaveLength(size);
      }),
      { numRuns: 300 },
    );
  });

  it('lists every item exactly once when a request budget pauses pages early', async () => {
    await fc.assert(
      fc.asyncProperty(
        upstreamsArbitrary,
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 3 }),
        async (ups, size, maxRequests) => {
          const requests = { count: 0 };
          const endpoints = () => ups.map((u) => endpointOf(u, requests));
          const pages = await listAllPages(endpoints, size, maxRequests);

          expect(pages.flat()).toEqual(ups.flatMap((u) => u.items));
          for (const page of pages) expect(page.length).toBeLessThanOrEqual(size);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('spans the end of one endpoint and the start of the next in one page', async () => {
    const requests = { count: 0 };
    const endpoints = [
      endpointOf({ id: 'a', items: ['a1', 'a2', 'a3'], pageSize: 2, style: 'cursor' }, requests),
      endpointOf({ id: 'b', items: ['b1', 'b2', 'b3'], pageSize: 2, style: 'offset' }, requests),
    ];

    const first = await fillPage({ endpoints, size: 4 });

    expect(first.items).toEqual(['a1', 'a2', 'a3', 'b1']);
    expect(first.next).toEqual([{ endpoint: 'b', skip: 1 }]);
    expect(requests.count).toBe(3);

    const second = await fillPage({ endpoints, size: 4, position: first.next });

    expect(second).toEqual({ items: ['b2', 'b3'], next: undefined });
  });

  it('fetches only the upstream pages the page needs', async () => {
    const requests = { count: 0 };
    const endpoints = ['a', 'b', 'c', 'd'].map((id) =>
      endpointOf(
        { id, items: [`${id}1`, `${id}2`, `${id}3`], pageSize: 10, style: 'page' },
        requests,
      ),
    );

    const page = await fillPage({ endpoints, size: 2 });

    expect(page).toEqual({ items: ['a1', 'a2'], next: [{ endpoint: 'a', skip: 2 }] });
    expect(requests.count).toBe(1);
  });

  it('refuses a position naming an endpoint the list does not have', async () => {
    const endpoints = [
      endpointOf({ id: 'a', items: ['a1'], pageSize: 1, style: 'cursor' }, { count: 0 }),
    ];

    await expect(
      fillPage({ endpoints, size: 5, position: [{ endpoint: 'zzz', skip: 0 }] }),
    ).rejects.toMatchObject({
      code: 'invalid_page_token',
      message:
        'The page token does not fit this listing (it names an unknown endpoint); restart the listing without a page token',
    });
  });

  it('refuses a position whose cursor is not of the endpoint`s style', async () => {
    const endpoints = [
      endpointOf({ id: 'a', items: ['a1'], pageSize: 1, style: 'offset' }, { count: 0 }),
    ];

    await expect(
      fillPage({ endpoints, size: 5, position: [{ endpoint: 'a', cursor: 'abc', skip: 0 }] }),
    ).rejects.toMatchObject({ code: 'invalid_page_token' });
  });
});

describe('fillPage over discovered endpoints (teams, then each team`s members)', () => {
  const teamsArbitrary = fc.record({
    teams: fc.array(upstreamArbitrary('t'), { maxLength: 6 }).map((teams) =>
      teams.map((team, i) => ({
        ...team,
        id: `team${i}`,
        items: team.items.map((_, j) => `team${i}/member${j}`),
      })),
    ),
    teamsPageSize: fc.integer({ min: 1, max: 4 }),
    teamsStyle: fc.constantFrom<Style>('cursor', 'link', 'offset', 'page'),
  });

  it('lists every member of every team exactly once, in order, for every page size', async () => {
    await fc.assert(
      fc.asyncProperty(
        teamsArbitrary,
        fc.integer({ min: 1, max: 12 }),
        fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
        async ({ teams, teamsPageSize, teamsStyle }, size, maxRequests) => {
          const requests = { count: 0 };
          const byId = new Map(teams.map((team) => [team.id, team]));
          const teamList: Upstream = {
            id: 'teams',
            items: teams.map((team) => team.id),
            pageSize: teamsPageSize,
            style: teamsStyle,
          };
          const endpoints = () =>
            discoverEndpoints([endpointOf(teamList, requests)], (teamId: string) =>
              endpointOf(byId.get(teamId)!, requests),
            );

          const pages = await listAllPages(endpoints, size, maxRequests);

          expect(pages.flat()).toEqual(teams.flatMap((team) => team.items));
          if (maxRequests === undefined) {
            for (const page of pages.slice(0, -1)) expect(page).toHaveLength(size);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps the team and the member position in the token', async () => {
    const requests = { count: 0 };
    const teams: Upstream = { id: 'teams', items: ['red', 'blue'], pageSize: 1, style: 'cursor' };
    const members = (team: string): Upstream => ({
      id: `members:${team}`,
      items: [`${team}-1`, `${team}-2`, `${team}-3`],
      pageSize: 2,
      style: 'cursor',
    });
    const endpoints = discoverEndpoints([endpointOf(teams, requests)], (team: string) =>
      endpointOf(members(team), requests),
    );

    const first = await fillPage({ endpoints, size: 4 });

    expect(first).toEqual({
      items: ['red-1', 'red-2', 'red-3', 'blue-1'],
      next: [
        { endpoint: 'teams', cursor: 'MQ', skip: 0 },
        { endpoint: 'members:blue', skip: 1 },
      ],
    });
    expect(await fillPage({ endpoints, size: 4, position: first.next })).toEqual({
      items: ['blue-2', 'blue-3'],
      next: undefined,
    });
  });

  it('refuses a position with the wrong number of levels', async () => {
    const endpoints = discoverEndpoints([] as Endpoint<string>[], (team: string) =>
      endpointOf({ id: team, items: [], pageSize: 1, style: 'cursor' }, { count: 0 }),
    );

    await expect(
      fillPage({ endpoints, size: 5, position: [{ endpoint: 'teams', skip: 0 }] }),
    ).rejects.toMatchObject({
      code: 'invalid_page_token',
      message: expect.stringContaining('it has 1 levels where this list has 2'),
    });
  });
});

describe('request budget', () => {
  it('pauses before the request the budget does not allow, and resumes there', async () => {
    const requests = { count: 0 };
    const endpoints = [
      endpointOf({ id: 'a', items: ['a1', 'a2', 'a3'], pageSize: 2, style: 'page' }, requests),
      endpointOf({ id: 'b', items: ['b1', 'b2'], pageSize: 2, style: 'page' }, requests),
    ];

    const first = await fillPage({ endpoints, size: 10, maxRequests: 2 });

    expect(first).toEqual({
      items: ['a1', 'a2', 'a3'],
      next: [{ endpoint: 'b', skip: 0 }],
    });
    expect(requests.count).toBe(2);
    expect(await fillPage({ endpoints, size: 10, maxRequests: 2, position: first.next })).toEqual({
      items: ['b1', 'b2'],
      next: undefined,
    });
  });
});

describe('fillPage over three levels (orgs, their teams, each team`s members)', () => {
  it('lists every member once and keeps one position per level', async () => {
    const requests = { count: 0 };
    const orgs: Upstream = {
      id: 'orgs',
      items: ['acme', 'umbrella'],
      pageSize: 1,
      style: 'cursor',
    };
    const teams: Record<string, string[]> = { acme: ['red', 'blue'], umbrella: ['green'] };
    const endpoints = () =>
      discoverEndpoints(
        discoverEndpoints([endpointOf(orgs, requests)], (org: string) =>
          endpointOf(
            { id: `teams:${org}`, items: teams[org] ?? [], pageSize: 1, style: 'offset' },
            requests,
          ),
        ),
        (team: string) =>
          endpointOf(
            { id: `members:${team}`, items: [`${team}1`, `${team}2`], pageSize: 1, style: 'link' },
            requests,
          ),
      );

    const first = await fillPage({ endpoints: endpoints(), size: 3 });
    const pages = await listAllPages(endpoints, 3);

    expect(first).toEqual({
      items: ['red1', 'red2', 'blue1'],
      next: [
        { endpoint: 'orgs', skip: 0 },
        { endpoint: 'teams:acme', cursor: 1, skip: 0 },
        { endpoint: 'members:blue', cursor: '/lists/members%3Ablue?per_page=1&page=2', skip: 0 },
      ],
    });
    expect(pages).toEqual([['red1', 'red2', 'blue1'], ['blue2', 'green1', 'green2'], []]);
  });
});

describe('repeated cursors', () => {
  function loopingEndpoint(cursors: string[]): Endpoint<string> {
    return cursorEndpoint({
      id: 'members',
      fetch: async (cursor) => {
        const at = cursor === undefined ? 0 : cursors.indexOf(cursor) + 1;
        return { items: [`item${at}`], nextCursor: cursors[at % cursors.length] };
      },
    });
  }

  it('is an invalid_response naming the endpoint when a page returns its own cursor', async () => {
    const endpoints = [
      cursorEndpoint({
        id: 'members',
        fetch: async (cursor) => ({ items: ['x'], nextCursor: cursor ?? 'same' }),
      }),
    ];

    const error = await fillPage({ endpoints, size: 10 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).code).toBe('invalid_response');
    expect((error as ConnectorError).message).toMatchInlineSnapshot(
      `"The upstream list 'members' returned a next-page cursor it had already returned, so paging would never end; this is a fault of the app (or of the endpoint\`s cursor handling in the connector): report it with the endpoint id"`,
    );
  });

  it('is an invalid_response when cursors cycle within one call', async () => {
    const endpoints = [loopingEndpoint(['c1', 'c2', 'c3'])];

    await expect(fillPage({ endpoints, size: 100 })).rejects.toMatchObject({
      code: 'invalid_response',
    });
  });

  it('is an invalid_response when the page of a saved cursor returns that cursor again', async () => {
    const endpoints = [loopingEndpoint(['c1'])];

    await expect(
      fillPage({
        endpoints,
        size: 100,
        position: [{ endpoint: 'members', cursor: 'c1', skip: 0 }],
      }),
    ).rejects.toMatchObject({ code: 'invalid_response' });
  });
});

describe('linkEndpoint', () => {
  const endpoint = (nextUrl: string | undefined) =>
    linkEndpoint({
      id: 'members',
      firstUrl: `${ORIGIN}/orgs/acme/members?per_page=2`,
      fetch: async () => ({ items: ['m'], nextUrl }),
    });

  it('keeps only the path and query of the next link in the position', async () => {
    const page = await fillPage({
      endpoints: [endpoint(`${ORIGIN}/orgs/acme/members?per_page=2&page=2`)],
      size: 1,
    });

    expect(page.next).toEqual([
      { endpoint: 'members', cursor: '/orgs/acme/members?per_page=2&page=2', skip: 0 },
    ]);
  });

  it('refuses a saved position that points to another host', async () => {
    for (const cursor of ['//evil.example/steal', 'https://evil.example/steal', 'steal']) {
      await expect(
        fillPage({
          endpoints: [endpoint(undefined)],
          size: 1,
          position: [{ endpoint: 'members', cursor, skip: 0 }],
        }),
      ).rejects.toMatchObject({ code: 'invalid_page_token' });
    }
  });

  it('refuses to follow a next link to another origin', async () => {
    await expect(
      fillPage({ endpoints: [endpoint('https://evil.example/next?token=abc')], size: 1 }),
    ).rejects.toMatchObject({
      code: 'invalid_response',
      message:
        "The upstream list 'members' sent a next link to another origin (https://evil.example/next?token=[REDACTED], expected https://api.sample.example); the connector does not follow it",
    });
  });
});

describe('iterateItems', () => {
  it('walks every item from a position without paging', async () => {
    const requests = { count: 0 };
    const endpoints = [
      endpointOf({ id: 'a', items: ['a1', 'a2', 'a3'], pageSize: 2, style: 'link' }, requests),
      endpointOf({ id: 'b', items: ['b1'], pageSize: 2, style: 'page' }, requests),
    ];
    const items: string[] = [];
    for await (const item of iterateItems(endpoints, { position: [{ endpoint: 'a', skip: 1 }] })) {
      items.push(item);
    }

    expect(items).toEqual(['a2', 'a3', 'b1']);
  });
});
