import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { AppProcess, MODELS_DIR } from './app-process';
import { connectEmbedded } from './embedded-db';
import { TestRedis } from './redis-server';

/**
 * The real service as most end-to-end tests run it: its own redis-server, a fresh data directory with
 * the embedded database, the built models. stop() takes all of it down again.
 */
export class TestService {
  private client?: Client;

  private constructor(
    readonly app: AppProcess,
    readonly redis: TestRedis,
    readonly dataDir: string,
  ) {}

  /** env overrides the defaults (stand-in model wordpiece-bow-384, no talks loaded at start). */
  static async start(name: string, env: Record<string, string | undefined> = {}): Promise<TestService> {
    const redis = await TestRedis.start();
    const dataDir = mkdtempSync(path.join(tmpdir(), `semflow-${name}-`));
    try {
      const app = await AppProcess.start({
        DATA_DIR: dataDir,
        REDIS_URL: redis.url,
        MODELS_DIR,
        EMBEDDING_MODEL: 'wordpiece-bow-384',
        EVENTS_SOURCE: '',
        ...env,
      });
      return new TestService(app, redis, dataDir);
    } catch (error) {
      await redis.destroy();
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** A pg client on the service's embedded database (one per service, closed by stop()). */
  async db(): Promise<Client> {
    this.client ??= await connectEmbedded(this.dataDir);
    return this.client;
  }

  async stop(): Promise<void> {
    await this.client?.end();
    await this.app.stop();
    await this.redis.destroy();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
