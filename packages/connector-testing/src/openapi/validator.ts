import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsImport, { type FormatsPlugin } from 'ajv-formats';
import type { ResponseValidator } from '../fake-app/server.ts';

// ajv-formats is CommonJS: Node hands over the function itself, some loaders its `default`.
const addFormats = ((addFormatsImport as unknown as { default?: FormatsPlugin }).default ??
  addFormatsImport) as FormatsPlugin;

/** The parts of an OpenAPI 3.0 or 3.1 document the validator reads. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

export interface OpenApiValidatorOptions {
  /** A prefix the fake serves the API under that the description's paths lack, e.g. `/api/v1`. */
  basePath?: string;
  /**
   * Whether an answer to a path, method or status the description does not list is a
   * problem. @default true
   */
  strict?: boolean;
  /** Problems to report at most per answer. @default 5 */
  maxErrors?: number;
}

interface Operation {
  template: string;
  regex: RegExp;
  literalSegments: number;
}

/**
 * A `validateResponse` hook for `startFakeApp` that checks each answer of the fake against
 * the vendor's published OpenAPI description (e.g. GitHub's `@octokit/openapi`): the path and
 * method must be described, the status documented, and the JSON body must match the schema.
 */
export function createOpenApiValidator(
  document: OpenApiDocument,
  options: OpenApiValidatorOptions = {},
): ResponseValidator {
  const ajv = createAjv(document);
  const operations = indexPaths(document);
  const compiled = new Map<string, ValidateFunction | string>();
  const strict = options.strict ?? true;
  const maxErrors = options.maxErrors ?? 5;

  return ({ method, path, status, body, headers }) => {
    const local = stripBase(path, options.basePath);
    const operation = local === undefined ? undefined : findOperation(operations, local);
    const verb = method.toLowerCase();
    const pathItem = operation === undefined ? undefined : document.paths[operation.template];
    if (operation === undefined || pathItem?.[verb] === undefined) {
      return strict ? [`the description has no operation ${method} for ${path}`] : [];
    }

    const responses = (pathItem[verb] as { responses?: Record<string, unknown> }).responses ?? {};
    const code = pickStatus(responses, status);
    if (code === undefined) {
      return strict
        ? [`status ${status} is not documented for ${method} ${operation.template}`]
        : [];
    }
    const located = resolveRef(document, responses[code], [
      'paths',
      operation.template,
      verb,
      'responses',
      code,
    ]);
    const response = located.node as { content?: Record<string, unknown> };
    const mediaType = pickMediaType(response.content, headers['content-type']);
    if (mediaType === undefined || body === undefined || typeof body === 'string') return [];

    const key = `${verb} ${operation.template} ${code} ${mediaType}`;
    let validate = compiled.get(key);
    if (validate === undefined) {
      validate = compile(ajv, located.pointer, mediaType, response.content);
      compiled.set(key, validate);
    }
    if (typeof validate === 'string') return [validate];
    if (validate(body)) return [];
    return describeErrors(validate.errors ?? [], `${method} ${operation.template} ${code}`).slice(
      0,
      maxErrors,
    );
  };
}

//// Steps ////

const DOCUMENT_ID = 'openapi-document';

function createAjv(document: OpenApiDocument): Ajv {
  // OpenAPI 3.0 schemas are a dialect of draft 4/7 with `nullable`, which ajv reads; 3.1
  // schemas are JSON Schema 2020-12. Vendor descriptions carry `example` and `x-` keywords,
  // so unknown keywords are allowed.
  const settings = { strict: false, allErrors: true, validateSchema: false } as const;
  const ajv = document.openapi.startsWith('3.1') ? new Ajv2020(settings) : new Ajv(settings);
  addFormats(ajv);
  ajv.addSchema(document as object, DOCUMENT_ID);
  return ajv;
}

function indexPaths(document: OpenApiDocument): Operation[] {
  return Object.keys(document.paths)
    .map((template) => {
      const segments = template.split('/');
      const source = segments
        .map((segment) =>
          segment
            .split(/(\{[^}]+\})/)
            .map((part) =>
              part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
            )
            .join(''),
        )
        .join('/');
      return {
        template,
        regex: new RegExp(`^${source}/?$`),
        literalSegments: segments.filter((s) => !s.includes('{')).length,
      };
    })
    .sort((a, b) => b.literalSegments - a.literalSegments);
}

function stripBase(path: string, basePath: string | undefined): string | undefined {
  if (basePath === undefined || basePath === '') return path;
  const base = basePath.replace(/\/$/, '');
  return path === base || path.startsWith(`${base}/`) ? path.slice(base.length) || '/' : undefined;
}

function findOperation(operations: readonly Operation[], path: string): Operation | undefined {
  return operations.find((operation) => operation.regex.test(path));
}

function pickStatus(responses: Record<string, unknown>, status: number): string | undefined {
  const exact = String(status);
  if (Object.hasOwn(responses, exact)) return exact;
  const range = `${exact[0]}XX`;
  if (Object.hasOwn(responses, range)) return range;
  if (Object.hasOwn(responses, 'default')) return 'default';
  return undefined;
}

function pickMediaType(
  content: Record<string, unknown> | undefined,
  contentType: string | undefined,
): string | undefined {
  if (content === undefined) return undefined;
  const types = Object.keys(content);
  const sent = contentType?.split(';')[0]?.trim();
  if (sent !== undefined && types.includes(sent)) return sent;
  return types.find((type) => /[/+]json$/.test(type));
}

/** Compiles the schema at `<response pointer>/content/<media type>/schema` of the document. */
function compile(
  ajv: Ajv,
  responsePointer: readonly string[],
  mediaType: string,
  content: Record<string, unknown> | undefined,
): ValidateFunction | string {
  const schema = (content?.[mediaType] as { schema?: unknown } | undefined)?.schema;
  if (schema === undefined) return ajv.compile({});
  const pointer = [...responsePointer, 'content', mediaType, 'schema']
    .map((part) => encodeURIComponent(part.replace(/~/g, '~0').replace(/\//g, '~1')))
    .join('/');
  try {
    return ajv.compile({ $ref: `${DOCUMENT_ID}#/${pointer}` });
  } catch (error) {
    return `the schema at ${responsePointer.join(' ')} does not compile: ${(error as Error).message}`;
  }
}

/** Follows local `$ref`s from `node` (found at `pointer`); returns the target and its pointer. */
function resolveRef(
  document: OpenApiDocument,
  node: unknown,
  pointer: readonly string[],
  depth = 0,
): { node: unknown; pointer: readonly string[] } {
  const ref = (node as { $ref?: unknown } | undefined)?.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/') || depth > 10) return { node, pointer };
  const parts = ref
    .slice(2)
    .split('/')
    .map((part) => decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~'));
  const target = parts.reduce<unknown>(
    (current, part) => (current as Record<string, unknown> | undefined)?.[part],
    document,
  );
  return resolveRef(document, target, parts, depth + 1);
}

function describeErrors(errors: readonly ErrorObject[], where: string): string[] {
  return errors.map((error) => {
    const at = error.instancePath === '' ? '(root)' : error.instancePath;
    const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
    const detail = allowed ? ` (${allowed.map((v) => JSON.stringify(v)).join(', ')})` : '';
    return `the body of ${where} does not match the description at ${at}: ${error.message}${detail}`;
  });
}
