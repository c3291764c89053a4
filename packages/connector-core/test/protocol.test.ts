import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CREDENTIAL_TYPES,
  ERROR_CODES,
  errorCodeForHttpStatus,
  isRefreshableErrorCode,
  isRetryableErrorCode,
  isThrottledErrorCode,
  raisedIn,
  STANDARD_CAPABILITY_NAMES,
  secret,
  secretPaths,
  toJsonSchema,
} from '../src/index.ts';

describe('the protocol schemas', () => {
  it('know every error code of the protocol, including conflict and bad_gateway', () => {
    expect([...ERROR_CODES].sort()).toEqual(
      [
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
      ].sort(),
    );
  });

  it('know every standard capability and credential type', () => {
    expect([...STANDARD_CAPABILITY_NAMES].sort()).toEqual(
      [
        'validate_credentials',
        'get_authorization_url',
        'handle_authorization_callback',
        'handle_client_credentials_request',
        'refresh_access_token',
        'list_accounts',
        'get_account',
        'list_resources',
        'list_entitlements',
        'find_entitlement_associations',
        'list_custom_attributes_schema',
        'get_last_activity',
        'list_expenses',
        'create_account',
        'update_account',
        'delete_account',
        'activate_account',
        'deactivate_account',
        'assign_entitlement',
        'unassign_entitlement',
      ].sort(),
    );
    expect([...CREDENTIAL_TYPES].sort()).toEqual(
      ['basic', 'jwt', 'oauth', 'oauth1', 'oauth_client_credentials', 'token'].sort(),
    );
  });

  it('map upstream HTTP statuses as the protocol says', () => {
    const statuses = [
      400, 401, 403, 404, 405, 406, 408, 409, 413, 415, 422, 429, 500, 501, 502, 503, 504, 418,
    ];
    expect(Object.fromEntries(statuses.map((s) => [s, errorCodeForHttpStatus(s)]))).toEqual({
      400: 'bad_request',
      401: 'unauthorized',
      403: 'permission_denied',
      404: 'not_found',
      405: 'unsupported_operation',
      406: 'unsupported_operation',
      408: 'request_timeout',
      409: 'conflict',
      413: 'bad_request',
      415: 'bad_request',
      422: 'bad_request',
      429: 'rate_limit',
      500: 'bad_gateway',
      501: 'unsupported_operation',
      502: 'bad_gateway',
      503: 'service_error',
      504: 'bad_gateway',
      418: 'api_error',
    });
  });

  it('classify codes as retryable, throttled and refreshable', () => {
    expect(ERROR_CODES.filter(isRetryableErrorCode).sort()).toEqual(
      [
        'bad_gateway',
        'connection_closed',
        'connection_rejected',
        'connection_timeout',
        'rate_limit',
        'request_timeout',
        'service_error',
      ].sort(),
    );
    expect(ERROR_CODES.filter(isThrottledErrorCode)).toEqual(['rate_limit']);
    expect(ERROR_CODES.filter(isRefreshableErrorCode).sort()).toEqual([
      'authentication_expired',
      'creds_revoked',
      'unauthorized',
    ]);
  });
});

describe('secret fields', () => {
  const settings = z.object({
    host: z.string(),
    ssl: z.object({ ca: secret('CA certificate').optional(), mode: z.string() }).optional(),
    apiKey: secret().default('x'),
  });

  it('are found by path, nested and wrapped', () => {
    expect(secretPaths(settings).sort()).toEqual(['apiKey', 'ssl.ca']);
  });

  it('carry x-secret: true in the JSON Schema', () => {
    const schema = toJsonSchema(settings) as {
      properties: Record<string, { 'x-secret'?: boolean; properties?: Record<string, unknown> }>;
    };
    expect(schema.properties.apiKey?.['x-secret']).toBe(true);
    expect(schema.properties.ssl?.properties?.ca).toMatchObject({ 'x-secret': true });
    expect(schema.properties.host?.['x-secret']).toBeUndefined();
  });
});

describe('raisedIn', () => {
  it('skips node internals and dependencies, naming the first own frame', () => {
    const error = new Error('connect ECONNREFUSED');
    error.stack = [
      'Error: connect ECONNREFUSED',
      '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1611:16)',
      '    at Client.connect (/app/node_modules/pg/lib/client.js:10:5)',
      '    at async Catalog.open [as openCatalog] (/app/src/client.ts:42:7)',
    ].join('\n');
    expect(raisedIn(error, 'fallback')).toBe('client:open');
  });

  it('falls back when no frame is the connector own', () => {
    const error = new Error('x');
    error.stack =
      'Error: x\n    at processTicksAndRejections (node:internal/process/task_queues:95:5)';
    expect(raisedIn(error, 'app:list_accounts')).toBe('app:list_accounts');
  });
});
