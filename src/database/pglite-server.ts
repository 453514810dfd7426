/**
 * Entry point of the embedded database process: PGlite (Postgres in WebAssembly) with pgvector, served
 * over the Postgres wire protocol on 127.0.0.1. It runs in its own process because PGlite executes every
 * query synchronously on its thread; inside the API process a long query (an HNSW build) would freeze
 * HTTP and BullMQ lock renewals.
 *
 * Started by EmbeddedPostgres with fork(): argv = dataDir lockFile maxConnections. Reports
 * {type: 'ready', port} or {type: 'taken', pid} over IPC. Exits when its parent goes away.
 */
import { Extension, PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdirSync } from 'node:fs';
import { DataDirLock } from './data-dir-lock';
import { SessionScheduler } from './session-scheduler';

// The package maps require() of its contrib extensions to ESM typings; its CommonJS build is what loads.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pgcrypto } = require('@electric-sql/pglite/contrib/pgcrypto') as { pgcrypto: Extension };

async function main(): Promise<void> {
  const [dataDir, lockFile, maxConnectionsArg] = process.argv.slice(2);
  const lock = new DataDirLock(lockFile);
  const holder = await lock.acquire();
  if (holder !== null) {
    process.send?.({ type: 'taken', pid: holder.pid });
    process.exit(0);
  }
  lock.publishFor(process.pid);

  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    try {
      await server?.stop();
      await db?.close();
    } finally {
      lock.release();
      process.exit(code);
    }
  };
  process.on('disconnect', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  // Ctrl-C in a terminal reaches the whole process group: the service, which still needs the database to
  // finish its jobs, stops this process itself when it is done (SIGTERM), or by going away (disconnect).
  process.on('SIGINT', () => undefined);

  try {
    mkdirSync(dataDir, { recursive: true });
    db = await PGlite.create({ dataDir, extensions: { vector, pgcrypto } });
    server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: Number(maxConnectionsArg) });
    // Before any connection: each connection's handler takes the server's queue when it is created.
    // queryQueue is private to pglite-socket (pinned to an exact version in package.json): if a release
    // renamed it, the assignment would silently change nothing and batches would interleave again.
    if (!('queryQueue' in server)) throw new Error('this pglite-socket has no queryQueue: semflow supports the exact version in package.json');
    (server as unknown as { queryQueue: SessionScheduler }).queryQueue = new SessionScheduler(db);
    await server.start();
    const port = Number(server.getServerConn().split(':').pop());
    lock.publish(port);
    process.send?.({ type: 'ready', port });
  } catch (error) {
    process.send?.({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    await stop(1);
  }
}

void main();
