import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ResponseValidator } from '@grantkit/connector-testing';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';

/*
 * Checks each answer of the fake GitHub against GitHub's official OpenAPI description
 * (`@octokit/openapi`): the operation is found from the route pattern, the schema from the
 * status, and ajv validates the body. A drift of the fake from the real API fails the test
 * that caused it (the kit turns problems into a failure of `close()`).
 */

interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { responses: Record<string, OpenApiResponse> } & Record<string, unknown>;
}
interface OpenApiOperation {
  responses: Record<string, OpenApiResponse | { $ref: string }>;
}
interface OpenApiResponse {
  content?: Record<string, { schema?: unknown }>;
}

const require = createRequire(import.meta.url);
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv;

let shared: { document: OpenApiDocument; ajv: Ajv } | undefined;

/** The description is 13 MB: parse it once per process, compile schemas on first use. */
function load(): { document: OpenApiDocument; ajv: Ajv } {
  if (shared !== undefined) return shared;
  const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
  const document = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
  // strict: false because OpenAPI 3.0 adds keywords JSON Schema does not know (`example`,
  // `discriminator`, `x-github`); ajv reads `nullable` itself.
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema({ components: document.components }, 'github');
  shared = { document, ajv };
  return shared;
}

/**
 * A response validator for `FakeApp`: `prefix` is the path the fake serves the API under
 * (`''`, or `/api/v3` for GitHub Enterprise Server).
 */
export function githubResponseValidator(prefix = ''): ResponseValidator {
  const { document, ajv } = load();
  const compiled = new Map<string, ValidateFunction | null>();

  return ({ method, route, status, body }) => {
    if (route === undefined) return [];
    const [, pattern = ''] = route.split(' ');
    const path = pattern.slice(prefix.length).replace(/:([A-Za-z_]+)/g, '{$1}');
    const operation = document.paths[path]?.[method.toLowerCase()];
    if (operation === undefined) return [`${method} ${path} is not in GitHub's description`];
    if (status === 304) return [];

    const key = `${method} ${path} ${status}`;
    if (!compiled.has(key)) compiled.set(key, compile(ajv, document, operation, status));
    const validate = compiled.get(key);
    if (validate === undefined) return [];
    if (validate === null) {
      return body === undefined
        ? []
        : [`${method} ${path} answered ${status} with a body; GitHub documents none`];
    }
    if (validate(body)) return [];
    return (validate.errors ?? [])
      .slice(0, 5)
      .map((error) => `${status} body${error.instancePath} ${error.message ?? 'is invalid'}`);
  };
}

/** The validator of one status: null when GitHub documents no body. */
function compile(
  ajv: Ajv,
  document: OpenApiDocument,
  operation: OpenApiOperation,
  status: number,
): ValidateFunction | null {
  let response = operation.responses[String(status)];
  if (response === undefined) {
    // GitHub documents only some error statuses per operation; all share its error body.
    if (status >= 400) return ajv.compile({ $ref: 'github#/components/schemas/basic-error' });
    return ajv.compile({ not: {}, description: `status ${status} is not documented` });
  }
  if ('$ref' in response) {
    response = document.components.responses[(response.$ref as string).split('/').pop()!]!;
  }
  const schema = (response as OpenApiResponse).content?.['application/json']?.schema;
  if (schema === undefined) return null;
  return ajv.compile(rebase(schema) as object);
}

/** Points the schema's `#/components/...` references at the registered document. */
function rebase(schema: unknown): unknown {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"github#/components/'));
}
