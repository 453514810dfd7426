import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { freePort } from '../common/free-port';
import { oneLine, StartupError } from '../common/startup-error';
import { DataDirLock } from '../database/data-dir-lock';
import { connectRedisOnce } from './redis-options';

export interface LocalRedisOptions {
  dataDir: string;
  binary: string;
  log: (message: string) => void;
}

export interface LocalRedisHandle {
  url: string;
  /** Stops the server if this process started or adopted it. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 15000;

async function waitForPing(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      (await connectRedisOnce(url, 1000)).disconnect();
      return;
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new StartupError(`local redis-server at ${url} did not answer within ${timeoutMs} ms: ${oneLine(lastError)}`);
}

async function waitForPublishedServer(lock: DataDirLock, timeoutMs: number): Promise<string> {
  const started = Date.now();
  const port = await lock.publishedPort(timeoutMs);
  if (port === undefined) {
    throw new StartupError(`the local redis-server of this data directory is being started by another process that did not finish within ${timeoutMs} ms`);
  }
  const url = `redis://127.0.0.1:${port}`;
  await waitForPing(url, Math.max(1, timeoutMs - (Date.now() - started)));
  return url;
}

async function shutdownServer(url: string): Promise<void> {
  const client = await connectRedisOnce(url, 2000).catch(() => null);
  if (!client) return; // already down
  // SHUTDOWN flushes the append-only file before the server exits; the connection drops as it does.
  await client.call('SHUTDOWN').catch(() => undefined);
  client.disconnect();
}

/**
 * Runs a redis-server from PATH when REDIS_URL is unset, with its data under DATA_DIR/redis. Append-only
 * persistence and noeviction: BullMQ must never lose a job to a restart or to memory pressure. A server
 * left running by a process that died is adopted rather than started twice on the same files.
 */
export async function startLocalRedis(options: LocalRedisOptions): Promise<LocalRedisHandle> {
  const dir = path.resolve(options.dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const lock = new DataDirLock(path.join(dir, 'semflow-redis.lock'));

  if ((await lock.acquire()) !== null) {
    // Another semflow process on this DATA_DIR owns the server: use it once it says where it listens.
    const url = await waitForPublishedServer(lock, READY_TIMEOUT_MS);
    options.log(`using the local redis-server of another process on this data directory (${url})`);
    return { url, stop: async () => undefined };
  }
  const running = lock.holder();
  if (running?.port) {
    const url = `redis://127.0.0.1:${running.port}`;
    await waitForPing(url, READY_TIMEOUT_MS);
    options.log(`using the local redis-server already running for ${dir} (pid ${running.pid}, ${url})`);
    return { url, stop: async () => lock.release() };
  }

  const port = await freePort();
  // prettier-ignore
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir,
    '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '',
    '--maxmemory-policy', 'noeviction', '--daemonize', 'no', '--loglevel', 'warning',
    '--logfile', path.join(dir, 'redis.log'),
  ];
  const child = spawn(options.binary, args, { stdio: 'ignore', detached: false });
  const spawnFailure = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new StartupError(
          error.code === 'ENOENT'
            ? `${options.binary} not found on PATH: install Redis (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set REDIS_URL to a running server`
            : `could not start ${options.binary}: ${error.message}`,
        ),
      );
    });
    child.once('exit', (code) => reject(new StartupError(`${options.binary} exited with code ${code} at start; see ${path.join(dir, 'redis.log')}`)));
  });
  const url = `redis://127.0.0.1:${port}`;
  await Promise.race([waitForPing(url, READY_TIMEOUT_MS), spawnFailure]);
  spawnFailure.catch(() => undefined);
  child.removeAllListeners('exit');
  // The lock names the redis-server itself: it outlives this process if this process is killed, and the
  // next start then connects to it instead of starting a second server on the same files.
  lock.publishFor(child.pid!, port);
  options.log(`started local redis-server pid ${child.pid} on ${url}, data in ${dir}`);

  return {
    url,
    stop: async () => {
      const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
      await shutdownServer(url);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      lock.release();
    },
  };
}
