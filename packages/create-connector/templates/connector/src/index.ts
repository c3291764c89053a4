export { CREDENTIAL_TYPE } from './auth.ts';
export { toAccount } from './capabilities-read.ts';
export { createClient, XappClient, type XappUser } from './client.ts';
export { accountStatus, USER_STATUSES, type XappUserStatus } from './enums.ts';
export { integration } from './integration.ts';
export { type XappSettings, XappSettingsSchema } from './settings.ts';
