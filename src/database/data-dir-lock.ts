import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export interface LockHolder {
  pid: number;
  port?: number;
}

/** A holder that has the lock but has not yet written who it is. */
const UNNAMED_HOLDER: LockHolder = { pid: -1 };

/**
 * Whether a process runs. A killed server whose parent died too can linger as a zombie until something
 * reaps it (containers often have no init that does): signal 0 still reaches it, so on Linux its state in
 * /proc decides.
 */
export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
};

/**
 * One process per data directory: two PGlite instances (or two redis-servers) on the same files would
 * silently lose writes.
 *
 * The lock itself is a listening Unix socket named after the lock file: binding a name is atomic, and the
 * kernel frees it the moment its process ends however it ends, so there is no stale lock to take over and
 * no window in which two processes both hold it. On Linux the name lives in the abstract namespace (no
 * file at all); elsewhere it is a socket file in the temporary directory, whose leftover from a crash is
 * recognised by a refused connection.
 *
 * The lock file only says who holds it: the owner's pid and, once it listens, its port, so that a second
 * process can connect to the owner instead of opening the files itself. It is replaced whole (written
 * aside, then renamed), so it is never seen half-written.
 */
export class DataDirLock {
  private server: Server | undefined;

  constructor(readonly file: string) {}

  /** What the lock file names, if that process is alive; null when it names nobody alive. */
  holder(): LockHolder | null {
    try {
      const holder = JSON.parse(readFileSync(this.file, 'utf8')) as LockHolder;
      return Number.isInteger(holder.pid) && isAlive(holder.pid) ? holder : null;
    } catch {
      return null;
    }
  }

  /**
   * Takes the lock for this process (resolves null) or learns that another process has it (resolves the
   * holder the file names, `{pid: -1}` while it has not said yet). The lock lasts until release() or the
   * end of this process. The lock file is left as it was: the new owner may still need to read what the
   * last one wrote (the redis-server it left running), and publishes itself when it is ready.
   */
  async acquire(): Promise<LockHolder | null> {
    if (this.server) return null;
    const name = this.socketName();
    let server = await listenOn(name);
    if (!server && process.platform !== 'linux' && !(await answers(name))) {
      // A socket file left by a process that died: nobody listens on it any more.
      removeFile(name);
      server = await listenOn(name);
    }
    if (!server) return this.holder() ?? UNNAMED_HOLDER;
    // The lock must not keep the process running on its own.
    server.unref();
    this.server = server;
    return null;
  }

  /** The port the holder publishes, once it does; undefined if none is published within timeoutMs. */
  async publishedPort(timeoutMs: number): Promise<number | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const port = this.holder()?.port;
      if (port) return port;
      if (Date.now() >= deadline) return undefined;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Whether this object holds the lock. */
  get held(): boolean {
    return this.server !== undefined;
  }

  publish(port: number): void {
    this.publishFor(process.pid, port);
  }

  /** Records a process as the holder: this one, or a server this one started that outlives it. */
  publishFor(pid: number, port?: number): void {
    const aside = `${this.file}.${process.pid}.tmp`;
    writeFileSync(aside, JSON.stringify(port === undefined ? { pid } : { pid, port }));
    renameSync(aside, this.file);
  }

  /** Gives the lock up and removes the lock file if it names this process or nobody alive. */
  release(): void {
    const named = this.holder();
    if (named === null || named.pid === process.pid) removeFile(this.file);
    this.server?.close();
    this.server = undefined;
  }

  /** The socket name of this lock: the same for every spelling of the lock file's path. */
  private socketName(): string {
    const dir = path.dirname(path.resolve(this.file));
    let canonical: string;
    try {
      canonical = path.join(realpathSync(dir), path.basename(this.file));
    } catch {
      canonical = path.resolve(this.file);
    }
    const id = createHash('sha256').update(canonical).digest('hex').slice(0, 32);
    return process.platform === 'linux' ? `\0semflow-lock-${id}` : path.join(tmpdir(), `semflow-lock-${id}.sock`);
  }
}

function listenOn(name: string): Promise<Server | null> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve(null) : reject(error)));
    server.listen({ path: name, exclusive: true }, () => resolve(server));
  });
}

function answers(name: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ path: name });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function removeFile(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    /* already gone */
  }
}
