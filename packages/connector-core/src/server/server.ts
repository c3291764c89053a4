import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseRequestJson, plainErrorEnvelope } from '../cli/envelope.ts';
import type { Redactor } from '../errors/redactor.ts';
import type { Integration } from '../integration/integration.ts';
import { type Logger, silentLogger } from '../logging/logger.ts';
import type { ErrorEnvelope, ResponseEnvelope } from '../protocol/envelopes.ts';
import type { ErrorCode } from '../protocol/error-codes.ts';
import { buildOpenApiDocument } from './openapi.ts';

export interface ConnectorServerOptions {
  /** The largest request body accepted, in bytes; larger ones get 413. @default 10 MiB */
  bodyLimit?: number;
  /**
   * Makes the logger of one request. It receives the call's redactor once the call's
   * secrets are known (and none before), so every line can be redacted. @default silent
   */
  createLogger?: (redactor?: Redactor) => Logger;
  /**
   * How long `close()` lets in-flight calls finish before it aborts them and drops their
   * connections, in milliseconds. @default 30_000
   */
  shutdownTimeout?: number;
}

/** A connector answering capability calls over HTTP; see `createConnectorServer`. */
export interface ConnectorServer {
  /** The underlying `node:http` server. */
  readonly server: Server;
  /** The bound URL, once listening. */
  readonly url: URL | undefined;
  /** Starts listening; port 0 picks a free port. Resolves with the bound URL. */
  listen(port: number, host?: string): Promise<URL>;
  /**
   * Stops taking new calls, lets in-flight ones finish (up to `shutdownTimeout`), then
   * closes every connection. Safe to call more than once.
   */
  close(): Promise<void>;
}

export const DEFAULT_BODY_LIMIT = 10 * 1024 * 1024;
const CAPABILITY_PATH = /^\/(?:([a-z][a-z0-9_-]*)\/)?([a-z][a-z0-9_]*)$/;

/**
 * The HTTP mode of a connector: `POST /<capability>` (or `POST /<app_id>/<capability>`)
 * with the request envelope as body answers 200 with the response envelope, errors included (the envelope's `is_error` and
 * `error_code` carry them, as in the CLI). HTTP statuses other than 200 are kept for what
 * happens before a call: 404 unknown route, 405 wrong method, 413 body too large, 503
 * shutting down; each still carries an error envelope.
 */
