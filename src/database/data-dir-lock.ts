import { closeSync, openSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';

export interface LockHolder {
  pid: number;
  port?: number;
}

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
 * silently lose writes. The lock file holds the owner's pid and, once it listens, its port, so a second
 * process can connect to the owner instead of opening the files itself. A lock whose pid is dead is stale.
 */
export class DataDirLock {
  constructor(readonly file: string) {}

  /** Live holder of the lock, or null when there is none. */
  holder(): LockHolder | null {
    let content: string;
    try {
      content = readFileSync(this.file, 'utf8');
    } catch {
      return null;
    }
    try {
      const holder = JSON.parse(content) as LockHolder;
      return Number.isInteger(holder.pid) && isAlive(holder.pid) ? holder : null;
    } catch {
      // A lock being written right now reads as empty: treat its writer as alive for this look.
      return content.trim() === '' ? { pid: -1 } : null;
    }
  }

  /** Takes the lock for this process; returns the current holder instead when another live process has it. */
  acquire(): LockHolder | null {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(this.file, 'wx');
        writeFileSync(fd, JSON.stringify({ pid: process.pid }));
        closeSync(fd);
        return null;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = this.holder();
        if (holder) return holder;
        this.removeStale();
      }
    }
    return this.holder() ?? { pid: -1 };
  }

  publish(port: number): void {
    this.publishFor(process.pid, port);
  }

  /** Records another process (a server this one spawned) as the holder. */
  publishFor(pid: number, port: number): void {
    writeFileSync(this.file, JSON.stringify({ pid, port }));
  }

  /** Removes the lock if it names this process or a process that is no longer alive. */
  release(): void {
    this.removeStale();
  }

  private removeStale(): void {
    try {
      unlinkSync(this.file);
    } catch {
      /* already gone */
    }
  }
}
