import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataDirLock, isAlive } from './data-dir-lock';

describe('DataDirLock', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'semflow-lock-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is taken once; a second taker learns the holder and its published port', () => {
    const file = path.join(dir, 'x.lock');
    const first = new DataDirLock(file);
    expect(first.acquire()).toBeNull();
    first.publish(4321);
    expect(new DataDirLock(file).acquire()).toEqual({ pid: process.pid, port: 4321 });
    first.release();
    expect(new DataDirLock(file).holder()).toBeNull();
  });

  it('takes over a lock whose process is gone', () => {
    const file = path.join(dir, 'x.lock');
    writeFileSync(file, JSON.stringify({ pid: 2 ** 22 + 12345, port: 1 }));
    expect(new DataDirLock(file).acquire()).toBeNull();
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid);
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
