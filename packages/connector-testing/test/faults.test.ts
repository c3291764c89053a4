import { afterEach, describe, expect, it } from 'vitest';
import { type FakeApp, type FakeAppOptions, startFakeApp } from '../src/index.ts';

// The fake's own fault behaviour at the HTTP level; test/http-client-faults.test.ts proves
// how the core HTTP client reacts to each of them.

let app: FakeApp | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function start(options: FakeAppOptions = {}): Promise<FakeApp> {
  app = await startFakeApp(options);
  app.route('GET', '/users', () => ({ body: [{ id: 1, login: 'octo' }] }));
  app.route('GET', '/teams', () => ({ body: [] }));
  return app;
}

async function get(path = '/users') {
  const response = await fetch(`${app!.url}${path}`);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('injected faults', () => {
  it('answers 429 N times with Retry-After in seconds, then normally', async () => {
    await start();
    const fault = app!.inject({ kind: 'rate_limit', retryAfter: 2 }, { times: 2 });
    expect(await get()).toMatchObject({
      status: 429,
      text: '{"message":"API rate limit exceeded"}',
    });
    expect((await get()).headers.get('retry-after')).toBe('2');
    expect((await get()).status).toBe(200);
    expect(fault.fired).toBe(2);
    expect(app!.stats.answered429).toBe(2);
    expect(app!.requests.map((r) => r.fault)).toEqual(['rate_limit', 'rate_limit', undefined]);
  });

  it('sends Retry-After as an HTTP date and the x-ratelimit reset headers', async () => {
    await start();
    const date = new Date('2030-01-01T00:00:05Z');
    app!.inject({ kind: 'rate_limit', status: 403, retryAfter: date, resetInSeconds: 60 });
    const answer = await get();
    expect(answer.status).toBe(403);
    expect(answer.headers.get('retry-after')).toBe('Tue, 01 Jan 2030 00:00:05 GMT');
    expect(answer.headers.get('x-ratelimit-remaining')).toBe('0');
    const reset = Number(answer.headers.get('x-ratelimit-reset'));
    expect(reset - Date.now() / 1000).toBeGreaterThan(58);
  });

  it('applies a fault to one route only, after letting some requests through', async () => {
    await start();
    app!.inject({ kind: 'server_error', status: 503 }, { route: 'GET /teams', after: 1 });
    expect((await get('/users')).status).toBe(200);
    expect((await get('/teams')).status).toBe(200);
    expect(await get('/teams')).toMatchObject({ status: 503, text: '{"message":"Server Error"}' });
    expect((await get('/teams')).status).toBe(200);
  });

  it('resets the connection', async () => {
    await start();
    app!.inject({ kind: 'reset' });
    const error = await fetch(`${app!.url}/users`).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error & { cause: { code: string } }).cause.code).toMatch(
      /ECONNRESET|UND_ERR_SOCKET/,
    );
    expect(app!.requests[0]).toMatchObject({ fault: 'reset', status: undefined });
  });

  it('never answers on a timeout, until the client gives up', async () => {
    await start();
    app!.inject({ kind: 'timeout' });
    const error = await fetch(`${app!.url}/users`, { signal: AbortSignal.timeout(200) }).catch(
      (e: unknown) => e as Error,
    );
    expect((error as Error).name).toBe('TimeoutError');
    expect(app!.stats.inFlight).toBeLessThanOrEqual(1);
  });

  it('sends malformed JSON, truncated JSON and HTML error pages', async () => {
    await start();
    app!.inject({ kind: 'malformed_json' });
    app!.inject({ kind: 'truncated_json' });
    app!.inject({ kind: 'html_error' });
    const malformed = await get();
    expect(malformed.status).toBe(200);
    expect(malformed.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(() => JSON.parse(malformed.text)).toThrow(SyntaxError);
    // The rules fire in order of injection, one per request.
    expect(await get()).toMatchObject({ status: 200, text: '[{"id":1,"lo' });
    const html = await get();
    expect(html.status).toBe(502);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.text).toContain('<h1>502 Error</h1>');
  });

  it('answers any status with the app error body', async () => {
    await start({ errorBody: (status, message) => ({ status, message, documentation_url: 'x' }) });
    app!.inject({ kind: 'status', status: 404 }, { times: Infinity });
    expect(JSON.parse((await get()).text)).toEqual({
      status: 404,
      message: 'Failed with 404',
      documentation_url: 'x',
    });
    expect((await get('/teams')).status).toBe(404);
  });

  it('adds latency and then answers normally', async () => {
    await start();
    app!.inject({ kind: 'latency', ms: 50 });
    expect((await get()).status).toBe(200);
    expect(app!.requests[0]!.fault).toBeUndefined();
  });
});

describe('declared limits', () => {
  it('answers 429 beyond the rate limit, with the budget headers', async () => {
    await start({ rateLimit: { limit: 2, windowMs: 60_000 } });
    const first = await get();
    expect(first.headers.get('x-ratelimit-limit')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    expect((await get()).headers.get('x-ratelimit-remaining')).toBe('0');
    const refused = await get();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(app!.stats).toMatchObject({ requests: 3, rateLimited: 1, answered429: 1 });
  });

  it('sends the IETF RateLimit headers when asked', async () => {
    await start({ rateLimit: { limit: 5, windowMs: 10_000, headers: 'ietf' } });
    const answer = await get();
    expect(answer.headers.get('ratelimit-limit')).toBe('5');
    expect(answer.headers.get('ratelimit-remaining')).toBe('4');
    expect(answer.headers.get('ratelimit-reset')).toBe('10');
  });

  it('answers 429 beyond the concurrency limit and counts the peak', async () => {
    await start({ maxConcurrent: 2, latencyMs: 100 });
    const statuses = await Promise.all([1, 2, 3].map(async () => (await get()).status));
    expect(statuses.sort()).toEqual([200, 200, 429]);
    expect(app!.stats).toMatchObject({ overConcurrency: 1, answered429: 1, peakConcurrency: 3 });
  });
});
