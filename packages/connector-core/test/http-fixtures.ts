import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createNetServer, type Socket } from 'node:net';
import { onTestFinished } from 'vitest';
import { createStreamLogger, type Logger } from '../src/index.ts';

/** One request as the test server saw it. */
export interface SeenRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** `Date.now()` when the request arrived. */
  at: number;
}

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: SeenRequest[];
  /** Most requests the server was handling at once. */
  maxInFlight: number;
}

export type Handler = (
  request: SeenRequest,
  response: ServerResponse,
  index: number,
) => void | Promise<void>;

/** A real HTTP server on a random loopback port, closed when the test finishes. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const state: TestServer = { url: '', requests: [], maxInFlight: 0 };
  let inFlight = 0;
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const seen: SeenRequest = {
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      const index = state.requests.push(seen) - 1;
      inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      const done = (): void => {
        inFlight--;
      };
      response.on('close', done);
      void Promise.resolve(handler(seen, response, index)).catch((error: unknown) => {
        response.destroy(error as Error);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  onTestFinished(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return state;
}

/** Answers with a JSON body (or none for `undefined`) and the given headers. */
export function reply(
  response: ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, {
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...headers,
  });
  response.end(text);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A port nothing listens on: bound once, then closed. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A debug logger that keeps its lines (JSON, not redacted: the client must not log secrets). */
export function captureLogs(): { logger: Logger; lines: string[]; entries: () => LogEntry[] } {
  const lines: string[] = [];
  const logger = createStreamLogger({
    level: 'debug',
    format: 'json',
    write: (line) => lines.push(line),
  });
  return { logger, lines, entries: () => lines.map((line) => JSON.parse(line) as LogEntry) };
}

export interface LogEntry {
  level: string;
  message: string;
  [field: string]: unknown;
}

/** Retry options that keep tests fast and deterministic: 10 ms base, no jitter. */
export const FAST_RETRY = { backoffBaseMs: 10, backoffMaxMs: 40, jitter: 0 } as const;

/**
 * A TCP server on loopback that answers each request with raw bytes, for answers no HTTP
 * server would send (truncated bodies, garbage). Closed when the test finishes.
 */
export async function startRawServer(
  answer: (socket: Socket, index: number) => void,
): Promise<{ url: string; requests: number }> {
  const state = { url: '', requests: 0 };
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.once('data', () => answer(socket, state.requests++));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  onTestFinished(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return state;
}
