import {
  createPageTokenCodec,
  type Endpoint,
  offsetEndpoint,
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

/** `GET /users?offset=O&limit=N`: `{ data, total }`. */
export function usersEndpoint(client: XappClient): Endpoint<XappUser> {
  return offsetEndpoint({
    id: 'users',
    limit: client.pageSize,
    fetch: async (offset, limit) => {
      const { data } = await client.http.get<{ data: XappUser[]; total: number }>('users', {
        searchParams: { offset, limit },
      });
      return { items: data.data, total: data.total };
    },
  });
}
