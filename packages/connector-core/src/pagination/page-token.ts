import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { ConnectorError } from '../errors/connector-error.ts';
import { formatZodIssues } from '../errors/error-handlers.ts';

/** The layout of the token itself; bumped only if this codec changes how it writes tokens. */
const FORMAT = 1;

/** Longer tokens are refused before any decoding work, so a huge string costs nothing. */
const MAX_TOKEN_LENGTH = 16_384;

/** 9 bytes of SHA-256: 12 base64url characters, a 1 in 2^72 chance to miss a change. */
const CHECK_BYTES = 9;
const CHECK_LENGTH = 12;

const BASE64URL = /^[A-Za-z0-9_-]+$/;

export interface PageTokenCodecOptions<Schema extends z.ZodType> {
  /**
   * What the token pages through, e.g. `github:list_accounts`. A token written for one kind
   * is refused by a codec of another kind, so a caller cannot hand the token of one list to
   * another. Include the app id, so that connectors never accept each other's tokens.
   */
  kind: string;
  /** The schema of the state; `decode` returns only states that pass it. */
  schema: Schema;
  /**
   * The version of the state's shape. Bump it when the schema changes incompatibly: tokens
   * of the old version are then refused with `invalid_page_token` instead of misread.
   * @default 1
   */
  version?: number;
}

export interface PageTokenCodec<State> {
  /** The token of a state; throws if the state does not pass the schema (a connector bug). */
  encode(state: State): string;
  /**
   * The state of a token, or undefined for a missing or empty token (the first page).
   * Throws `ConnectorError('invalid_page_token')` for anything this codec did not write.
   */
  decode(token: string | undefined | null): State | undefined;
}

/**
 * The codec of one kind of page token: opaque, URL-safe (base64url and `.`), versioned.
 *
 * A token is `<payload>.<check>`: the payload is the base64url of `[format, version,
 * state]` as JSON, and the check is a truncated SHA-256 over the kind, the payload and a
 * fixed label. The check detects corruption, truncation, a token of another kind or
 * connector, and any edit of a token by hand: each is refused with `invalid_page_token`.
 *
 * Note: the check has no secret key, so it is not tamper-proof; whoever reads this code can
 * forge a token that decodes. A state must therefore never grant anything: the request's
 * credential decides what the connector may read, and the state's schema (and the walkers,
 * e.g. the same-origin check of `linkEndpoint`) bound what a forged state can make it do.
 */
export function createPageTokenCodec<Schema extends z.ZodType>(
  options: PageTokenCodecOptions<Schema>,
): PageTokenCodec<z.output<Schema>> {
  const { kind, schema } = options;
  const version = options.version ?? 1;
  if (kind === '') throw new TypeError('createPageTokenCodec: `kind` must not be empty');
  if (!Number.isInteger(version) || version < 1) {
    throw new TypeError(`createPageTokenCodec: \`version\` must be a positive integer`);
  }

  const refuse = (reason: string, cause?: unknown): ConnectorError =>
    new ConnectorError(
      'invalid_page_token',
      `The page token is not one this connector wrote for ${kind} (${reason}); ` +
        'restart the listing without a page token',
      cause === undefined ? {} : { cause },
    );

  return {
    encode(state) {
      const parsed = schema.safeParse(state);
      if (!parsed.success) {
        throw new ConnectorError(
          'internal_error',
          `Cannot write a ${kind} page token: the state does not pass its own schema ` +
            `(a connector bug): ${formatZodIssues(parsed.error, 'state')}`,
        );
      }
      const payload = Buffer.from(JSON.stringify([FORMAT, version, parsed.data])).toString(
        'base64url',
      );
      return `${payload}.${checksum(kind, payload)}`;
    },

    decode(token) {
      if (token === undefined || token === null || token === '') return undefined;
      if (typeof token !== 'string') throw refuse('not a string');
      if (token.length > MAX_TOKEN_LENGTH) throw refuse('too long');

      const dot = token.indexOf('.');
      const payload = token.slice(0, dot);
      const check = token.slice(dot + 1);
      if (dot < 0 || !BASE64URL.test(payload) || check.length !== CHECK_LENGTH) {
        throw refuse('malformed');
      }
      // Compared as text: base64url has several spellings of the same bytes, and a changed
      // spelling is still a changed token.
      if (check !== checksum(kind, payload)) throw refuse('checksum mismatch');

      const content = parseJson(Buffer.from(payload, 'base64url').toString('utf8'));
      if (!Array.isArray(content) || content.length !== 3 || content[0] !== FORMAT) {
        throw refuse('unknown token format');
      }
      if (content[1] !== version) {
        throw refuse(`written for state version ${String(content[1])}, this reads ${version}`);
      }
      const parsed = schema.safeParse(content[2]);
      if (!parsed.success) throw refuse('state does not pass the schema', parsed.error);
      return parsed.data;
    },
  };
}

function checksum(kind: string, payload: string): string {
  return createHash('sha256')
    .update(`grantkit page token\0${kind}\0${payload}`)
    .digest()
    .subarray(0, CHECK_BYTES)
    .toString('base64url');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
