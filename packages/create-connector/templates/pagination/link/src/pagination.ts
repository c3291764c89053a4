import {
  createPageTokenCodec,
  type Endpoint,
  linkEndpoint,
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

/** `GET /users?per_page=N`, then each `Link: <...>; rel="next"` in turn. */
export function usersEndpoint(client: XappClient): Endpoint<XappUser> {
  return linkEndpoint({
    id: 'users',
    firstUrl: new URL(`users?per_page=${client.pageSize}`, client.http.baseUrl),
    fetch: async (url) => {
      const page = await client.http.get<XappUser[]>(url);
      return { items: page.data, nextUrl: page.links.next };
    },
  });
}
