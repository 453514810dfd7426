import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..');
const LOCK_MODULE = path.join(REPO_ROOT, 'dist', 'src', 'database', 'data-dir-lock.js');

/**
 * A contender in its own process: waits for the agreed start time (so that both contenders ask at the
 * same moment), asks for the lock, prints "won" or "lost", and, when it won, holds the lock until its
 * parent closes its stdin.
 */
const CONTENDER = `
const { DataDirLock } = require(process.argv[1]);
const [file, startAt] = [process.argv[2], Number(process.argv[3])];
const lock = new DataDirLock(file);
const go = async () => {
  const holder = await lock.acquire();
  process.stdout.write(holder === null ? 'won\\n' : 'lost\\n');
  if (holder === null) { lock.publish(1000 + (process.pid % 1000)); process.stdin.resume(); process.stdin.on('end', () => process.exit(0)); }
  else process.exit(0);
};
setTimeout(go, Math.max(0, startAt - Date.now()));
`;

interface Contender {
  answer: Promise<string>;
  exited: Promise<number | null>;
  release(): void;
}

function contend(file: string, startAt: number): Contender {
  const child = spawn(process.execPath, ['-e', CONTENDER, LOCK_MODULE, file, String(startAt)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const answer = new Promise<string>((resolve) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.once('exit', () => resolve(out.trim() || 'exited'));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { answer, exited, release: () => child.stdin.end() };
}

describe('data directory lock: processes racing for it', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'semflow-lock-race-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is won by exactly one of two processes racing on a stale lock, 100 times out of 100', async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 100; round++) {
      const file = path.join(dir, `round-${round}.lock`);
      // Left by an owner that died: even rounds name a dead pid, odd rounds an empty file (a crash mid-write).
      writeFileSync(file, round % 2 === 0 ? JSON.stringify({ pid: 2 ** 22 + 4321 + round, port: 5 }) : '');
      const startAt = Date.now() + 150;
      const contenders = [contend(file, startAt), contend(file, startAt)];
      const answers = await Promise.all(contenders.map((c) => c.answer));
      outcomes.push(answers.sort().join('+'));
      for (const c of contenders) c.release();
      await Promise.all(contenders.map((c) => c.exited));
    }
    const tally = outcomes.reduce<Record<string, number>>((counts, o) => ({ ...counts, [o]: (counts[o] ?? 0) + 1 }), {});
    expect(tally).toEqual({ 'lost+won': 100 });
  });

  it('is free the moment its holder is killed, with no stale lock to wait out', async () => {
    const file = path.join(dir, 'killed.lock');
    const holder = contend(file, Date.now());
    expect(await holder.answer).toBe('won');
    const second = contend(file, Date.now());
    expect(await second.answer).toBe('lost');
    await second.exited;

    process.kill((JSON.parse(readFileSync(file, 'utf8')) as { pid: number }).pid, 'SIGKILL');
    await holder.exited;
    const startedAt = Date.now();
    const third = contend(file, Date.now());
    expect(await third.answer).toBe('won');
    expect(Date.now() - startedAt).toBeLessThan(5000);
    third.release();
    await third.exited;
  });
});
