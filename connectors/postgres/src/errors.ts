import type { ErrorCode, ErrorHandler, ErrorMapping } from '@grantkit/connector-core';
import pg from 'pg';

//// Mapping driver and server errors to protocol error codes ////

interface SqlStateRule {
  code: ErrorCode;
  next: string;
}

/** By SQLSTATE (exact), then by class (first two characters). */
const BY_SQLSTATE: Record<string, SqlStateRule> = {
  '28P01': {
    code: 'unauthorized',
    next: 'check the username and password of the basic credential',
  },
  '28000': {
    code: 'unauthorized',
    next: 'check pg_hba.conf allows this role, host, database and SSL mode',
  },
  '42501': {
    code: 'permission_denied',
    next: 'the connector role needs CREATEROLE (or SUPERUSER) and the grant option on the object',
  },
  '3D000': { code: 'not_found', next: 'check the database setting and the ids in the request' },
  '3F000': { code: 'not_found', next: 'check the schema in the request' },
  '42704': { code: 'not_found', next: 'check the role and object names in the request' },
  '2BP01': {
    code: 'conflict',
    next: 'revoke or reassign what depends on the role, then retry',
  },
  '42710': { code: 'conflict', next: 'the object already exists' },
  '55006': { code: 'conflict', next: 'the object is in use; try again when it is not' },
  '40001': { code: 'conflict', next: 'a concurrent change won; retry the call' },
  '40P01': { code: 'conflict', next: 'a deadlock was broken; retry the call' },
  '53300': {
    code: 'service_error',
    next: 'the server has no free connection slot; try again later',
  },
  '57P01': { code: 'connection_closed', next: 'the server is shutting down; try again later' },
  '57P02': { code: 'connection_closed', next: 'the server crashed; try again later' },
  '57P03': { code: 'service_error', next: 'the server is starting up; try again shortly' },
  '57014': {
    code: 'request_timeout',
    next: 'the statement ran longer than statement_timeout_seconds; raise it or retry',
  },
  '0A000': { code: 'unsupported_operation', next: 'this server does not support the operation' },
};

const BY_CLASS: Record<string, SqlStateRule> = {
  '08': { code: 'connection_closed', next: 'check the server is reachable and retry' },
  '22': { code: 'bad_request', next: 'check the values in the request' },
  '28': { code: 'unauthorized', next: 'check the credential and pg_hba.conf' },
  '42': { code: 'bad_request', next: 'check the names in the request' },
  '53': { code: 'service_error', next: 'the server is out of resources; try again later' },
  '57': { code: 'service_error', next: 'the server stopped the operation; try again later' },
};

/** Errors PostgreSQL answered with: they carry a SQLSTATE. */
export const databaseErrorHandler: ErrorHandler = (error, context) => {
  if (!(error instanceof pg.DatabaseError) || typeof error.code !== 'string') return undefined;
  const sqlstate = error.code;
  const rule = BY_SQLSTATE[sqlstate] ?? BY_CLASS[sqlstate.slice(0, 2)];
  const detail = error.detail ? ` (${error.detail.replaceAll('\n', '; ')})` : '';
  const mapping: ErrorMapping = {
    code: rule?.code ?? 'api_error',
    message:
      `${context.appName} refused ${context.capability}: ${error.message}${detail} ` +
      `[SQLSTATE ${sqlstate}]${rule ? `; ${rule.next}` : ''}`,
    appErrorCode: `postgres.${sqlstate}`,
  };
  return mapping;
};

/** The driver's own connection failures, which carry no SQLSTATE. */
const DRIVER_MESSAGES: ReadonlyArray<{ pattern: RegExp; code: ErrorCode; next: string }> = [
  {
    pattern: /timeout/i,
    code: 'connection_timeout',
    next: 'check host and port, or raise connect_timeout_seconds',
  },
  {
    pattern: /does not support SSL/i,
    code: 'connection_rejected',
    next: 'the server has no TLS: set ssl_mode to disable, or enable ssl on the server',
  },
  {
    pattern: /terminated|ended|closed/i,
    code: 'connection_closed',
    next: 'the server closed the connection; check its logs and retry',
  },
];

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Connection failures: refused, timed out, TLS verification, closed by the server. */
export const connectionErrorHandler: ErrorHandler = (error, context) => {
  if (!(error instanceof Error) || error instanceof pg.DatabaseError) return undefined;
  const systemCode = (error as { code?: unknown }).code;

  if (typeof systemCode === 'string' && TLS_CODES.has(systemCode)) {
    return {
      code: 'connection_rejected',
      message:
        `${context.appName} server certificate was not accepted [${systemCode}]: ` +
        'set ssl_ca_certificate to the CA that signed it, and check the host name matches',
    };
  }
  if (typeof systemCode === 'string') return undefined; // ECONNREFUSED etc.: the core maps them

  const known = DRIVER_MESSAGES.find((rule) => rule.pattern.test(error.message));
  if (known === undefined) return undefined;
  return {
    code: known.code,
    message: `${context.appName} connection failed: ${error.message}; ${known.next}`,
  };
};

export const POSTGRES_ERROR_HANDLERS: readonly ErrorHandler[] = [
  databaseErrorHandler,
  connectionErrorHandler,
];
