import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataDirLock, isAlive } from './data-dir-lock';

describe('DataDirLock', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'semflow-lock-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is taken once; a second taker learns the holder and its published port', async () => {
    const file = path.join(dir, 'x.lock');
    const first = new DataDirLock(file);
    expect(await first.acquire()).toBeNull();
    expect(first.held).toBe(true);
    expect(await new DataDirLock(file).acquire()).toEqual({ pid: -1 }); // held, owner not written yet
    first.publish(4321);
    expect(await new DataDirLock(file).acquire()).toEqual({ pid: process.pid, port: 4321 });
    first.release();
    expect(new DataDirLock(file).holder()).toBeNull();
    const next = new DataDirLock(file);
    expect(await next.acquire()).toBeNull();
    next.release();
  });

  it('is the same lock for every spelling of the path', async () => {
    const first = new DataDirLock(path.join(dir, 'x.lock'));
    expect(await first.acquire()).toBeNull();
    expect(await new DataDirLock(path.join(dir, '.', 'sub', '..', 'x.lock')).acquire()).not.toBeNull();
    first.release();
  });

  it('is not held back by a lock file naming a dead process, nor by an empty one', async () => {
    const file = path.join(dir, 'x.lock');
    writeFileSync(file, JSON.stringify({ pid: 2 ** 22 + 12345, port: 1 }));
    expect(new DataDirLock(file).holder()).toBeNull();
    const lock = new DataDirLock(file);
    expect(await lock.acquire()).toBeNull();
    lock.publish(99);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ pid: process.pid, port: 99 });
    lock.release();
    writeFileSync(file, '');
    const again = new DataDirLock(file);
    expect(await again.acquire()).toBeNull();
    again.release();
  });

  it('is given up by release() without removing a lock file that names another live process', async () => {
    const file = path.join(dir, 'x.lock');
    const lock = new DataDirLock(file);
    expect(await lock.acquire()).toBeNull();
    // A server this process started and that outlives it, e.g. the local redis-server.
    lock.publishFor(process.ppid, 6400);
    lock.release();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ pid: process.ppid, port: 6400 });
    expect(lock.held).toBe(false);
  });

  it('treats a zombie (killed, not yet reaped by its parent) as gone', async () => {
    // The shell becomes `sleep 31`, which never reaps its background child: a killed child stays a zombie.
    const parent = spawn('sh', ['-c', 'sleep 30 & echo $!; exec sleep 31'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const pid = await new Promise<number>((resolve) => parent.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
    try {
      expect(isAlive(pid)).toBe(true);
      process.kill(pid, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 200));
      expect(() => process.kill(pid, 0)).not.toThrow(); // still in the process table
      expect(isAlive(pid)).toBe(false);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
