import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConnectorError,
  createPageTokenCodec,
  type WalkPosition,
  WalkPositionSchema,
} from '../src/index.ts';

const StateSchema = z.object({
  positions: WalkPositionSchema,
  since: z.string().optional(),
});
type State = z.infer<typeof StateSchema>;

const accounts = createPageTokenCodec({ kind: 'sample:list_accounts', schema: StateSchema });

const BASE64URL_CHARS = [
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
] as const;

const positionArbitrary: fc.Arbitrary<WalkPosition> = fc.array(
  fc.record(
    {
      endpoint: fc.string({ maxLength: 40, unit: 'binary' }),
      cursor: fc.oneof(fc.string({ maxLength: 200, unit: 'binary' }), fc.nat()),
      skip: fc.nat({ max: 1_000_000 }),
    },
    { requiredKeys: ['skip'] },
  ),
  { minLength: 1, maxLength: 8 },
);

const stateArbitrary: fc.Arbitrary<State> = fc.record(
  { positions: positionArbitrary, since: fc.string({ unit: 'grapheme' }) },
  { requiredKeys: ['positions'] },
);

/** The error `decode` threw, or a failed expectation if it did not throw one. */
function decodeError(decode: () => unknown): ConnectorError {
  try {
    decode();
  } catch (error) {
    if (error instanceof ConnectorError) return error;
    throw error;
  }
  throw new Error('decode accepted the token');
}

describe('page token codec', () => {
  it('writes a compact, URL-safe token and reads it back', () => {
    const state: State = { positions: [{ endpoint: 'members', cursor: 'Y3Vyc29yOjI=', skip: 3 }] };
    const token = accounts.encode(state);

    expect(token).toMatchInlineSnapshot(
      `"WzEsMSx7InBvc2l0aW9ucyI6W3siZW5kcG9pbnQiOiJtZW1iZXJzIiwiY3Vyc29yIjoiWTNWeWMyOXlPakk9Iiwic2tpcCI6M31dfV0.lGBde3CnL8vN"`,
    );
    expect(encodeURIComponent(token)).toBe(token);
    expect(accounts.decode(token)).toEqual(state);
  });

  it('reads a missing or empty token as the first page', () => {
    expect(accounts.decode(undefined)).toBeUndefined();
    expect(accounts.decode(null)).toBeUndefined();
    expect(accounts.decode('')).toBeUndefined();
  });

  it('round-trips every state of its schema', () => {
    fc.assert(
      fc.property(stateArbitrary, (state) => {
        const token = accounts.encode(state);
        expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{12}$/);
        expect(accounts.decode(token)).toEqual(state);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses every edit of a token: changed, inserted or removed characters', () => {
    const edit = fc.oneof(
      fc.record({
        kind: fc.constant('replace' as const),
        at: fc.nat(),
        char: fc.constantFrom(...BASE64URL_CHARS, '.', '=', '+', '/', ' ', 'é'),
      }),
      fc.record({
        kind: fc.constant('insert' as const),
        at: fc.nat(),
        char: fc.constantFrom(...BASE64URL_CHARS, '.', '='),
      }),
      fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
    );
    fc.assert(
      fc.property(stateArbitrary, edit, (state, change) => {
        const token = accounts.encode(state);
        const at = change.at % token.length;
        const edited =
          change.kind === 'remove'
            ? token.slice(0, at) + token.slice(at + 1)
            : token.slice(0, at) +
              change.char +
              token.slice(change.kind === 'insert' ? at : at + 1);
        fc.pre(edited !== token);

        const error = decodeError(() => accounts.decode(edited));
        expect(error.code).toBe('invalid_page_token');
      }),
      { numRuns: 500 },
    );
  });

  it('answers invalid_page_token to any garbage, and never crashes', () => {
    const tokenShaped = fc
      .tuple(
        fc.string({ unit: fc.constantFrom(...BASE64URL_CHARS), minLength: 1, maxLength: 120 }),
        fc.string({ unit: fc.constantFrom(...BASE64URL_CHARS), minLength: 12, maxLength: 12 }),
      )
      .map(([payload, check]) => `${payload}.${check}`);
    const jsonShaped = fc
      .tuple(
        fc.jsonValue(),
        fc.string({ unit: fc.constantFrom(...BASE64URL_CHARS), maxLength: 12 }),
      )
      .map(
        ([value, check]) => `${Buffer.from(JSON.stringify(value)).toString('base64url')}.${check}`,
      );
    const garbage = fc.oneof(
      fc.string({ unit: 'binary', minLength: 1 }),
      fc.string({ unit: fc.constantFrom(...BASE64URL_CHARS, '.'), minLength: 1 }),
      tokenShaped,
      jsonShaped,
    );
    fc.assert(
      fc.property(garbage, (token) => {
        expect(decodeError(() => accounts.decode(token)).code).toBe('invalid_page_token');
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses a token written for another kind, and says what to do', () => {
    const entitlements = createPageTokenCodec({
      kind: 'sample:list_entitlements',
      schema: StateSchema,
    });
    const token = accounts.encode({ positions: [{ skip: 0 }] });

    const error = decodeError(() => entitlements.decode(token));

    expect(error.code).toBe('invalid_page_token');
    expect(error.message).toMatchInlineSnapshot(
      `"The page token is not one this connector wrote for sample:list_entitlements (checksum mismatch); restart the listing without a page token"`,
    );
  });

  it('refuses a token of an older state version', () => {
    const v2 = createPageTokenCodec({
      kind: 'sample:list_accounts',
      schema: StateSchema,
      version: 2,
    });
    const token = accounts.encode({ positions: [{ skip: 0 }] });

    expect(decodeError(() => v2.decode(token)).message).toMatchInlineSnapshot(
      `"The page token is not one this connector wrote for sample:list_accounts (written for state version 1, this reads 2); restart the listing without a page token"`,
    );
  });

  it('refuses a well-formed token whose state does not pass the schema', () => {
    const loose = createPageTokenCodec({ kind: 'sample:list_accounts', schema: z.unknown() });
    const token = loose.encode({ positions: [{ skip: -1 }] });

    const error = decodeError(() => accounts.decode(token));

    expect(error.code).toBe('invalid_page_token');
    expect(error.message).toContain('state does not pass the schema');
  });

  it('refuses to write a state that does not pass its schema (a connector bug)', () => {
    const error = decodeError(() => accounts.encode({ positions: [] } as never));

    expect(error.code).toBe('internal_error');
    expect(error.message).toMatchInlineSnapshot(
      `"Cannot write a sample:list_accounts page token: the state does not pass its own schema (a connector bug): state.positions: Too small: expected array to have >=1 items"`,
    );
  });

  it('refuses very long tokens before decoding them', () => {
    expect(decodeError(() => accounts.decode('A'.repeat(20_000))).message).toContain('too long');
  });
});
