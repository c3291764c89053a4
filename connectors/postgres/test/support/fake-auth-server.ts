import { createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback server that speaks just enough of the PostgreSQL wire protocol to reject a
 * password: it asks for a cleartext password and answers with a FATAL 28P01 error. Set
 * `echoPassword` to make it quote the password back in its error text, like a hostile or
 * buggy server would, to prove the connector never repeats what a server says about it.
 * With `silent`, it accepts connections and never answers (a hung server).
 */
export interface FakeAuthServer {
  port: number;
  close(): Promise<void>;
}

export async function startFakeAuthServer(
  options: { echoPassword?: boolean; silent?: boolean } = {},
): Promise<FakeAuthServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    if (options.silent) return;
    let buffer = Buffer.alloc(0);
    let state: 'startup' | 'password' = 'startup';
    let user = '';
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (state === 'startup' && buffer.length >= 4 && buffer.length >= buffer.readInt32BE(0)) {
        const length = buffer.readInt32BE(0);
        const startupUser = startupParameter(buffer.subarray(8, length), 'user') ?? '';
        buffer = buffer.subarray(length);
        state = 'password';
        socket.write(message('R', int32(3))); // AuthenticationCleartextPassword
        user = startupUser;
      }
      if (
        state === 'password' &&
        buffer.length >= 5 &&
        buffer.length >= 1 + buffer.readInt32BE(1)
      ) {
        const length = buffer.readInt32BE(1);
        const password = buffer.subarray(5, 1 + length - 1).toString('utf8');
        const text = options.echoPassword
          ? `password authentication failed for user "${user}" (got "${password}")`
          : `password authentication failed for user "${user}"`;
        socket.end(errorResponse('28P01', text));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function startupParameter(body: Buffer, name: string): string | undefined {
  const parts = body.toString('utf8').split('\0');
  const index = parts.indexOf(name);
  return index >= 0 ? parts[index + 1] : undefined;
}

function int32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
}

function message(type: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(type), int32(body.length + 4), body]);
}

function errorResponse(sqlstate: string, text: string): Buffer {
  const field = (code: string, value: string) => Buffer.from(`${code}${value}\0`);
  return message(
    'E',
    Buffer.concat([
      field('S', 'FATAL'),
      field('V', 'FATAL'),
      field('C', sqlstate),
      field('M', text),
      Buffer.from('\0'),
    ]),
  );
}
