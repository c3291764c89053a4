import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TLSSocket } from 'node:tls';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A throwaway CA and a server certificate for 127.0.0.1 and localhost it signed. */
export interface TestCertificates {
  ca: string;
  cert: string;
  key: string;
}

/** Made with the `openssl` CLI at test time, so that no key is ever committed. */
export async function makeCertificates(): Promise<TestCertificates> {
  const dir = await mkdtemp(join(tmpdir(), 'grantkit-pg-tls-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    await run('openssl', [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      join(dir, 'ca.key'),
      '-out',
      join(dir, 'ca.crt'),
      '-days',
      '2',
      '-subj',
      '/CN=grantkit test CA',
    ]);
    await run('openssl', [
      'req',
      ...ec,
      '-keyout',
      join(dir, 'server.key'),
      '-out',
      join(dir, 'server.csr'),
      '-subj',
      '/CN=localhost',
    ]);
    await writeFile(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    await run('openssl', [
      'x509',
      '-req',
      '-in',
      join(dir, 'server.csr'),
      '-CA',
      join(dir, 'ca.crt'),
      '-CAkey',
      join(dir, 'ca.key'),
      '-CAcreateserial',
      '-out',
      join(dir, 'server.crt'),
      '-days',
      '2',
      '-extfile',
      join(dir, 'ext.cnf'),
    ]);
    const [ca, cert, key] = await Promise.all(
      ['ca.crt', 'server.crt', 'server.key'].map((name) => readFile(join(dir, name), 'utf8')),
    );
    return { ca: ca!, cert: cert!, key: key! };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

/**
 * A loopback front for a PostgreSQL server that answers the client's SSLRequest with 'S',
 * terminates TLS with the given certificate, and passes the session through to the
 * server in clear: PostgreSQL's own TLS handshake, in front of a server without TLS.
 */
export async function startTlsProxy(
  certificates: TestCertificates,
  backend: { host: string; port: number },
): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    client.once('data', (first) => {
      const upstream = connect(backend.port, backend.host);
      sockets.add(upstream);
      upstream.on('error', () => client.destroy());
      upstream.on('close', () => sockets.delete(upstream));
      if (first.subarray(0, 8).equals(SSL_REQUEST)) {
        client.write('S');
        const secure = new TLSSocket(client, {
          isServer: true,
          key: certificates.key,
          cert: certificates.cert,
        });
        secure.on('error', () => upstream.destroy());
        secure.pipe(upstream).pipe(secure);
      } else {
        upstream.write(first);
        client.pipe(upstream).pipe(client);
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
