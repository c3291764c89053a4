import { describe, expect, it } from 'vitest';
import { createHttpClient, RateLimitedError } from '../src/index.ts';
import { captureLogs, FAST_RETRY, reply, sleep, startServer } from './http-fixtures.ts';

describe('the concurrency limit', () => {
  for (const concurrency of [1, 3]) {
    it(`keeps at most ${concurrency} requests in flight at the server`, async () => {
      const server = await startServer(async (_request, response) => {
        await sleep(20);
        reply(response, 200, {});
      });
      const client = createHttpClient({
        baseUrl: server.url,
        appName: 'Acme',
        rateLimit: { concurrency },
      });

      await Promise.all(Array.from({ length: 8 }, (_, i) => client.get(`/users/${i}`)));

      expect(server.requests).toHaveLength(8);
      expect(server.maxInFlight).toBe(concurrency);
    });
  }

  it('frees the slot of a request that is retrying while it waits', async () => {
    const server = await startServer(async (request, response) => {
      if (request.url === '/slow' && server.requests.length === 1) {
        return reply(response, 503, undefined, { 'retry-after': '0.1' });
      }
      reply(response, 200, {});
    });
    const client = createHttpClient({
      baseUrl: server.url,
      appName: 'Acme',
      rateLimit: { concurrency: 1 },
      retry: FAST_RETRY,
    });

    const slow = client.get('/slow');
    await sleep(30);
    await client.get('/fast');

    // /fast went through while /slow waited out its Retry-After.
    expect(server.requests.map((request) => request.url)).toEqual(['/slow', '/fast']);
    await slow;
    expect(server.requests.map((request) => request.url)).toEqual(['/slow', '/fast', '/slow']);
  });
});

describe('the client-side rate limit', () => {
  it('starts at most `requests` per window, refilled evenly', async () => {
    const server = await startServer((_request, response) => reply(response, 200, {}));
    const client = createHttpClient({
      baseUrl: server.url,
      appName: 'Acme',
      rateLimit: { window: { requests: 2, windowMs: 100 } },
    });

    const started = Date.now();
    await Promise.all(Array.from({ length: 5 }, () => client.get('/users')));

    // Two at once, then one every 50 ms: the fifth is sent at least 150 ms after the start.
    const times = server.requests.map((request) => request.at - started);
    expect(times[4]).toBeGreaterThanOrEqual(148);
  });

  it('turns requestsPerSecond into a bucket of that size', async () => {
    const server = await startServer((_request, response) => reply(response, 200, {}));
    const client = createHttpClient({
      baseUrl: server.url,
      appName: 'Acme',
      rateLimit: { requestsPerSecond: 20 },
    });

    const started = Date.now();
    await Promise.all(Array.from({ length: 22 }, () => client.get('/users')));

    // Twenty at once (eight in flight at a time), then one every 50 ms.
    const times = server.requests.map((request) => request.at - started);
    expect(times[21]).toBeGreaterThanOrEqual(98);
  });
});

