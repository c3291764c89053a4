import { z } from 'zod';

//// The data model: accounts, resources, entitlements and who holds which ////

export const AccountStatusSchema = z.enum([
  'ACTIVE',
  'INACTIVE',
  'SUSPENDED',
  'DEPROVISIONED',
  'PENDING',
  'DELETED',
]);
export type AccountStatus = z.infer<typeof AccountStatusSchema>;

export const AccountTypeSchema = z.enum(['user', 'service']);
export type AccountType = z.infer<typeof AccountTypeSchema>;

export const ActivityEventTypeSchema = z.enum(['last_login', 'last_activity']);
export type ActivityEventType = z.infer<typeof ActivityEventTypeSchema>;

const ExtraDataSchema = z.record(z.string(), z.unknown());
const CustomAttributesSchema = z.record(z.string(), z.string());

export const FoundAccountDataSchema = z.object({
  integration_specific_id: z.string(),
  email: z.string().nullish(),
  given_name: z.string().nullish(),
  family_name: z.string().nullish(),
  username: z.string().nullish(),
  user_status: AccountStatusSchema.nullish(),
  extra_data: ExtraDataSchema.nullish(),
  custom_attributes: CustomAttributesSchema.nullish(),
  account_type: AccountTypeSchema.nullish(),
});
export type FoundAccountData = z.infer<typeof FoundAccountDataSchema>;

export const FoundResourceDataSchema = z.object({
  integration_specific_id: z.string(),
  label: z.string(),
  resource_type: z.string(),
  extra_data: ExtraDataSchema.nullish(),
});
export type FoundResourceData = z.infer<typeof FoundResourceDataSchema>;

export const FoundEntitlementDataSchema = z.object({
  integration_specific_id: z.string(),
  integration_specific_resource_id: z.string(),
  entitlement_type: z.string(),
  label: z.string(),
  is_assignable: z.boolean().nullish(),
  extra_data: ExtraDataSchema.nullish(),
  custom_attributes: CustomAttributesSchema.nullish(),
});
export type FoundEntitlementData = z.infer<typeof FoundEntitlementDataSchema>;

export const FoundEntitlementAssociationSchema = z.object({
  account_id: z.string(),
  integration_specific_entitlement_id: z.string(),
  integration_specific_resource_id: z.string(),
});
export type FoundEntitlementAssociation = z.infer<typeof FoundEntitlementAssociationSchema>;

export const LastActivityDataSchema = z.object({
  account_id: z.string(),
  event_type: ActivityEventTypeSchema,
  happened_at: z.string(),
});
export type LastActivityData = z.infer<typeof LastActivityDataSchema>;

export const CustomAttributeSchemaSchema = z.object({
  customized_type: z.enum(['ACCOUNT', 'ENTITLEMENT', 'RESOURCE']),
  name: z.string(),
  attribute_type: z.enum(['STRING', 'USER']),
});
export type CustomAttributeSchema = z.infer<typeof CustomAttributeSchemaSchema>;

export const ResourceTypeSchema = z.object({
  type_id: z.string(),
  type_label: z.string(),
});
export type ResourceType = z.infer<typeof ResourceTypeSchema>;

export const EntitlementTypeSchema = z.object({
  type_id: z.string(),
  type_label: z.string(),
  resource_type_id: z.string(),
  min: z.number().int().nonnegative(),
  max: z.number().int().nonnegative().optional(),
});
export type EntitlementType = z.infer<typeof EntitlementTypeSchema>;

export const ExpenseSchema = z.record(z.string(), z.unknown());
export type Expense = z.infer<typeof ExpenseSchema>;
