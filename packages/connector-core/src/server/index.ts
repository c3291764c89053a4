export { buildOpenApiDocument, type OpenApiDocument } from './openapi.ts';
export { type ServeOptions, serve } from './serve.ts';
export {
  type ConnectorServer,
  type ConnectorServerOptions,
  createConnectorServer,
  DEFAULT_BODY_LIMIT,
} from './server.ts';