describe('staying under the primary limit', () => {
  it('waits for the reset once a response reports no requests remaining', async () => {
    const server = await startServer((_request, response, index) =>
      reply(
        response,
        200,
        {},
        {
          'ratelimit-limit': '10',
          'ratelimit-remaining': index === 0 ? '0' : '9',
          'ratelimit-reset': '0.1',
        },
      ),
    );
    const { logger, entries } = captureLogs();
    const client = createHttpClient({ baseUrl: server.url, appName: 'Acme', logger });

    await client.get('/a');
    await client.get('/b');
    await client.get('/c');

    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(95);
    expect(server.requests[2]!.at - server.requests[1]!.at).toBeLessThan(95);
    expect(entries().filter((entry) => entry.level === 'info')).toMatchObject([
      {
        message: expect.stringMatching(
          /^Acme's rate limit is used up; waiting \d+ ms for its reset before GET http:.*\/b$/,
        ),
      },
    ]);
  });

  it('counts requests in flight against what is left, so none of them is refused', async () => {
    let resetAt = 0;
    const server = await startServer(async (_request, response, index) => {
      if (index === 0) {
        resetAt = Date.now() + 300;
        return reply(response, 200, {}, { 'ratelimit-remaining': '2', 'ratelimit-reset': '0.3' });
      }
      await sleep(20);
      reply(response, 200, {}, { 'ratelimit-remaining': '100', 'ratelimit-reset': '60' });
    });
    const client = createHttpClient({ baseUrl: server.url, appName: 'Acme' });

    await client.get('/first');
    await Promise.all(Array.from({ length: 5 }, (_, i) => client.get(`/users/${i}`)));

    const arrivals = server.requests.slice(1).map((request) => request.at - resetAt);
    expect(arrivals.filter((ms) => ms < 0)).toHaveLength(2);
    expect(arrivals.slice(2).every((ms) => ms >= -2)).toBe(true);
  });

  it('keeps `reserve` requests of the limit unused', async () => {
    const server = await startServer((_request, response) =>
      reply(
        response,
        200,
        {},
        {
          'x-ratelimit-remaining': '2',
          'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 120),
          'x-ratelimit-resource': 'core',
        },
      ),
    );
    const client = createHttpClient({
      baseUrl: server.url,
      appName: 'GitHub',
      rateLimit: { reserve: 2 },
      retry: { maxTotalWaitMs: 5000 },
    });

    await client.get('/a');
    const error = await client.get('/b').catch((e) => e);

    expect(server.requests).toHaveLength(1);
    expect(error.message).toMatch(
      /^GitHub's rate limit \(core\) has 2 requests left \(0 in flight, 2 in reserve\) until \S+Z; GET \S+\/b was not sent, as waiting 1\d\d s would pass the 5 s cap/,
    );
  });

  it('reads the Okta headers too, and throws without sending when the reset is past the cap', async () => {
    const server = await startServer((_request, response) =>
      reply(
        response,
        200,
        {},
        {
          'x-rate-limit-limit': '600',
          'x-rate-limit-remaining': '0',
          'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 120),
        },
      ),
    );
    const client = createHttpClient({
      baseUrl: server.url,
      appName: 'Okta',
      retry: { maxTotalWaitMs: 1000 },
    });

    await client.get('/api/v1/users');
    const error = await client.get('/api/v1/groups').catch((e) => e);

    expect(server.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.message).toMatch(
      /^Okta's rate limit is used up until \S+Z; GET http:\S+\/api\/v1\/groups was not sent, as waiting 1\d\d s would pass the 1 s cap on waiting \(retry\.maxTotalWaitMs\); try again after \S+Z$/,
    );
  });

  it('keeps buckets apart when the app limits per endpoint', async () => {
    const server = await startServer((request, response) =>
      reply(
        response,
        200,
        {},
        {
          'x-rate-limit-remaining': request.url.startsWith('/api/v1/users') ? '0' : '50',
          'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 120),
        },
      ),
    );
    const client = createHttpClient({
      baseUrl: server.url,
      appName: 'Okta',
      retry: { maxTotalWaitMs: 1000 },
      rateLimit: { bucket: ({ url }) => url.pathname.split('/').slice(0, 4).join('/') },
    });

    await client.get('/api/v1/users');
    await client.get('/api/v1/groups');

    await expect(client.get('/api/v1/users/00u1')).rejects.toBeInstanceOf(RateLimitedError);
    expect(server.requests.map((request) => request.url)).toEqual([
      '/api/v1/users',
      '/api/v1/groups',
    ]);
  });

  it('can be turned off', async () => {
    const server = await startServer((_request, response) =>
      reply(
        response,
        200,
        {},
        {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 120),
        },
      ),
    );
    const client = createHttpClient({
      baseUrl: server.url,
      appName: 'Acme',
      rateLimit: { waitForReset: false },
    });

    await client.get('/a');
    await client.get('/b');

    expect(server.requests).toHaveLength(2);
  });
});

describe('aborting', () => {
  it('stops a request waiting to retry as soon as its signal aborts', async () => {
    const server = await startServer((_request, response) =>
      reply(response, 503, undefined, { 'retry-after': '30' }),
    );
    const controller = new AbortController();
    const client = createHttpClient({ baseUrl: server.url, appName: 'Acme' });

    const pending = client.get('/users', { signal: controller.signal });
    await sleep(50);
    controller.abort();

    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.requests).toHaveLength(1);
  });

  it('drops a request queued for a slot when the client signal aborts', async () => {
    const server = await startServer(async (_request, response) => {
      await sleep(100);
      reply(response, 200, {});
    });
    const controller = new AbortController();
    const client = createHttpClient({
      baseUrl: server.url,
      appName: 'Acme',
      signal: controller.signal,
      rateLimit: { concurrency: 1 },
    });

    const first = client.get('/first');
    const second = client.get('/second');
    await sleep(20);
    controller.abort();

    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    await sleep(120);
    expect(server.requests.map((request) => request.url)).toEqual(['/first']);
  });
});
