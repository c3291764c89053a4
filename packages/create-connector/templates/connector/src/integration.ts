import { defineIntegration } from '@grantkit/connector-core';
import packageJson from '../package.json' with { type: 'json' };
import { CREDENTIAL_TYPE } from './auth.ts';
import { getAccount, listAccounts, validateCredentials } from './capabilities-read.ts';
import { activateAccount, deactivateAccount } from './capabilities-write.ts';
import { XappSettingsSchema } from './settings.ts';

/** The XAPP_TITLE connector. Capabilities it does not register answer `not_implemented`. */
export const integration = defineIntegration({
  appId: 'xapp_id',
  version: packageJson.version,
  name: 'XAPP_TITLE',
  description: 'Reads the users of a XAPP_TITLE tenant, and suspends and reactivates them.',
  auth: CREDENTIAL_TYPE,
  settings: XappSettingsSchema,
});

integration
  .register('validate_credentials', validateCredentials, {
    description: 'Checks the credential; returns the id of its tenant',
  })
  .register('list_accounts', listAccounts, { description: 'Every user of the tenant' })
  .register('get_account', getAccount)
  .register('activate_account', activateAccount)
  .register('deactivate_account', deactivateAccount);
