import { z } from 'zod';
import { type ErrorCode, errorCodeForHttpStatus } from '../protocol/error-codes.ts';
import { isConnectorError } from './connector-error.ts';
import { redactUrl } from './redactor.ts';

/** What an error handler decides about a thrown error. */
export interface ErrorMapping {
  code: ErrorCode;
  message: string;
  statusCode?: number | undefined;
  appErrorCode?: string | undefined;
}

export interface ErrorHandlerContext {
  appId: string;
  /** The app's name as users know it, for messages ("GitHub answered 401 ..."). */
  appName: string;
  capability: string;
}

/**
 * Maps a thrown error to a protocol error, or returns `undefined` to pass it on to the
 * next handler of the chain. A connector's own handlers run before the default chain.
 */
export type ErrorHandler = (
  error: unknown,
  context: ErrorHandlerContext,
) => ErrorMapping | undefined;

//// The default chain ////

export const connectorErrorHandler: ErrorHandler = (error) => {
  if (!isConnectorError(error)) return undefined;
  return {
    code: error.code,
    message: error.message,
    statusCode: error.statusCode,
    appErrorCode: error.appErrorCode,
  };
};

interface HttpErrorLike {
  name: string;
  message: string;
  response: { status: number; statusText?: string; headers?: Headers };
  request?: { method: string; url: string };
  /** The app's own error text, if the HTTP client read it from the body. */
  upstreamMessage?: string;
}

function isHttpErrorLike(error: unknown): error is HttpErrorLike {
  if (!(error instanceof Error) || error.name !== 'HTTPError') return false;
  const response = (error as { response?: { status?: unknown } }).response;
  return typeof response?.status === 'number';
}

const NEXT_STEP: Partial<Record<ErrorCode, string>> = {
  unauthorized: 'check that the credential is valid and not expired',
  permission_denied: 'check that the credential has the permissions (scopes) this call needs',
  not_found: 'check the settings and the ids in the request',
  rate_limit: 'the rate limit is still exhausted after retries; try again later',
  service_error: 'the app is unavailable; try again later',
  bad_gateway: 'the app failed; try again later',
  bad_request: 'check the request payload and settings',
  conflict: 'the object changed or already exists; read it again before retrying',
};

/** HTTP status errors (ky's `HTTPError` and anything shaped like it). */
export const httpStatusErrorHandler: ErrorHandler = (error, context) => {
  if (!isHttpErrorLike(error)) return undefined;
  const status = error.response.status;
  const code = errorCodeForHttpStatus(status);
  const where = error.request ? ` for ${error.request.method} ${redactUrl(error.request.url)}` : '';
  const detail = error.upstreamMessage ? `: ${error.upstreamMessage}` : '';
  const next = NEXT_STEP[code];
  return {
    code,
    statusCode: status,
    message: `${context.appName} answered ${status}${where}${detail}${next ? ` (${next})` : ''}`,
  };
};

/** System error codes of Node's net, dns and undici, by protocol code. */
const NETWORK_CODES: Record<string, { code: ErrorCode; what: string }> = {
  ECONNREFUSED: { code: 'connection_rejected', what: 'refused the connection' },
  ENOTFOUND: { code: 'connection_rejected', what: 'could not be resolved (DNS)' },
  EAI_AGAIN: { code: 'connection_rejected', what: 'could not be resolved (DNS, temporary)' },
  EHOSTUNREACH: { code: 'connection_rejected', what: 'is unreachable' },
  ENETUNREACH: { code: 'connection_rejected', what: 'is unreachable (network)' },
  ECONNRESET: { code: 'connection_closed', what: 'reset the connection' },
  EPIPE: { code: 'connection_closed', what: 'closed the connection' },
  UND_ERR_SOCKET: { code: 'connection_closed', what: 'closed the connection' },
  UND_ERR_CLOSED: { code: 'connection_closed', what: 'closed the connection' },
  ETIMEDOUT: { code: 'connection_timeout', what: 'did not answer in time' },
  UND_ERR_CONNECT_TIMEOUT: {
    code: 'connection_timeout',
    what: 'did not accept a connection in time',
  },
  UND_ERR_HEADERS_TIMEOUT: { code: 'request_timeout', what: 'did not answer in time' },
  UND_ERR_BODY_TIMEOUT: { code: 'request_timeout', what: 'did not finish its answer in time' },
};

