import { z } from 'zod';
import {
  AccountStatusSchema,
  CustomAttributeSchemaSchema,
  ExpenseSchema,
  FoundAccountDataSchema,
  FoundEntitlementAssociationSchema,
  FoundEntitlementDataSchema,
  FoundResourceDataSchema,
  LastActivityDataSchema,
} from './models.ts';
import { secret } from './secret.ts';

//// Requests and responses of every standard capability ////

const Empty = z.object({});
const AccountIdRequest = z.object({ account_id: z.string().min(1) });

const EntitlementGrantRequest = z.object({
  account_integration_specific_id: z.string(),
  resource_integration_specific_id: z.string(),
  resource_type: z.string(),
  entitlement_type: z.string(),
  entitlement_integration_specific_id: z.string(),
});

export const CreateAccountEntitlementSchema = z.object({
  integration_specific_id: z.string(),
  entitlement_type: z.string(),
  integration_specific_resource_id: z.string().nullish(),
});

export const OAuthCredentialsResponseSchema = z.object({
  access_token: secret('OAuth access token'),
  refresh_token: secret('OAuth refresh token').optional(),
  token_type: z.literal('bearer'),
  state: z.string().optional(),
});

/**
 * Each standard capability's request payload (`request` of the envelope) and response
 * payload (`response` of the success envelope). The single source of truth for
 * registration, dispatch validation and the JSON Schema in `info`.
 */
