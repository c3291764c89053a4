import { z } from 'zod';
import { ErrorCodeSchema } from './error-codes.ts';

//// Request and response envelopes ////

export const PageSchema = z.object({
  token: z.string().nullish(),
  size: z.number().int().positive().max(100_000).nullish(),
});
export type Page = z.infer<typeof PageSchema>;

/**
 * The `auth` object and each entry of `credentials` name their credential type by key.
 * Their shape is checked in the envelope only loosely (an object); dispatch validates the
 * value against the credential types the connector accepts, to give a precise message.
 */
export const AuthObjectSchema = z.record(z.string(), z.unknown());

export const MultiCredentialEntrySchema = z.looseObject({ id: z.string().min(1) });

export const RequestEnvelopeSchema = z.object({
  request: z.record(z.string(), z.unknown()),
  auth: AuthObjectSchema.nullish(),
  credentials: z.array(MultiCredentialEntrySchema).nullish(),
  settings: z.record(z.string(), z.unknown()).nullish(),
  page: PageSchema.nullish(),
  include_raw_data: z.boolean().nullish(),
});
export type RequestEnvelope = z.infer<typeof RequestEnvelopeSchema>;

export const ErrorDetailsSchema = z.object({
  message: z.string(),
  status_code: z.number().int().optional(),
  app_error_code: z.string().optional(),
  error_code: ErrorCodeSchema,
  app_id: z.string(),
  raised_by: z.string().optional(),
  raised_in: z.string().optional(),
});
export type ErrorDetails = z.infer<typeof ErrorDetailsSchema>;

export const ErrorEnvelopeSchema = z.object({
  is_error: z.literal(true),
  error: ErrorDetailsSchema,
  raw_data: z.null(),
  page: z.null(),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

export const ResponsePageSchema = z.object({
  token: z.string().optional(),
  size: z.number().int().optional(),
});
export type ResponsePage = z.infer<typeof ResponsePageSchema>;

export function successEnvelopeSchema<T extends z.ZodType>(response: T) {
  return z.object({
    response,
    raw_data: z.unknown().nullable(),
    page: ResponsePageSchema.nullable(),
  });
}

export interface SuccessEnvelope<T = unknown> {
  response: T;
  raw_data: unknown | null;
  page: ResponsePage | null;
}

export type ResponseEnvelope<T = unknown> = SuccessEnvelope<T> | ErrorEnvelope;

export function isErrorEnvelope(envelope: unknown): envelope is ErrorEnvelope {
  return (
    typeof envelope === 'object' &&
    envelope !== null &&
    (envelope as { is_error?: unknown }).is_error === true
  );
}
