import { defineIntegration, type Integration } from '@grantkit/connector-core';
import packageJson from '../package.json' with { type: 'json' };
import {
  findEntitlementAssociations,
  getAccount,
  listAccounts,
  listEntitlements,
  listResources,
  validateCredentials,
} from './capabilities-read.ts';
import {
  activateAccount,
  assignEntitlement,
  createAccount,
  deactivateAccount,
  deleteAccount,
  unassignEntitlement,
} from './capabilities-write.ts';
import { APP_ID, APP_NAME } from './constants.ts';
import { ENTITLEMENT_TYPES, RESOURCE_TYPES } from './enums.ts';
import { POSTGRES_ERROR_HANDLERS } from './errors.ts';
import { SettingsSchema } from './settings.ts';

/** The PostgreSQL connector: login roles, group roles and privileges of one cluster. */
export const integration: Integration<typeof SettingsSchema> = defineIntegration({
  appId: APP_ID,
  version: packageJson.version,
  name: APP_NAME,
  description:
    'Manages who can do what in a PostgreSQL cluster: login roles as accounts, group role ' +
    'memberships, role attributes, and privileges on databases, schemas and tables.',
  categories: ['Databases', 'Developers'],
  vendorDomain: 'postgresql.org',
  logoUrl: 'https://www.postgresql.org/media/img/about/press/elephant.png',
  auth: 'basic',
  settings: SettingsSchema,
  resourceTypes: RESOURCE_TYPES,
  entitlementTypes: ENTITLEMENT_TYPES,
  errorHandlers: POSTGRES_ERROR_HANDLERS,
});

integration
  .register('validate_credentials', async (context) => ({
    response: await validateCredentials(context),
  }))
  .register('list_accounts', (context) => listAccounts(context))
  .register('get_account', (context) => getAccount(context, context.request.account_id))
  .register('list_resources', (context) =>
    listResources(context, context.request.resource_type ?? undefined),
  )
  .register('list_entitlements', (context) =>
    listEntitlements(context, {
      resourceType: context.request.resource_type ?? undefined,
      resourceId: context.request.resource_integration_specific_id ?? undefined,
    }),
  )
  .register('find_entitlement_associations', (context) => findEntitlementAssociations(context))
  .register('create_account', async (context) => ({
    response: await createAccount(context, context.request),
  }))
  .register('activate_account', async (context) => ({
    response: await activateAccount(context, context.request.account_id),
  }))
  .register('deactivate_account', async (context) => ({
    response: await deactivateAccount(context, context.request.account_id),
  }))
  .register('delete_account', async (context) => ({
    response: await deleteAccount(context, context.request.account_id),
  }))
  .register('assign_entitlement', async (context) => ({
    response: await assignEntitlement(context, context.request),
  }))
  .register('unassign_entitlement', async (context) => ({
    response: await unassignEntitlement(context, context.request),
  }));
