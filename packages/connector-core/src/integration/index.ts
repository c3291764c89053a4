export type { DispatchOptions } from './dispatch.ts';
export type { CapabilitySchemaInfo, IntegrationInfo } from './info.ts';
export { defineIntegration, Integration, type RegisteredCapability } from './integration.ts';
export type {
  AnySettingsSchema,
  CapabilityArgs,
  CapabilityContext,
  CapabilityHandler,
  CapabilityMeta,
  CapabilityResult,
  CredentialSpec,
  IntegrationOptions,
  ProvidedCredential,
} from './types.ts';
