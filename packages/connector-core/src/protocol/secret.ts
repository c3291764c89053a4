import { z } from 'zod';

/** The JSON Schema keyword the protocol uses to mark a secret field. */
export const SECRET_KEYWORD = 'x-secret';

/**
 * A string field that holds a secret. It carries `x-secret: true` in every generated
 * JSON Schema, and its value is redacted from logs and error messages at run time.
 */
export function secret(description?: string): z.ZodString {
  const meta: Record<string, unknown> = { [SECRET_KEYWORD]: true };
  if (description !== undefined) meta.description = description;
  return z.string().meta(meta);
}

/** Whether a schema (unwrapping optional, nullable and default) was marked with `secret()`. */
export function isSecretSchema(schema: z.ZodType): boolean {
  let current: z.ZodType = schema;
  for (let depth = 0; depth < 8; depth++) {
    if (z.globalRegistry.get(current)?.[SECRET_KEYWORD] === true) return true;
    const inner = unwrapOnce(current);
    if (inner === undefined) return false;
    current = inner;
  }
  return false;
}

function unwrapOnce(schema: z.ZodType): z.ZodType | undefined {
  if (
    schema instanceof z.ZodOptional ||
    schema instanceof z.ZodNullable ||
    schema instanceof z.ZodDefault ||
    schema instanceof z.ZodPrefault ||
    schema instanceof z.ZodReadonly
  ) {
    return schema.unwrap() as z.ZodType;
  }
  return undefined;
}

/**
 * Dotted paths of every secret field in an object schema, nested objects included.
 * Used to redact settings and credentials by schema.
 */
export function secretPaths(schema: z.ZodType, prefix = ''): string[] {
  if (isSecretSchema(schema)) return [prefix];
  let current: z.ZodType = schema;
  for (let inner = unwrapOnce(current); inner !== undefined; inner = unwrapOnce(current)) {
    current = inner;
  }
  if (!(current instanceof z.ZodObject)) return [];
  const paths: string[] = [];
  for (const [key, field] of Object.entries(current.shape as Record<string, z.ZodType>)) {
    paths.push(...secretPaths(field, prefix === '' ? key : `${prefix}.${key}`));
  }
  return paths;
}
