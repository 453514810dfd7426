import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { AppProcess, MODELS_DIR } from './app-process';
import { TestRedis } from './redis-server';
import { TestDatabase } from './test-database';
import { waitFor } from './wait-for';

/**
 * The real service as most end-to-end tests run it: its own redis-server, a fresh data directory, a fresh
 * database (the embedded one in that directory, or one on the Postgres test server: TEST_DATABASE), the
 * built models. stop() takes all of it down again.
 */
export class TestService {
  private client?: Client;

  private constructor(
    public app: AppProcess,
    readonly redis: TestRedis,
    readonly dataDir: string,
    readonly database: TestDatabase,
    private readonly env: Record<string, string | undefined>,
  ) {}

  /** env overrides the defaults (stand-in model wordpiece-bow-384, no talks loaded at start). */
  static async start(name: string, env: Record<string, string | undefined> = {}): Promise<TestService> {
    const redis = await TestRedis.start();
    const dataDir = mkdtempSync(path.join(tmpdir(), `semflow-${name}-`));
    let database: TestDatabase | undefined;
    try {
      database = await TestDatabase.create(name, dataDir);
      const fullEnv = { DATA_DIR: dataDir, REDIS_URL: redis.url, MODELS_DIR, EMBEDDING_MODEL: 'wordpiece-bow-384', EVENTS_SOURCE: '', ...database.env, ...env };
      const app = await AppProcess.start(fullEnv);
      return new TestService(app, redis, dataDir, database, fullEnv);
    } catch (error) {
      await redis.destroy();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** A pg client on the service's database (one per service, closed by stop()). */
  async db(): Promise<Client> {
    this.client ??= await this.database.connect();
    return this.client;
  }

  /**
   * Starts the service again, after app.crash() or app.stop(), with the same settings, port, data
   * directory and Redis, so clients keep their address. The db() client of the old process is dropped.
   */
  async restart(): Promise<AppProcess> {
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
    this.app = await AppProcess.start({ ...this.env, PORT: String(this.app.port) });
    return this.app;
  }

  /**
   * waitFor that, when it times out, adds what the service was doing: its queue counts and the end of
   * its log, so a failure on a CI machine can be understood from the test output alone.
   */
  async waitFor<T>(what: string, check: () => Promise<T | undefined | null | false>, timeoutMs = 60000, intervalMs = 100): Promise<T> {
    try {
      return await waitFor(what, check, timeoutMs, intervalMs);
    } catch (error) {
      const queues = await this.app.request('GET', '/admin/queues').catch((e: Error) => ({ body: e.message }));
      throw new Error(`${(error as Error).message}\n--- queues ---\n${JSON.stringify(queues.body)}\n--- service output ---\n${this.app.output.slice(-40).join('\n')}`, {
        cause: error,
      });
    }
  }

  async stop(): Promise<void> {
    await this.client?.end();
    await this.app.stop();
    await this.redis.destroy();
    await this.database.drop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
