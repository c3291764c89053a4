import { z } from 'zod';

/** Every error code of the protocol, including `conflict` and `bad_gateway` of newer SDKs. */
export const ERROR_CODES = [
  'not_found',
  'internal_error',
  'api_error',
  'unauthorized',
  'bad_request',
  'permission_denied',
  'not_implemented',
  'unexpected_error',
  'unsupported_operation',
  'unknown_value',
  'invalid_value',
  'unauthenticated',
  'request_timeout',
  'connection_timeout',
  'connection_rejected',
  'rate_limit',
  'authentication_expired',
  'service_error',
  'invalid_response',
  'client_call_error',
  'connection_closed',
  'creds_revoked',
  'invalid_page_token',
  'integration_missing_parameter',
  'conflict',
  'bad_gateway',
] as const;

export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

/**
 * Codes a caller may retry as they are: the failure was transient.
 * `rate_limit` is transient too, but callers should wait (see `isThrottledErrorCode`).
 */
const RETRYABLE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'request_timeout',
  'connection_timeout',
  'connection_rejected',
  'connection_closed',
  'service_error',
  'bad_gateway',
  'rate_limit',
]);

/** Codes after which refreshing or renewing the credential may help. */
const REFRESHABLE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'unauthorized',
  'authentication_expired',
  'creds_revoked',
]);

export function isRetryableErrorCode(code: ErrorCode): boolean {
  return RETRYABLE.has(code);
}

export function isThrottledErrorCode(code: ErrorCode): boolean {
  return code === 'rate_limit';
}

export function isRefreshableErrorCode(code: ErrorCode): boolean {
  return REFRESHABLE.has(code);
}

/** The usual mapping of an upstream HTTP status to a protocol error code. */
export function errorCodeForHttpStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
    case 413:
    case 415:
    case 422:
      return 'bad_request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'permission_denied';
    case 404:
      return 'not_found';
    case 405:
    case 406:
    case 501:
      return 'unsupported_operation';
    case 408:
      return 'request_timeout';
    case 409:
      return 'conflict';
    case 429:
      return 'rate_limit';
    case 503:
      return 'service_error';
    case 500:
    case 502:
    case 504:
      return 'bad_gateway';
    default:
      return 'api_error';
  }
}
