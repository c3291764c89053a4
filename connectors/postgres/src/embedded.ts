import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** A running embedded PostgreSQL (PGlite) served on a loopback port. */
export interface EmbeddedPostgres {
  host: string;
  port: number;
  /** `postgres://postgres@127.0.0.1:<port>/postgres`; the embedded server takes any password. */
  url: string;
  /** The in-process database, to seed it without a socket. */
  db: PGlite;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** @default 0 (a free port chosen by the system) */
  port?: number;
  /**
   * How many client connections the socket server multiplexes onto the one PGlite
   * backend. They share one session: a connection holding an open transaction makes the
   * others wait until it ends. @default 8
   */
  maxConnections?: number;
}

/**
 * Starts PGlite (PostgreSQL compiled to WebAssembly, in memory) behind pglite-socket on
 * 127.0.0.1, so that the connector reaches it with the ordinary `pg` driver.
 *
 * Note: it is one single-user backend. It does not check passwords, and every connection
 * lands in the database `postgres` whatever database it names; CREATE DATABASE works, so a
 * second database exists in the catalogs, but its schemas cannot be reached.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedOptions = {},
): Promise<EmbeddedPostgres> {
  const db = await PGlite.create();
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: options.port ?? 0,
    maxConnections: options.maxConnections ?? 8,
  });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw new Error(`Could not start the embedded PostgreSQL on 127.0.0.1:${options.port ?? 0}`, {
      cause: error,
    });
  }
  const port = Number(server.getServerConn().split(':').at(-1));
  return {
    host: '127.0.0.1',
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    db,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