export const STANDARD_CAPABILITIES = {
  validate_credentials: {
    level: 'read',
    request: Empty,
    response: z.object({ valid: z.boolean(), unique_tenant_id: z.string() }),
  },
  list_accounts: {
    level: 'read',
    request: z.object({ custom_attributes: z.array(z.string()).nullish() }),
    response: z.array(FoundAccountDataSchema),
  },
  get_account: {
    level: 'read',
    request: AccountIdRequest,
    response: FoundAccountDataSchema,
  },
  list_resources: {
    level: 'read',
    request: z.object({ resource_type: z.string().nullish() }),
    response: z.array(FoundResourceDataSchema),
  },
  list_entitlements: {
    level: 'read',
    request: z.object({
      custom_attributes: z.array(z.string()).nullish(),
      resource_type: z.string().nullish(),
      resource_integration_specific_id: z.string().nullish(),
    }),
    response: z.array(FoundEntitlementDataSchema),
  },
  find_entitlement_associations: {
    level: 'read',
    request: Empty,
    response: z.array(FoundEntitlementAssociationSchema),
  },
  list_custom_attributes_schema: {
    level: 'read',
    request: Empty,
    response: z.array(CustomAttributeSchemaSchema),
  },
  get_last_activity: {
    level: 'read',
    request: z.object({ account_ids: z.array(z.string()) }),
    response: z.array(LastActivityDataSchema),
  },
  list_expenses: {
    level: 'read',
    request: z.object({ filters: z.record(z.string(), z.unknown()).default({}) }),
    response: z.array(ExpenseSchema),
  },
  create_account: {
    level: 'write',
    request: z.object({
      email: z.string().nullish(),
      username: z.string().nullish(),
      given_name: z.string().nullish(),
      family_name: z.string().nullish(),
      user_status: AccountStatusSchema.nullish(),
      extra_data: z.record(z.string(), z.unknown()).nullish(),
      entitlements: z.array(CreateAccountEntitlementSchema),
    }),
    response: z.object({
      id: z.string().nullish(),
      status: AccountStatusSchema,
      created: z.literal(true),
    }),
  },
  update_account: {
    level: 'write',
    request: z.looseObject({
      id: z.string().min(1),
      email: z.string().nullish(),
      username: z.string().nullish(),
      given_name: z.string().nullish(),
      family_name: z.string().nullish(),
      user_status: AccountStatusSchema.nullish(),
      extra_data: z.record(z.string(), z.unknown()).nullish(),
    }),
    response: z.looseObject({ id: z.string() }),
  },
  delete_account: {
    level: 'write',
    request: AccountIdRequest,
    response: z.object({ status: AccountStatusSchema, deleted: z.boolean() }),
  },
  activate_account: {
    level: 'write',
    request: AccountIdRequest,
    response: z.object({ status: AccountStatusSchema, activated: z.boolean() }),
  },
  deactivate_account: {
    level: 'write',
    request: AccountIdRequest,
    response: z.object({ status: AccountStatusSchema, deactivated: z.boolean() }),
  },
  assign_entitlement: {
    level: 'write',
    request: EntitlementGrantRequest,
    response: z.object({ assigned: z.literal(true) }),
  },
  unassign_entitlement: {
    level: 'write',
    request: EntitlementGrantRequest,
    response: z.object({ unassigned: z.literal(true) }),
  },
  get_authorization_url: {
    level: 'authorization',
    request: z.object({
      client_id: z.string(),
      redirect_uri: z.string(),
      scopes: z.array(z.string()).nullish(),
      state: z.string(),
      credential_id: z.string().nullish(),
    }),
    response: z.object({
      authorization_url: z.string(),
      code_verifier: secret('PKCE code verifier').optional(),
    }),
  },
  handle_authorization_callback: {
    level: 'authorization',
    request: z.object({
      client_id: z.string(),
      client_secret: secret('OAuth client secret'),
      redirect_uri: z.string(),
      authorization_code: secret('Authorization code from the redirect'),
      code_verifier: secret('PKCE code verifier').nullish(),
      state: z.string().nullish(),
      credential_id: z.string().nullish(),
    }),
    response: OAuthCredentialsResponseSchema,
  },
  handle_client_credentials_request: {
    level: 'authorization',
    request: z.object({
      client_id: z.string(),
      client_secret: secret('OAuth client secret'),
      scopes: z.array(z.string()).nullish(),
      credential_id: z.string().nullish(),
    }),
    response: OAuthCredentialsResponseSchema,
  },
  refresh_access_token: {
    level: 'authorization',
    request: z.object({
      client_id: z.string(),
      client_secret: secret('OAuth client secret'),
      refresh_token: secret('OAuth refresh token'),
      state: z.string().nullish(),
      credential_id: z.string().nullish(),
    }),
    response: OAuthCredentialsResponseSchema,
  },
} as const satisfies Record<
  string,
  { level: 'read' | 'write' | 'authorization'; request: z.ZodType; response: z.ZodType }
>;

export type StandardCapabilityName = keyof typeof STANDARD_CAPABILITIES;
export const STANDARD_CAPABILITY_NAMES = Object.keys(
  STANDARD_CAPABILITIES,
) as StandardCapabilityName[];

/** Names the SDK answers itself; a connector never registers them. */
export const META_CAPABILITY_NAMES = ['info', 'app_info'] as const;
export type MetaCapabilityName = (typeof META_CAPABILITY_NAMES)[number];

/** Names reserved by the protocol beyond the standard capabilities (never custom). */
const RESERVED_NAMES: ReadonlySet<string> = new Set(['connected_info', 'serve', 'help']);

export function isStandardCapabilityName(name: string): name is StandardCapabilityName {
  return Object.hasOwn(STANDARD_CAPABILITIES, name);
}

export function isReservedCapabilityName(name: string): boolean {
  return (
    isStandardCapabilityName(name) ||
    (META_CAPABILITY_NAMES as readonly string[]).includes(name) ||
    RESERVED_NAMES.has(name)
  );
}

export type CapabilityRequest<N extends StandardCapabilityName> = z.output<
  (typeof STANDARD_CAPABILITIES)[N]['request']
>;
export type CapabilityResponse<N extends StandardCapabilityName> = z.input<
  (typeof STANDARD_CAPABILITIES)[N]['response']
>;

export const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
