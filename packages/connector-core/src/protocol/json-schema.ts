import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/**
 * JSON Schema (draft 2020-12) of a zod schema as the protocol shows it in `info`:
 * `io: 'input'` so that defaulted fields are optional for callers, and secret fields keep
 * the `x-secret: true` metadata that `secret()` attached.
 */
export function toJsonSchema(schema: z.ZodType): JsonSchema {
  const generated = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as JsonSchema;
  delete generated.$schema;
  return generated;
}
