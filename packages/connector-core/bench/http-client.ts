/**
 * The HTTP client's own cost, as a ratio against plain `fetch` + `JSON.parse` of the same
 * answers from the same loopback server, measured in this run:
 *
 * - per request: sequential GETs of a 10 KB JSON page with a `Link` and rate-limit headers,
 *   through `createHttpClient` (auth, limiter, redacted debug log check, Link parsing);
 * - Link parsing: `parseLinkHeader` of a four-link GitHub header, against `String.split`.
 *
 * Reported, not asserted. Run: node --conditions=@grantkit/source --import tsx bench/http-client.ts
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpClient, parseLinkHeader } from '../src/index.ts';

const ROUNDS = 5;
const REQUESTS = 300;
const LINK_PARSES = 50_000;

const page = JSON.stringify(
  Array.from({ length: 60 }, (_, i) => ({
    login: `user${i}`,
    id: i,
    type: 'User',
    site_admin: false,
  })),
);
const link = [
  '<https://api.github.com/orgs/acme/members?per_page=100&page=2>; rel="next"',
  '<https://api.github.com/orgs/acme/members?per_page=100&page=9>; rel="last"',
  '<https://api.github.com/orgs/acme/members?per_page=100&page=1>; rel="first"',
  '<https://api.github.com/orgs/acme/members?per_page=100&page=1>; rel="prev"',
].join(', ');

const server = createServer((_request, response) => {
  response.writeHead(200, {
    'content-type': 'application/json',
    link,
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4000',
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
  });
  response.end(page);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const client = createHttpClient({
  baseUrl: base,
  appName: 'Bench',
  auth: { type: 'bearer', token: 'ghp_benchmark_token' },
});

async function viaFetch(): Promise<void> {
  for (let i = 0; i < REQUESTS; i++) {
    const response = await fetch(`${base}/orgs/acme/members?per_page=100`, {
      headers: { authorization: 'Bearer ghp_benchmark_token', accept: 'application/json' },
    });
    JSON.parse(await response.text());
    response.headers.get('link')?.split(',');
  }
}

async function viaClient(): Promise<void> {
  for (let i = 0; i < REQUESTS; i++) {
    await client.get('/orgs/acme/members', { searchParams: { per_page: 100 } });
  }
}

async function time(run: () => Promise<void> | void): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

await viaFetch();
await viaClient();
const fetchTimes: number[] = [];
const clientTimes: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  fetchTimes.push(await time(viaFetch));
  clientTimes.push(await time(viaClient));
}
server.close();

const splitTime = await time(() => {
  for (let i = 0; i < LINK_PARSES; i++) link.split(',').map((part) => part.split(';'));
});
const parseTime = await time(() => {
  for (let i = 0; i < LINK_PARSES; i++) parseLinkHeader(link);
});

const perRequest = (ms: number): string => `${((ms / REQUESTS) * 1000).toFixed(0)} µs`;
console.log(
  `GET through the client: ${perRequest(median(clientTimes))} per request, plain fetch ${perRequest(median(fetchTimes))}: ratio ${(median(clientTimes) / median(fetchTimes)).toFixed(2)}`,
);
console.log(
  `parseLinkHeader: ${((parseTime / LINK_PARSES) * 1000).toFixed(2)} µs per header, split ${((splitTime / LINK_PARSES) * 1000).toFixed(2)} µs: ratio ${(parseTime / splitTime).toFixed(2)}`,
);
