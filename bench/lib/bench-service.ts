import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Client } from 'pg';
import { embeddedDatabaseLock } from '../../src/database/embedded-postgres';
import { AppProcess, MODELS_DIR } from '../../test/helpers/app-process';
import { TestRedis } from '../../test/helpers/redis-server';
import { TestDatabase, type DatabaseKind } from '../../test/helpers/test-database';
import { benchPostgresUrl, postgresServerPid } from './bench-postgres';
import type { WatchedProcess } from './process-cpu';

export interface BenchServiceOptions {
  /** Used in the data directory's name. */
  name: string;
  /** The embedded database in the data directory (default), or a fresh database on the benchmark's Postgres server. */
  database?: DatabaseKind;
  /** Settings on top of the benchmark defaults (synthetic-minilm-l6 int8, no talks loaded). */
  env?: Record<string, string | undefined>;
  /**
   * Separate worker processes (APP_ROLE=worker) beside one APP_ROLE=api process. 0 (default): one
   * process with APP_ROLE=all, as `npm start` runs it.
   */
  workers?: number;
}

/** How long a process of the service may take to start (loading the models included). */
const START_TIMEOUT_MS = 180000;

/**
 * The real service for a benchmark: its own redis-server on a free port, a fresh data directory, a fresh
 * database (the embedded one in that directory, or one on the benchmark's Postgres server), the built
 * models, and either one all-in-one process or one api process plus worker processes sharing that
 * database.
 */
export class BenchService {
  private clients: Client[] = [];

  private constructor(
    readonly api: AppProcess,
    readonly workers: AppProcess[],
    readonly redis: TestRedis,
    readonly dataDir: string,
    readonly database: TestDatabase,
    /** The settings every process of the service was started with, but APP_ROLE. */
    private readonly env: Record<string, string | undefined>,
  ) {}

  static readonly DEFAULT_ENV: Record<string, string> = {
    MODELS_DIR,
    EMBEDDING_MODEL: 'synthetic-minilm-l6',
    EMBEDDING_PRECISION: 'int8',
    EVENTS_SOURCE: '',
    // Every benchmark client comes from loopback, so a per-client limit would measure the limit.
    GRAPHQL_EXPENSIVE_RATE_LIMIT: '0',
  };

  static async start(options: BenchServiceOptions): Promise<BenchService> {
    const kind = options.database ?? 'embedded';
    if (kind === 'postgres') await benchPostgresUrl();
    const redis = await TestRedis.start();
    const dataDir = mkdtempSync(path.join(tmpdir(), `semflow-bench-${options.name}-`));
    const workers: AppProcess[] = [];
    let api: AppProcess | undefined;
    let database: TestDatabase | undefined;
    try {
      database = await TestDatabase.create(`bench_${options.name}`, dataDir, kind);
      const env = { ...BenchService.DEFAULT_ENV, DATA_DIR: dataDir, REDIS_URL: redis.url, ...database.env, ...options.env };
      const separate = (options.workers ?? 0) > 0;
      api = await AppProcess.start({ ...env, APP_ROLE: separate ? 'api' : 'all' }, START_TIMEOUT_MS);
      for (let i = 0; i < (options.workers ?? 0); i++) workers.push(await BenchService.startWorker(env));
      return new BenchService(api, workers, redis, dataDir, database, env);
    } catch (error) {
      for (const p of [...workers, api]) await p?.stop().catch(() => undefined);
      await redis.destroy();
      await database?.drop().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  private static startWorker(env: Record<string, string | undefined>): Promise<AppProcess> {
    return AppProcess.start({ ...env, APP_ROLE: 'worker' }, START_TIMEOUT_MS);
  }

  /**
   * Scales the running service out as an operator would: one more worker process with the others'
   * settings, which simply joins the BullMQ queues. stop() stops it too.
   */
  async addWorker(): Promise<AppProcess> {
    const worker = await BenchService.startWorker(this.env);
    this.workers.push(worker);
    return worker;
  }

  /** Pins worker i, all of its threads, to CPU (i + 1) mod cores: one core per worker process. */
  pinWorkers(): void {
    const cores = cpus().length;
    this.workers.forEach((worker, i) => execFileSync('taskset', ['-a', '-p', '-c', String((i + 1) % cores), String(worker.child.pid)], { stdio: 'ignore' }));
  }

  get baseUrl(): string {
    return this.api.baseUrl;
  }

  /** A pg client on the service's database (closed by stop()). */
  async db(): Promise<Client> {
    const client = await this.database.connect();
    this.clients.push(client);
    return client;
  }

  /**
   * The database's processes for CPU accounting, labelled `database`: the embedded server the api
   * process started, or the Postgres server with all its backends (the whole server: one service runs
   * on it at a time). Undefined when they cannot be seen from here (a server on another host or in a
   * container).
   */
  databaseProcess(): WatchedProcess | undefined {
    if (this.database.kind === 'embedded') {
      const pid = embeddedDatabaseLock(this.dataDir).holder()?.pid;
      return pid ? { label: 'database', pid, childrenLabel: false } : undefined;
    }
    const pid = postgresServerPid(Number(new URL(this.database.url()).port));
    return pid ? { label: 'database', pid, reapedChildren: true } : undefined;
  }

  /** Runs a GraphQL operation; GraphQL errors are thrown, so a benchmark never times failures. */
  async graphql<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const body = await this.api.graphql(query, variables);
    if (body.errors?.length) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
    return body.data as T;
  }

  /** The same, with its wall-clock time in milliseconds. */
  async timedGraphql<T = any>(query: string, variables?: Record<string, unknown>): Promise<{ data: T; ms: number }> {
    const start = performance.now();
    const data = await this.graphql<T>(query, variables);
    return { data, ms: performance.now() - start };
  }

  async stop(): Promise<void> {
    for (const client of this.clients) await client.end().catch(() => undefined);
    for (const worker of this.workers) await worker.stop().catch(() => undefined);
    await this.api.stop().catch(() => undefined);
    await this.redis.destroy();
    await this.database.drop().catch(() => undefined);
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
