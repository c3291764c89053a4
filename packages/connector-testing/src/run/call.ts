import {
  type ErrorEnvelope,
  type Integration,
  isErrorEnvelope,
  type ResponseEnvelope,
  type SuccessEnvelope,
} from '@grantkit/connector-core';

/** A request envelope as a test writes it: a plain object (or any value, to test bad input). */
export type TestEnvelope = Record<string, unknown>;

/** The response of a success envelope; throws with the error's code and message otherwise. */
export function expectSuccess<T = unknown>(envelope: ResponseEnvelope): T {
  if (isErrorEnvelope(envelope)) {
    const { error_code, message } = envelope.error;
    throw new Error(`Expected a success envelope, got ${error_code}: ${message}`);
  }
  return (envelope as SuccessEnvelope<T>).response;
}

/** The error of an error envelope; throws when the call succeeded. */
export function expectError(envelope: ResponseEnvelope): ErrorEnvelope['error'] {
  if (!isErrorEnvelope(envelope)) {
    throw new Error(
      `Expected an error envelope, got a success: ${JSON.stringify(envelope).slice(0, 300)}`,
    );
  }
  return envelope.error;
}

export interface CollectedPages {
  /** Every item of every page, in order. */
  items: unknown[];
  /** Every envelope, in order (the last one may be an error). */
  envelopes: ResponseEnvelope[];
  /** The page tokens received, in order. */
  tokens: string[];
  /** The error that stopped the walk, if any. */
  error: ErrorEnvelope['error'] | undefined;
}

export interface CollectPagesOptions {
  /** Page size asked for on every call. @default none (the connector's default) */
  pageSize?: number;
  /** Stops (with a problem) after this many pages: a connector that never ends. @default 1000 */
  maxPages?: number;
}

/**
 * Calls a list capability through dispatch, following `page.token` until there is none.
 * Stops on an error, on a repeated token, or after `maxPages`.
 */
export async function collectPages(
  integration: Integration,
  capability: string,
  envelope: TestEnvelope,
  options: CollectPagesOptions = {},
): Promise<CollectedPages> {
  const result: CollectedPages = { items: [], envelopes: [], tokens: [], error: undefined };
  const maxPages = options.maxPages ?? 1000;
  let token: string | undefined;

  for (let page = 0; page < maxPages; page++) {
    const pageField: Record<string, unknown> = {};
    if (token !== undefined) pageField.token = token;
    if (options.pageSize !== undefined) pageField.size = options.pageSize;
    const call =
      Object.keys(pageField).length > 0 ? { ...envelope, page: pageField } : { ...envelope };
    const answer = await integration.dispatch(capability, call);
    result.envelopes.push(answer);
    if (isErrorEnvelope(answer)) {
      result.error = answer.error;
      return result;
    }
    const items = (answer as SuccessEnvelope).response;
    if (Array.isArray(items)) result.items.push(...items);
    const next = (answer as SuccessEnvelope).page?.token;
    if (next === undefined || next === '') return result;
    if (result.tokens.includes(next)) {
      result.tokens.push(next);
      return result;
    }
    result.tokens.push(next);
    token = next;
  }
  return result;
}
