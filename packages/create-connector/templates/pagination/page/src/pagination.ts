import {
  createPageTokenCodec,
  type Endpoint,
  pageNumberEndpoint,
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

/** `GET /users?page=P&per_page=N`: `{ data, total_pages }`, pages counted from 1. */
export function usersEndpoint(client: XappClient): Endpoint<XappUser> {
  return pageNumberEndpoint({
    id: 'users',
    pageSize: client.pageSize,
    fetch: async (page, perPage) => {
      const { data } = await client.http.get<{ data: XappUser[]; total_pages: number }>('users', {
        searchParams: { page, per_page: perPage },
      });
      return { items: data.data, totalPages: data.total_pages };
    },
  });
}
