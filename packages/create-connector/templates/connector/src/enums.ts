import type { AccountStatus } from '@grantkit/connector-core';

/** The statuses XAPP_TITLE gives a user, and the protocol's account status for each. */
export const USER_STATUSES = {
  active: 'ACTIVE',
  suspended: 'SUSPENDED',
  pending: 'PENDING',
  deprovisioned: 'DEPROVISIONED',
} as const satisfies Record<string, AccountStatus>;

export type XappUserStatus = keyof typeof USER_STATUSES;

/** The protocol status of a XAPP_TITLE user status; an unknown one is kept out (null). */
export function accountStatus(status: string): AccountStatus | null {
  return Object.hasOwn(USER_STATUSES, status) ? USER_STATUSES[status as XappUserStatus] : null;
}
