import { ChildProcess, fork } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { compiledModulePath } from '../common/compiled-path';
import { StartupError } from '../common/startup-error';
import { DataDirLock } from './data-dir-lock';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  maxConnections: number;
  log: (message: string) => void;
  /**
   * Called once if the database process this process started ends without being asked to (crashed,
   * killed): every query fails from then on, so the owner should stop rather than stay up broken.
   */
  onLost?: (reason: string) => void;
}

export interface EmbeddedPostgresHandle {
  url: string;
  /** Stops the database process if this process started it. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 120000;

type ServerMessage = { type: 'ready'; port: number } | { type: 'taken'; pid: number } | { type: 'failed'; message: string };

export const embeddedDatabaseUrl = (port: number) => `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;

/** The lock of the embedded database under DATA_DIR: its server's pid and, once it listens, its port. */
export const embeddedDatabaseLock = (dataDir: string) => new DataDirLock(path.join(path.resolve(dataDir), 'pglite.lock'));

async function waitForPublishedPort(lock: DataDirLock, timeoutMs: number): Promise<number> {
  const port = await lock.publishedPort(timeoutMs);
  if (port === undefined) throw new StartupError(`the embedded database is locked by another process that did not start serving within ${timeoutMs} ms`);
  return port;
}

/**
 * The embedded default database: PGlite in a child process (see pglite-server.ts), data under
 * DATA_DIR/pglite. A second semflow process on the same DATA_DIR (an api next to a worker) connects to the
 * first one's server instead of opening the files again.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const root = path.resolve(options.dataDir);
  mkdirSync(root, { recursive: true });
  const lock = embeddedDatabaseLock(root);

  const existing = lock.holder();
  if (existing) {
    const port = await waitForPublishedPort(lock, START_TIMEOUT_MS);
    options.log(`using the embedded database served by pid ${existing.pid} on 127.0.0.1:${port}`);
    return { url: embeddedDatabaseUrl(port), stop: async () => undefined };
  }

  const child = fork(
    compiledModulePath('database/pglite-server', ['database/data-dir-lock', 'database/session-scheduler']),
    [path.join(root, 'pglite'), lock.file, String(options.maxConnections)],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const message = await new Promise<ServerMessage>((resolve, reject) => {
    const timer = setTimeout(() => reject(new StartupError(`the embedded database did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    child.once('message', (m: ServerMessage) => {
      clearTimeout(timer);
      resolve(m);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new StartupError(`the embedded database process exited with code ${code} before it was ready`));
    });
  });
  child.removeAllListeners('exit');

  if (message.type === 'failed') throw new StartupError(`the embedded database failed to open ${root}: ${message.message}`);
  if (message.type === 'taken') {
    const port = await waitForPublishedPort(lock, START_TIMEOUT_MS);
    options.log(`using the embedded database served by another process on 127.0.0.1:${port}`);
    return { url: embeddedDatabaseUrl(port), stop: async () => undefined };
  }

  options.log(`started the embedded database (PGlite + pgvector) pid ${child.pid} on 127.0.0.1:${message.port}, data in ${root}`);
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) options.onLost?.(`the embedded database process (pid ${child.pid}) ended unexpectedly (${signal ?? `exit code ${code}`})`);
  });
  return {
    url: embeddedDatabaseUrl(message.port),
    stop: () => {
      stopping = true;
      return stopChild(child);
    },
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
  await exited;
  clearTimeout(timer);
}
