import type { Integration } from '../integration/integration.ts';
import { ErrorEnvelopeSchema, PageSchema, ResponsePageSchema } from '../protocol/envelopes.ts';
import { type JsonSchema, toJsonSchema } from '../protocol/json-schema.ts';

export type OpenApiDocument = Record<string, unknown>;

/**
 * The OpenAPI 3.1 description of a connector's HTTP mode, generated from its capability,
 * settings and credential schemas: one `POST /<capability>` per registered capability,
 * plus `GET /info`, `GET /healthz` and `GET /openapi.json`.
 */
export function buildOpenApiDocument(integration: Integration): OpenApiDocument {
  const info = integration.info();
  const schemas: Record<string, JsonSchema> = {
    ErrorEnvelope: toJsonSchema(ErrorEnvelopeSchema),
    Page: toJsonSchema(PageSchema),
    ResponsePage: toJsonSchema(ResponsePageSchema),
    Auth: info.authentication_schema,
    Credentials: info.credentials_schema,
    Settings: info.request_settings_schema,
  };
  const paths: Record<string, unknown> = {
    '/info': { get: infoOperation() },
    '/healthz': { get: healthOperation() },
    '/openapi.json': { get: openApiOperation() },
  };

  for (const [name, capability] of Object.entries(info.capability_schema)) {
    const title = pascalCase(name);
    schemas[`${title}Request`] = hoistDefs(capability.argument, `${title}Request`, schemas);
    schemas[`${title}Response`] = hoistDefs(capability.output, `${title}Response`, schemas);
    paths[`/${name}`] = { post: capabilityOperation(name, title, capability) };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: `${info.user_friendly_name} connector`,
      version: info.version,
      description: `${info.description}\n\nEvery capability path is also served under \`/${info.app_id}\`, e.g. \`POST /${info.app_id}/validate_credentials\`.`,
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: { schemas },
  };
}

function capabilityOperation(
  name: string,
  title: string,
  capability: { display_name?: string; description?: string },
): Record<string, unknown> {
  const operation: Record<string, unknown> = {
    operationId: name,
    summary: capability.display_name ?? name,
    requestBody: {
      required: true,
      content: { 'application/json': { schema: requestEnvelope(title) } },
    },
    responses: {
      '200': {
        description:
          'The response envelope: the result, or an error envelope (`is_error: true`) whose ' +
          '`error.error_code` says what failed',
        content: {
          'application/json': {
            schema: { oneOf: [successEnvelope(title), ref('ErrorEnvelope')] },
          },
        },
      },
      '413': errorResponse('The request body is larger than the server accepts'),
    },
  };
  if (capability.description) operation.description = capability.description;
  return operation;
}

function requestEnvelope(title: string): JsonSchema {
  return {
    type: 'object',
    required: ['request'],
    properties: {
      request: ref(`${title}Request`),
      auth: ref('Auth'),
      credentials: ref('Credentials'),
      settings: ref('Settings'),
      page: ref('Page'),
      include_raw_data: { type: 'boolean' },
    },
  };
}

function successEnvelope(title: string): JsonSchema {
  return {
    type: 'object',
    required: ['response', 'raw_data', 'page'],
    properties: {
      response: ref(`${title}Response`),
      raw_data: {},
      page: { anyOf: [ref('ResponsePage'), { type: 'null' }] },
    },
  };
}

function infoOperation(): Record<string, unknown> {
  return {
    operationId: 'info',
    summary: 'The connector description: capabilities, schemas, settings, credentials',
    responses: {
      '200': {
        description: 'The info envelope',
        content: {
          'application/json': {
            schema: { type: 'object', required: ['response'], properties: { response: {} } },
          },
        },
      },
    },
  };
}

function healthOperation(): Record<string, unknown> {
  const status = (value: string) => ({
    'application/json': {
      schema: {
        type: 'object',
        required: ['status'],
        properties: { status: { const: value } },
      },
    },
  });
  return {
    operationId: 'health',
    summary: 'Liveness: 200 while the server takes calls, 503 once it is shutting down',
    responses: {
      '200': { description: 'Taking calls', content: status('ok') },
      '503': { description: 'Shutting down', content: status('shutting_down') },
    },
  };
}

function openApiOperation(): Record<string, unknown> {
  return {
    operationId: 'openapi',
    summary: 'This document',
    responses: {
      '200': {
        description: 'OpenAPI 3.1',
        content: { 'application/json': { schema: { type: 'object' } } },
      },
    },
  };
}

function errorResponse(description: string): Record<string, unknown> {
  return { description, content: { 'application/json': { schema: ref('ErrorEnvelope') } } };
}

function ref(name: string): JsonSchema {
  return { $ref: `#/components/schemas/${name}` };
}

/**
 * Moves a schema's `$defs` into the document's components, renamed `<owner>_<def>`, and
 * points its `$ref`s there: inside an OpenAPI document `#/$defs/...` would resolve against
 * the document root, not the schema.
 */
function hoistDefs(
  schema: JsonSchema,
  owner: string,
  into: Record<string, JsonSchema>,
): JsonSchema {
  const defs = schema.$defs as Record<string, JsonSchema> | undefined;
  if (defs === undefined) return schema;
  const rename = (def: string) => `${owner}_${def}`;
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (typeof value !== 'object' || value === null) return value;
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (key === '$defs') continue;
      copy[key] =
        key === '$ref' && typeof item === 'string' && item.startsWith('#/$defs/')
          ? `#/components/schemas/${rename(item.slice('#/$defs/'.length))}`
          : rewrite(item);
    }
    return copy;
  };
  for (const [def, value] of Object.entries(defs)) {
    into[rename(def)] = rewrite(value) as JsonSchema;
  }
  return rewrite(schema) as JsonSchema;
}

function pascalCase(name: string): string {
  return name
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
