export { ConnectorError, type ConnectorErrorOptions, isConnectorError } from './connector-error.ts';
export {
  connectorErrorHandler,
  DEFAULT_ERROR_HANDLERS,
  type ErrorHandler,
  type ErrorHandlerContext,
  type ErrorMapping,
  fallbackErrorHandler,
  formatZodIssues,
  httpStatusErrorHandler,
  mapError,
  networkErrorHandler,
  parseErrorHandler,
  protocolErrorHandler,
  raisedIn,
  timeoutErrorHandler,
  zodErrorHandler,
} from './error-handlers.ts';
export { REDACTED, Redactor, redactUrl } from './redactor.ts';
