import {
  ConnectorError,
  createPageTokenCodec,
  type PageTokenCodec,
} from '@grantkit/connector-core';
import { z } from 'zod';
import { APP_ID, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './constants.ts';

//// Page tokens: every list pages by a stable key, never by OFFSET ////

const Oid = z.number().int().nonnegative().max(0xffff_ffff);

/** Accounts page by role oid (then name): a role added or dropped never shifts a page. */
export const AccountsCursorSchema = z.object({ after_oid: Oid, after_name: z.string() });
export type AccountsCursor = z.infer<typeof AccountsCursorSchema>;

/** Resources and entitlements page by their id, compared byte-wise (COLLATE "C"). */
export const IdCursorSchema = z.object({ after_id: z.string() });
export type IdCursor = z.infer<typeof IdCursorSchema>;

/**
 * Associations page by account (role oid), then entitlement id; `after_entitlement` null
 * means every association of the role `after_oid` has been served.
 */
export const AssociationsCursorSchema = z.object({
  after_oid: Oid,
  after_entitlement: z.string().nullable(),
});
export type AssociationsCursor = z.infer<typeof AssociationsCursorSchema>;

export const accountsTokens: PageTokenCodec<AccountsCursor> = createPageTokenCodec({
  kind: `${APP_ID}:list_accounts`,
  schema: AccountsCursorSchema,
});

export const resourcesTokens: PageTokenCodec<IdCursor> = createPageTokenCodec({
  kind: `${APP_ID}:list_resources`,
  schema: IdCursorSchema,
});

export const entitlementsTokens: PageTokenCodec<IdCursor> = createPageTokenCodec({
  kind: `${APP_ID}:list_entitlements`,
  schema: IdCursorSchema,
});

export const associationsTokens: PageTokenCodec<AssociationsCursor> = createPageTokenCodec({
  kind: `${APP_ID}:find_entitlement_associations`,
  schema: AssociationsCursorSchema,
});

/** The page size to serve: the caller's, capped at `MAX_PAGE_SIZE`. */
export function pageSize(requested: number | undefined): number {
  if (requested === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(requested) || requested < 1) {
    throw new ConnectorError(
      'bad_request',
      `page.size must be a positive integer; got ${String(requested)}`,
    );
  }
  return Math.min(requested, MAX_PAGE_SIZE);
}
