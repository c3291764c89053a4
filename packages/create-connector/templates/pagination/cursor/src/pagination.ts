import {
  createPageTokenCodec,
  cursorEndpoint,
  type Endpoint,
  WalkPositionSchema,
} from '@grantkit/connector-core';
import type { XappClient, XappUser } from './client.ts';

/**
 * The page token of `list_accounts`: where the walk over the user list stands. Tokens of
 * another connector or list are refused with `invalid_page_token`.
 */
export const accountsPageToken = createPageTokenCodec({
  kind: 'xapp_id:list_accounts',
  schema: WalkPositionSchema,
});

/** `GET /users?limit=N&cursor=C`: `{ data, next_cursor }`, no cursor on the last page. */
export function usersEndpoint(client: XappClient): Endpoint<XappUser> {
  return cursorEndpoint({
    id: 'users',
    fetch: async (cursor) => {
      const { data } = await client.http.get<{ data: XappUser[]; next_cursor?: string | null }>(
        'users',
        { searchParams: { limit: client.pageSize, cursor } },
      );
      return { items: data.data, nextCursor: data.next_cursor };
    },
  });
}
