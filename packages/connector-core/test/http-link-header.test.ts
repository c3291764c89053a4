import { describe, expect, it } from 'vitest';
import { parseLinkHeader } from '../src/index.ts';

describe('parseLinkHeader', () => {
  it('reads the GitHub pagination links', () => {
    const header =
      '<https://api.github.com/orgs/acme/members?per_page=100&page=2>; rel="next", ' +
      '<https://api.github.com/orgs/acme/members?per_page=100&page=5>; rel="last"';
    expect(parseLinkHeader(header)).toEqual({
      next: 'https://api.github.com/orgs/acme/members?per_page=100&page=2',
      last: 'https://api.github.com/orgs/acme/members?per_page=100&page=5',
    });
  });

  it('gives every relation of a link with several rels', () => {
    expect(parseLinkHeader('<https://a.example/p/3>; rel="next last"')).toEqual({
      next: 'https://a.example/p/3',
      last: 'https://a.example/p/3',
    });
  });

  it('keeps commas and semicolons inside the URL', () => {
    expect(
      parseLinkHeader(
        '<https://a.example/x?ids=1,2,3;v=2&after=a,b>; rel=next, <https://a.example/y>; rel=prev',
      ),
    ).toEqual({
      next: 'https://a.example/x?ids=1,2,3;v=2&after=a,b',
      prev: 'https://a.example/y',
    });
  });

  it('reads quoted parameters holding ; , and escaped quotes, in any order', () => {
    const header =
      '<https://a.example/1>; title="page; one, \\"first\\""; rel="first", ' +
      '<https://a.example/2>;rel=next;type="application/json"';
    expect(parseLinkHeader(header)).toEqual({
      first: 'https://a.example/1',
      next: 'https://a.example/2',
    });
  });

  it('lowercases relation types and keeps the first link of each', () => {
    expect(
      parseLinkHeader('<https://a.example/1>; rel="Next", <https://a.example/2>; rel="next"'),
    ).toEqual({ next: 'https://a.example/1' });
  });

  it('uses the first rel parameter of a link and ignores links without one', () => {
    expect(
      parseLinkHeader(
        '<https://a.example/1>; rel="next"; rel="prev", <https://a.example/2>; title="x"',
      ),
    ).toEqual({ next: 'https://a.example/1' });
  });

  it('resolves relative targets against the base URL (Okta and others send absolute ones)', () => {
    expect(
      parseLinkHeader(
        '</api/v1/users?after=00u1&limit=200>; rel="next"',
        'https://acme.okta.com/api/v1/users',
      ),
    ).toEqual({ next: 'https://acme.okta.com/api/v1/users?after=00u1&limit=200' });
  });

  it('skips malformed parts and reads what follows them', () => {
    expect(
      parseLinkHeader(
        'garbage; rel="x, y", <https://a.example/2>; rel="next", <https://a.example/3',
      ),
    ).toEqual({ next: 'https://a.example/2' });
  });

  it('gives no relations for an empty or missing header', () => {
    expect(parseLinkHeader('')).toEqual({});
    expect(parseLinkHeader(null)).toEqual({});
    expect(parseLinkHeader(undefined)).toEqual({});
  });

  it('does not let a relation named like an object property escape the map', () => {
    const links = parseLinkHeader('<https://a.example/1>; rel="__proto__ constructor"');
    expect(Object.getOwnPropertyDescriptor(links, '__proto__')?.value).toBe('https://a.example/1');
    expect(links.constructor).toBe('https://a.example/1');
    expect(Object.getPrototypeOf(links)).toBeNull();
  });
});
