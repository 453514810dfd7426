import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Client } from 'pg';
import { AppProcess, MODELS_DIR } from './app-process';
import { TestRedis } from './redis-server';
import { TestDatabase } from './test-database';

/**
 * The service split as in production: an api process, which outlives everything else (and on the
 * embedded database holds it), and worker processes a test starts, stops and kills; one redis-server and
 * one fresh database of its own (TEST_DATABASE).
 */
export class SplitService {
  /** The worker processes started, in order; startWorker() adds one. */
  readonly workers: AppProcess[] = [];

  private constructor(
    readonly api: AppProcess,
    readonly redis: TestRedis,
    readonly dataDir: string,
    readonly database: TestDatabase,
    readonly db: Client,
    private readonly env: Record<string, string>,
  ) {}

  /**
   * env is given to every process (stand-in model wordpiece-bow-384 unless it says otherwise). With
   * workers, that many worker processes are started together with the api process, all at one moment,
   * as an orchestrator starts a deployment; otherwise only the api process runs until startWorker().
   */
  static async start(name: string, env: Record<string, string> = {}, options: { workers?: number } = {}): Promise<SplitService> {
    const redis = await TestRedis.start();
    const dataDir = mkdtempSync(path.join(tmpdir(), `semflow-${name}-`));
    let database: TestDatabase | undefined;
    try {
      database = await TestDatabase.create(name, dataDir);
      const shared = { DATA_DIR: dataDir, REDIS_URL: redis.url, MODELS_DIR, EMBEDDING_MODEL: 'wordpiece-bow-384', ...database.env, ...env };
      const [api, ...workers] = await Promise.all([
        AppProcess.start({ ...shared, APP_ROLE: 'api' }),
        ...Array.from({ length: options.workers ?? 0 }, () => AppProcess.start({ ...shared, APP_ROLE: 'worker' })),
      ]);
      const service = new SplitService(api, redis, dataDir, database, await database.connect(), shared);
      service.workers.push(...workers);
      return service;
    } catch (error) {
      await redis.destroy();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** A new worker process beside those running; extra overrides env. */
  async startWorker(extra: Record<string, string> = {}): Promise<AppProcess> {
    const worker = await AppProcess.start({ ...this.env, ...extra, APP_ROLE: 'worker' });
    this.workers.push(worker);
    return worker;
  }

  async stop(): Promise<void> {
    await this.db.end();
    for (const worker of this.workers) await worker.stop().catch(() => undefined);
    await this.api.stop();
    await this.redis.destroy();
    await this.database.drop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
