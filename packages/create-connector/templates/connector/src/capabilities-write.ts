import type {
  CapabilityArgs,
  CapabilityRequest,
  CapabilityResponse,
  CapabilityResult,
} from '@grantkit/connector-core';
import { createClient } from './client.ts';
import { accountStatus } from './enums.ts';
import type { XappSettings } from './settings.ts';

type Args<N extends 'activate_account' | 'deactivate_account'> = CapabilityArgs<
  CapabilityRequest<N>,
  XappSettings
>;

/** Reactivates a suspended user; activating an active user succeeds and changes nothing. */
export async function activateAccount(
  args: Args<'activate_account'>,
): Promise<CapabilityResult<CapabilityResponse<'activate_account'>>> {
  const client = await createClient(args);
  const user = await client.setUserStatus(args.request.account_id, 'active');
  return { response: { status: accountStatus(user.status) ?? 'ACTIVE', activated: true } };
}

/** Suspends a user; suspending a suspended user succeeds and changes nothing. */
export async function deactivateAccount(
  args: Args<'deactivate_account'>,
): Promise<CapabilityResult<CapabilityResponse<'deactivate_account'>>> {
  const client = await createClient(args);
  const user = await client.setUserStatus(args.request.account_id, 'suspended');
  return { response: { status: accountStatus(user.status) ?? 'SUSPENDED', deactivated: true } };
}
