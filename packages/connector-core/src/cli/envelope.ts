import type { ErrorEnvelope } from '../protocol/envelopes.ts';
import type { ErrorCode } from '../protocol/error-codes.ts';

/**
 * An error envelope built without the protocol schemas, for failures that happen before
 * dispatch (unreadable input file, body too large, a connector that does not load), so the
 * CLI and server answer them without loading zod.
 */
export function plainErrorEnvelope(
  appId: string,
  code: ErrorCode,
  message: string,
  raisedIn: string,
): ErrorEnvelope {
  return {
    is_error: true,
    error: {
      message,
      error_code: code,
      app_id: appId,
      raised_by: 'ConnectorError',
      raised_in: raisedIn,
    },
    raw_data: null,
    page: null,
  };
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Parses a request body. V8's messages quote an excerpt of the input ("Unexpected token
 * 's', "{"token": secr"... is not valid JSON"), and a body that does not parse has not
 * told us its secrets yet, so only the position is kept.
 */
export function parseRequestJson(text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const reason = (error as Error).message;
    const position = / at position (\d+)/.exec(reason)?.[1];
    const what =
      text.trim() === ''
        ? 'it is empty'
        : reason
            .replace(/, ".*$/s, '')
            .replace(/^Unexpected token .+$/s, 'Unexpected token')
            .replace(/ in JSON at position \d+$/, '');
    const where = position === undefined ? '' : ` (at character ${position})`;
    return { ok: false, message: `The request envelope is not valid JSON: ${what}${where}` };
  }
}
