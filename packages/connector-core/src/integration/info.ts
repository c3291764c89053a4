import { CREDENTIAL_SCHEMAS, type CredentialType } from '../protocol/credentials.ts';
import { type JsonSchema, toJsonSchema } from '../protocol/json-schema.ts';
import type { EntitlementType, ResourceType } from '../protocol/models.ts';
import type { Integration, RegisteredCapability } from './integration.ts';

export interface CapabilitySchemaInfo {
  argument: JsonSchema;
  output: JsonSchema;
  display_name?: string;
  description?: string;
}

/** The payload of `info`, as the protocol lists it. */
export interface IntegrationInfo {
  app_id: string;
  version: string;
  capabilities: string[];
  capability_schema: Record<string, CapabilitySchemaInfo>;
  user_friendly_name: string;
  description: string;
  logo_url: string | null;
  categories: string[];
  app_vendor_domain: string | null;
  resource_types: ResourceType[];
  entitlement_types: EntitlementType[];
  request_settings_schema: JsonSchema;
  authentication_schema: JsonSchema;
  credentials_schema: JsonSchema;
  oauth_scopes: Record<string, string>;
}

export function buildInfo(
  integration: Integration,
  capabilities: RegisteredCapability[],
): IntegrationInfo {
  const capabilitySchema: Record<string, CapabilitySchemaInfo> = {};
  for (const capability of [...capabilities].sort((a, b) => a.name.localeCompare(b.name))) {
    const entry: CapabilitySchemaInfo = {
      argument: toJsonSchema(capability.request),
      output: toJsonSchema(capability.response),
    };
    if (capability.meta.displayName) entry.display_name = capability.meta.displayName;
    if (capability.meta.description) entry.description = capability.meta.description;
    capabilitySchema[capability.name] = entry;
  }

  return {
    app_id: integration.appId,
    version: integration.version,
    capabilities: Object.keys(capabilitySchema),
    capability_schema: capabilitySchema,
    user_friendly_name: integration.name,
    description: integration.description,
    logo_url: integration.logoUrl ?? null,
    categories: [...integration.categories],
    app_vendor_domain: integration.vendorDomain ?? null,
    resource_types: [...integration.resourceTypes],
    entitlement_types: [...integration.entitlementTypes],
    request_settings_schema: toJsonSchema(integration.settingsSchema),
    authentication_schema: authenticationSchema(integration.authTypes),
    credentials_schema: credentialsSchema(integration),
    oauth_scopes: { ...integration.oauthScopes } as Record<string, string>,
  };
}

function authObject(type: CredentialType): JsonSchema {
  return {
    type: 'object',
    properties: { [type]: toJsonSchema(CREDENTIAL_SCHEMAS[type]) },
    required: [type],
    additionalProperties: false,
    'x-credential-type': type,
  };
}

/** The accepted `auth` object: one credential type, or any of several. */
function authenticationSchema(types: readonly CredentialType[]): JsonSchema {
  if (types.length === 0) return { type: 'object', properties: {}, additionalProperties: false };
  if (types.length === 1) return authObject(types[0]!);
  return { anyOf: types.map(authObject) };
}

/** The multi-credential form: an array of `{ id, <type>: {...} }`. */
function credentialsSchema(integration: Integration): JsonSchema {
  const specs = integration.credentialSpecs;
  const items = specs.map((spec) => {
    const item: JsonSchema = {
      type: 'object',
      properties: {
        id: { type: 'string', const: spec.id },
        [spec.type]: toJsonSchema(CREDENTIAL_SCHEMAS[spec.type]),
      },
      required: ['id', spec.type],
      'x-credential-type': spec.type,
      'x-optional': spec.optional === true,
    };
    if (spec.description) item.description = spec.description;
    return item;
  });
  return {
    type: 'array',
    items: items.length === 0 ? {} : items.length === 1 ? items[0] : { anyOf: items },
    minItems: specs.filter((spec) => spec.optional !== true).length,
  };
}