function findSystemCode(error: unknown): { code: string; host?: string } | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && Object.hasOwn(NETWORK_CODES, code)) {
      const host = (current as { hostname?: unknown; address?: unknown }).hostname;
      return typeof host === 'string' ? { code, host } : { code };
    }
    current = current.cause;
  }
  return undefined;
}

/** Network failures: refused, reset, DNS, connect and response timeouts. */
export const networkErrorHandler: ErrorHandler = (error, context) => {
  const found = findSystemCode(error);
  if (found === undefined) return undefined;
  const known = NETWORK_CODES[found.code]!;
  const host = found.host ? ` (${found.host})` : '';
  return {
    code: known.code,
    message: `${context.appName}${host} ${known.what} [${found.code}]; check the host and port settings and that the app is reachable`,
  };
};

/**
 * An answer that is not HTTP at all (undici's parser errors, codes `HPE_*`): usually the
 * host and port point at something other than the app's API.
 */
export const protocolErrorHandler: ErrorHandler = (error, context) => {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('HPE_')) {
      return {
        code: 'invalid_response',
        message: `${context.appName} sent an answer that is not valid HTTP [${code}]; check that the host and port settings point at the app's API`,
      };
    }
    current = current.cause;
  }
  return undefined;
};

/** ky's own request timeout, and aborts from our own deadline. */
export const timeoutErrorHandler: ErrorHandler = (error, context) => {
  if (!(error instanceof Error)) return undefined;
  if (error.name !== 'TimeoutError' && error.name !== 'AbortError') return undefined;
  const request = (error as { request?: { method?: string; url?: string } }).request;
  const where = request?.url ? ` for ${request.method ?? 'GET'} ${redactUrl(request.url)}` : '';
  return {
    code: 'request_timeout',
    message: `${context.appName} did not answer in time${where}; raise the timeout or try again later`,
  };
};

/** A response body that is not the JSON the connector expected. */
export const parseErrorHandler: ErrorHandler = (error, context) => {
  if (!(error instanceof SyntaxError)) return undefined;
  return {
    code: 'invalid_response',
    message: `${context.appName} sent a response that is not valid JSON: ${error.message}`,
  };
};

/** A zod error thrown inside a handler: the app's data did not have the expected shape. */
export const zodErrorHandler: ErrorHandler = (error, context) => {
  if (!(error instanceof z.ZodError)) return undefined;
  return {
    code: 'invalid_response',
    message: `${context.appName} sent data of an unexpected shape: ${formatZodIssues(error)}`,
  };
};

export const fallbackErrorHandler: ErrorHandler = (error, context) => {
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: 'unexpected_error',
    message: `Unexpected error in ${context.capability}: ${message}`,
  };
};

/** The chain every integration ends with; a connector's handlers go before it. */
export const DEFAULT_ERROR_HANDLERS: readonly ErrorHandler[] = [
  connectorErrorHandler,
  httpStatusErrorHandler,
  timeoutErrorHandler,
  networkErrorHandler,
  protocolErrorHandler,
  parseErrorHandler,
  zodErrorHandler,
];

export function mapError(
  error: unknown,
  handlers: readonly ErrorHandler[],
  context: ErrorHandlerContext,
): ErrorMapping {
  for (const handler of handlers) {
    const mapped = handler(error, context);
    if (mapped !== undefined) return mapped;
  }
  return fallbackErrorHandler(error, context)!;
}

/** `path.to.field: message; other: message`, at most `limit` issues. */
export function formatZodIssues(error: z.ZodError, prefix = '', limit = 10): string {
  const parts = error.issues.slice(0, limit).map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.');
    return `${path === '' ? '(root)' : path}: ${issue.message}`;
  });
  const more = error.issues.length > limit ? `; and ${error.issues.length - limit} more` : '';
  return `${parts.join('; ')}${more}`;
}

/** `module:function` of the first stack frame outside node internals and dependencies. */
export function raisedIn(error: unknown, fallback: string): string {
  if (!(error instanceof Error) || typeof error.stack !== 'string') return fallback;
  for (const line of error.stack.split('\n').slice(1)) {
    const match = /^\s*at (?:async )?(?:(.+?) \()?(.+?):\d+:\d+\)?$/.exec(line);
    if (!match) continue;
    const [, fn, file] = match;
    if (!file || file.startsWith('node:') || file.includes('node_modules')) continue;
    const module = file.replace(/^.*[/\\]/, '').replace(/\.[cm]?[jt]s$/, '');
    const name = fn?.replace(/ \[as [^\]]+\]$/, '').replace(/^.*\./, '') ?? 'anonymous';
    return `${module}:${name}`;
  }
  return fallback;
}
