export {
  createOpenApiValidator,
  type OpenApiDocument,
  type OpenApiValidatorOptions,
} from './validator.ts';