export function createConnectorServer(
  integration: Integration,
  options: ConnectorServerOptions = {},
): ConnectorServer {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const shutdownTimeout = options.shutdownTimeout ?? 30_000;
  const makeLogger = options.createLogger ?? (() => silentLogger);
  const shutdown = new AbortController();
  let closing: Promise<void> | undefined;
  let url: URL | undefined;
  let infoJson: string | undefined;
  let openApiJson: string | undefined;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const method = req.method ?? 'GET';
    const reply = (status: number, body: string, logger: Logger = makeLogger()): void => {
      if (closing !== undefined) res.setHeader('connection', 'close');
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
      logger.info(`${method} ${path} ${status}`, {
        ms: Math.round(performance.now() - started),
      });
    };
    const fail = (status: number, code: ErrorCode, message: string): void =>
      reply(status, JSON.stringify(errorEnvelope(integration.appId, code, message)));

    if (closing !== undefined) {
      if (path === '/healthz') return reply(503, '{"status":"shutting_down"}');
      return fail(503, 'service_error', 'The connector is shutting down; send the call again');
    }
    if (path === '/healthz' || path === '/info' || path === '/openapi.json') {
      if (method !== 'GET' && method !== 'HEAD') {
        res.setHeader('allow', 'GET, HEAD');
        return fail(405, 'unsupported_operation', `${path} answers GET only`);
      }
      if (path === '/healthz') return reply(200, '{"status":"ok"}');
      if (path === '/info') {
        infoJson ??= JSON.stringify(await integration.dispatch('info', { request: {} }));
        return reply(200, infoJson);
      }
      openApiJson ??= JSON.stringify(buildOpenApiDocument(integration));
      return reply(200, openApiJson);
    }

    // `/<capability>`, or `/<app_id>/<capability>` as the Lumos description writes the paths.
    const route = CAPABILITY_PATH.exec(path);
    const capability =
      route?.[1] === undefined || route[1] === integration.appId ? route?.[2] : undefined;
    if (capability === undefined) {
      return fail(
        404,
        'not_found',
        `No route ${method} ${path}; capabilities are POST /<capability>, see GET /openapi.json`,
      );
    }
    if (method !== 'POST') {
      res.setHeader('allow', 'POST');
      return fail(405, 'unsupported_operation', `${path} answers POST only, with the envelope`);
    }

    const body = await readBody(req, bodyLimit);
    if (!body.ok) {
      res.setHeader('connection', 'close');
      res.once('finish', () => req.socket.destroy());
      return fail(
        413,
        'bad_request',
        `The request body is larger than ${bodyLimit} bytes; send a smaller envelope`,
      );
    }
    const parsed = parseRequestJson(body.text);
    if (!parsed.ok) return fail(200, 'bad_request', parsed.message);

    let redactor: Redactor | undefined;
    let logger = makeLogger();
    const lateLogger: Logger = {
      debug: (message, fields) => logger.debug(message, fields),
      info: (message, fields) => logger.info(message, fields),
      warn: (message, fields) => logger.warn(message, fields),
      error: (message, fields) => logger.error(message, fields),
      isEnabled: (level) => logger.isEnabled(level),
    };
    const gone = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) gone.abort(new Error('The client closed the connection'));
    });

    const envelope = await integration.dispatch(capability, parsed.value, {
      logger: lateLogger,
      signal: AbortSignal.any([shutdown.signal, gone.signal]),
      onRedactor: (received) => {
        redactor = received;
        logger = makeLogger(received);
      },
    });
    const json = JSON.stringify(envelope);
    const error = isError(envelope) ? envelope.error : undefined;
    if (error !== undefined) {
      logger.warn(`${capability} failed: ${error.message}`, { error_code: error.error_code });
    }
    // Error messages are already redacted by dispatch; this second pass costs little.
    reply(200, error !== undefined && redactor ? redactor.redactText(json) : json, logger);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      makeLogger().error('the server failed to answer', { stack: (error as Error).stack });
      if (!res.headersSent) {
        const envelope = errorEnvelope(
          integration.appId,
          'internal_error',
          'The server failed to answer this call; see the connector logs',
        );
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(envelope));
      } else {
        res.destroy();
      }
    });
  });

  return {
    server,
    get url() {
      return url;
    },
    listen(port, host = '127.0.0.1') {
      return new Promise<URL>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          url = new URL(`http://${shown}:${address.port}`);
          resolve(url);
        });
      });
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          shutdown.abort(new Error('The connector is shutting down'));
          server.closeAllConnections();
        }, shutdownTimeout);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}

type Body = { ok: true; text: string } | { ok: false };

/**
 * Reads the body up to `limit` bytes. Beyond it, reading stops and the socket stays open
 * just long enough to send the 413 (the caller closes it after the answer).
 */
function readBody(req: IncomingMessage, limit: number): Promise<Body> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ ok: false });
  return new Promise<Body>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.pause();
      resolve({ ok: false });
    };
    req.on('data', onData);
    req.once('end', () => resolve({ ok: true, text: Buffer.concat(chunks).toString('utf8') }));
    req.once('error', reject);
  });
}

function errorEnvelope(appId: string, code: ErrorCode, message: string): ErrorEnvelope {
  return plainErrorEnvelope(appId, code, message, 'server:handle');
}

function isError(envelope: ResponseEnvelope): envelope is ErrorEnvelope {
  return (envelope as { is_error?: unknown }).is_error === true;
}
