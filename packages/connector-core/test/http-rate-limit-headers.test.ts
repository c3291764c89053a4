import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter, readRateLimit } from '../src/index.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delay-seconds, tolerating a fraction', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfter('0.25', NOW)).toBe(250);
  });

  it('reads an HTTP date as the time left until it, and a past date as 0', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', NOW)).toBe(0);
  });

  it('gives undefined for a missing or unreadable value', () => {
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter('-5', NOW)).toBeUndefined();
  });
});

describe('readRateLimit', () => {
  it('reads GitHub x-ratelimit-* with an epoch reset and the resource', () => {
    const headers = new Headers({
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(NOW / 1000 + 60),
      'x-ratelimit-resource': 'core',
    });
    expect(readRateLimit(headers, NOW)).toEqual({
      limit: 5000,
      remaining: 0,
      resetAt: new Date(NOW + 60_000),
      resource: 'core',
    });
  });

  it('reads Okta x-rate-limit-* with an epoch reset', () => {
    const headers = new Headers({
      'x-rate-limit-limit': '600',
      'x-rate-limit-remaining': '599',
      'x-rate-limit-reset': String(NOW / 1000 + 30),
    });
    expect(readRateLimit(headers, NOW)).toEqual({
      limit: 600,
      remaining: 599,
      resetAt: new Date(NOW + 30_000),
      resource: undefined,
    });
  });

  it('reads the IETF RateLimit-* headers, whose reset is seconds from now', () => {
    const headers = new Headers({
      'ratelimit-limit': '100',
      'ratelimit-remaining': '0',
      'ratelimit-reset': '7',
    });
    expect(readRateLimit(headers, NOW)).toEqual({
      limit: 100,
      remaining: 0,
      resetAt: new Date(NOW + 7000),
      resource: undefined,
    });
  });

  it('reads the structured IETF RateLimit field and its older list form', () => {
    expect(readRateLimit(new Headers({ ratelimit: '"default";r=0;t=12' }), NOW)).toEqual({
      limit: undefined,
      remaining: 0,
      resetAt: new Date(NOW + 12_000),
      resource: 'default',
    });
    expect(
      readRateLimit(new Headers({ ratelimit: 'limit=100, remaining=3, reset=5' }), NOW),
    ).toEqual({ limit: 100, remaining: 3, resetAt: new Date(NOW + 5000), resource: undefined });
  });

  it('gives undefined when the response has no rate-limit headers', () => {
    expect(readRateLimit(new Headers({ 'content-type': 'application/json' }), NOW)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  const options = { backoffBaseMs: 100, backoffMaxMs: 1000, jitter: 0.5 };

  it('doubles from the base up to the cap, without jitter when random() is 0', () => {
    const delays = [1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, options, () => 0));
    expect(delays).toEqual([100, 200, 400, 800, 1000]);
  });

  it('takes at most the jitter share off the delay', () => {
    expect(backoffDelay(2, options, () => 0.999_999)).toBe(100);
    expect(backoffDelay(2, { ...options, jitter: 1 }, () => 0.5)).toBe(100);
    expect(backoffDelay(2, { ...options, jitter: 0 }, () => 0.5)).toBe(200);
  });
});
