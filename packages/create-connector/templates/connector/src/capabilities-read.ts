import {
  type CapabilityArgs,
  type CapabilityRequest,
  type CapabilityResponse,
  type CapabilityResult,
  type FoundAccountData,
  fillTokenPage,
} from '@grantkit/connector-core';
import { createClient, type XappUser } from './client.ts';
import { DEFAULT_PROTOCOL_PAGE_SIZE } from './constants.ts';
import { accountStatus } from './enums.ts';
import { accountsPageToken, usersEndpoint } from './pagination.ts';
import type { XappSettings } from './settings.ts';

type Args<N extends 'validate_credentials' | 'list_accounts' | 'get_account'> = CapabilityArgs<
  CapabilityRequest<N>,
  XappSettings
>;

/** The protocol account of a XAPP_TITLE user. */
export function toAccount(user: XappUser): FoundAccountData {
  return {
    integration_specific_id: user.id,
    username: user.username,
    email: user.email ?? null,
    given_name: user.given_name ?? null,
    family_name: user.family_name ?? null,
    user_status: accountStatus(user.status),
    account_type: 'user',
  };
}

/** Checks the credential by reading the tenant it belongs to. */
export async function validateCredentials(
  args: Args<'validate_credentials'>,
): Promise<CapabilityResult<CapabilityResponse<'validate_credentials'>>> {
  const client = await createClient(args);
  const tenant = await client.tenant();
  return { response: { valid: true, unique_tenant_id: tenant.id } };
}

/** Every user, a protocol page at a time; the page token holds the upstream position. */
export async function listAccounts(
  args: Args<'list_accounts'>,
): Promise<CapabilityResult<CapabilityResponse<'list_accounts'>>> {
  const client = await createClient(args);
  const page = await fillTokenPage({
    endpoints: [usersEndpoint(client)],
    codec: accountsPageToken,
    page: args.page,
    defaultSize: DEFAULT_PROTOCOL_PAGE_SIZE,
    signal: args.signal,
  });
  return { response: page.items.map(toAccount), nextPageToken: page.nextPageToken };
}

/** One user by id. */
export async function getAccount(
  args: Args<'get_account'>,
): Promise<CapabilityResult<CapabilityResponse<'get_account'>>> {
  const client = await createClient(args);
  return { response: toAccount(await client.user(args.request.account_id)) };
}
