import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort } from '../../src/common/free-port';
import { connectRedisOnce } from '../../src/queue/redis-options';
import { waitFor } from './wait-for';

/** A real redis-server of the test's own, on a free port, with append-only persistence in a temp dir. */
export class TestRedis {
  private child?: ChildProcess;
  readonly dir = mkdtempSync(path.join(tmpdir(), 'semflow-redis-'));
  port = 0;

  /** The redis-server process while it runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<TestRedis> {
    const redis = new TestRedis();
    redis.port = await freePort();
    await redis.startProcess();
    return redis;
  }

  /** Starts the server again on the same port and data (after stop() or crash()). */
  async startProcess(): Promise<void> {
    this.child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--save', '', '--maxmemory-policy', 'noeviction'],
      { stdio: 'ignore' },
    );
    await waitFor('redis-server to answer', () => this.ping(), 10000);
  }

  async ping(): Promise<boolean> {
    try {
      (await connectRedisOnce(this.url, 1000)).disconnect();
      return true;
    } catch {
      return false;
    }
  }

  /** SIGKILL: nothing flushed beyond what the append-only file already holds. */
  async crash(): Promise<void> {
    await this.kill('SIGKILL');
  }

  /**
   * Deletes what the server persisted, while it is down: the next startProcess() is an empty Redis, as
   * one without persistence, or a replacement, would come back. (crash() alone keeps the append-only
   * file, so a restarted server still has every acknowledged write.)
   */
  wipe(): void {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) throw new Error('stop or crash redis-server before wiping its data');
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir);
  }

  async stop(): Promise<void> {
    await this.kill('SIGTERM');
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async kill(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }
}
