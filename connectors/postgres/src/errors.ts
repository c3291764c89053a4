import type { ErrorCode, ErrorHandler, ErrorMapping } from '@grantkit/connector-core';
import pg from 'pg';

//// Mapping driver and server errors to protocol error codes ////

/** A failure to open the connection, naming where the connector tried to connect. */
export class ConnectFailedError extends Error {
  override name = 'ConnectFailedError';
  readonly host: string;
  readonly port: number;

  constructor(host: string, port: number, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Could not connect to PostgreSQL at ${host}:${port}: ${reason}`, { cause });
    this.host = host;
    this.port = port;
  }
}

/** The server's error, thrown as is or as the cause of a failed connection. */
function databaseErrorOf(error: unknown): pg.DatabaseError | undefined {
  if (error instanceof pg.DatabaseError) return error;
  if (error instanceof ConnectFailedError && error.cause instanceof pg.DatabaseError) {
    return error.cause;
  }
  return undefined;
}

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
export const databaseErrorHandler: ErrorHandler = (thrown, context) => {
  const error = databaseErrorOf(thrown);
  if (error === undefined || typeof error.code !== 'string') return undefined;
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

const SYSTEM_CODES: Record<string, { code: ErrorCode; what: string; next: string }> = {
  ECONNREFUSED: {
    code: 'connection_rejected',
    what: 'refused the connection',
    next: 'check host and port, and that the server listens on them',
  },
  ENOTFOUND: {
    code: 'connection_rejected',
    what: 'has a host name that does not resolve',
    next: 'check the host setting',
  },
  EAI_AGAIN: {
    code: 'connection_rejected',
    what: 'has a host name that could not be resolved now',
    next: 'check the host setting and DNS, then retry',
  },
  EHOSTUNREACH: {
    code: 'connection_rejected',
    what: 'is unreachable',
    next: 'check the host setting and the network path',
  },
  ETIMEDOUT: {
    code: 'connection_timeout',
    what: 'did not answer in time',
    next: 'check host and port, or raise connect_timeout_seconds',
  },
  ECONNRESET: {
    code: 'connection_closed',
    what: 'reset the connection',
    next: 'check the server logs and the ssl_mode setting, then retry',
  },
};

/** Connection failures: refused, timed out, TLS verification, closed by the server. */
export const connectionErrorHandler: ErrorHandler = (error, context) => {
  if (!(error instanceof Error) || databaseErrorOf(error) !== undefined) return undefined;
  const where = error instanceof ConnectFailedError ? ` at ${error.host}:${error.port}` : '';
  const cause = error instanceof ConnectFailedError ? error.cause : error;
  if (!(cause instanceof Error)) return undefined;
  const systemCode = (cause as { code?: unknown }).code;

  if (typeof systemCode === 'string' && TLS_CODES.has(systemCode)) {
    return {
      code: 'connection_rejected',
      message:
        `${context.appName}${where}: the server certificate was not accepted [${systemCode}]; ` +
        'set ssl_ca_certificate to the CA that signed it, and check the host name matches',
    };
  }
  const system = typeof systemCode === 'string' ? SYSTEM_CODES[systemCode] : undefined;
  if (system !== undefined) {
    return {
      code: system.code,
      message: `${context.appName}${where} ${system.what} [${systemCode}]; ${system.next}`,
    };
  }
  const known = DRIVER_MESSAGES.find((rule) => rule.pattern.test(cause.message));
  if (known === undefined) return undefined;
  return {
    code: known.code,
    message: `${context.appName}${where}: ${cause.message}; ${known.next}`,
  };
};

export const POSTGRES_ERROR_HANDLERS: readonly ErrorHandler[] = [
  databaseErrorHandler,
  connectionErrorHandler,
];
