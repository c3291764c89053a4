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

/** A SCIM 2.0 user (RFC 7643), as far as the connector reads it. */
interface ScimUser {
  id: string;
  userName: string;
  name?: { givenName?: string; familyName?: string };
  emails?: Array<{ value: string; primary?: boolean }>;
  active?: boolean;
}

interface ScimListResponse {
  totalResults: number;
  Resources?: ScimUser[];
}

/** `GET /Users?startIndex=S&count=N`: a SCIM `ListResponse`; `startIndex` counts from 1. */
export function usersEndpoint(client: XappClient): Endpoint<XappUser> {
  return offsetEndpoint({
    id: 'users',
    limit: client.pageSize,
    fetch: async (offset, limit) => {
      const { data } = await client.http.get<ScimListResponse>('Users', {
        searchParams: { startIndex: offset + 1, count: limit },
      });
      return { items: (data.Resources ?? []).map(fromScim), total: data.totalResults };
    },
  });
}

function fromScim(user: ScimUser): XappUser {
  const email = user.emails?.find((entry) => entry.primary) ?? user.emails?.[0];
  return {
    id: user.id,
    username: user.userName,
    email: email?.value ?? null,
    given_name: user.name?.givenName ?? null,
    family_name: user.name?.familyName ?? null,
    status: user.active === false ? 'suspended' : 'active',
  };
}
