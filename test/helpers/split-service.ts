import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Client } from 'pg';
import { AppProcess, MODELS_DIR } from './app-process';
import { connectEmbedded } from './embedded-db';
import { TestRedis } from './redis-server';

/**
 * The service split as in production: an api process, which holds the embedded database and outlives
 * everything else, and worker processes a test starts, stops and kills; one redis-server of its own.
 */
export class SplitService {
  worker?: AppProcess;

  private constructor(
    readonly api: AppProcess,
    readonly redis: TestRedis,
    readonly dataDir: string,
    readonly db: Client,
    private readonly env: Record<string, string>,
  ) {}

  /** env is given to every process (stand-in model wordpiece-bow-384 unless it says otherwise). */
  static async start(name: string, env: Record<string, string> = {}): Promise<SplitService> {
    const redis = await TestRedis.start();
    const dataDir = mkdtempSync(path.join(tmpdir(), `semflow-${name}-`));
    const shared = { DATA_DIR: dataDir, REDIS_URL: redis.url, MODELS_DIR, EMBEDDING_MODEL: 'wordpiece-bow-384', ...env };
    try {
      const api = await AppProcess.start({ ...shared, APP_ROLE: 'api' });
      return new SplitService(api, redis, dataDir, await connectEmbedded(dataDir), shared);
    } catch (error) {
      await redis.destroy();
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** A new worker process (the previous one must be stopped or killed first); extra overrides env. */
  async startWorker(extra: Record<string, string> = {}): Promise<AppProcess> {
    this.worker = await AppProcess.start({ ...this.env, ...extra, APP_ROLE: 'worker' });
    return this.worker;
  }

  async stop(): Promise<void> {
    await this.db.end();
    await this.worker?.stop().catch(() => undefined);
    await this.api.stop();
    await this.redis.destroy();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
