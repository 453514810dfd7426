import { Queue } from 'bullmq';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { redisOptionsFromUrl } from '../src/queue/redis-options';
import { AppProcess, MODELS_DIR } from './helpers/app-process';
import { TestRedis } from './helpers/redis-server';
import { TestDatabase } from './helpers/test-database';
import { insertEventsDirectly, readSharedEvents } from './helpers/shared-events';
import { waitFor } from './helpers/wait-for';

/** APP_ROLE=api serves HTTP and never consumes jobs; APP_ROLE=worker consumes them and serves no HTTP. */
describe('api and worker processes', () => {
  let redis: TestRedis;
  let dataDir: string;
  let database: TestDatabase;
  const processes: AppProcess[] = [];

  beforeAll(async () => {
    redis = await TestRedis.start();
    dataDir = mkdtempSync(path.join(tmpdir(), 'semflow-roles-'));
    database = await TestDatabase.create('roles', dataDir);
  });

  afterAll(async () => {
    for (const app of processes.reverse()) await app.stop().catch(() => undefined);
    await redis.destroy();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('splits the work between an api process and a worker process sharing one database', async () => {
    const env = { DATA_DIR: dataDir, REDIS_URL: redis.url, MODELS_DIR, EMBEDDING_MODEL: 'wordpiece-bow-384', ...database.env };
    const api = await AppProcess.start({ ...env, APP_ROLE: 'api' });
    processes.push(api);
    const db = await database.connect();
    const ids = await insertEventsDirectly(db, readSharedEvents('head-2026/events-test/events.jsonl').slice(0, 8));
    const embedded = async () => Number((await db.query('SELECT count(*) AS n FROM events WHERE embedding IS NOT NULL')).rows[0].n);

    expect((await api.request('POST', '/admin/embeddings/reembed', { entity: 'event', mode: 'missing' })).status).toBe(202);
    await new Promise((r) => setTimeout(r, 1500));
    const queued = await api.request('GET', '/admin/queues/events');
    expect(queued.body.waiting).toBe(1); // the fan-out job, untouched: nobody consumes in an api process
    expect(await embedded()).toBe(0);

    const worker = await AppProcess.start({ ...env, APP_ROLE: 'worker' });
    processes.push(worker);
    // On the embedded database the worker uses the api process's server rather than opening the files.
    if (database.kind === 'embedded') expect(worker.output.join('\n')).toMatch(/using the embedded database served by pid/);
    await waitFor('worker embedded all rows', async () => (await embedded()) === ids.length, 60000);
    // Each job records the process that ran it: with several workers, the split is visible per job.
    const events = new Queue('events', { connection: redisOptionsFromUrl(redis.url), prefix: 'semflow' });
    const completed = await events.getJobs(['completed']);
    await events.close();
    expect(completed.length).toBeGreaterThan(0);
    expect(new Set(completed.map((job) => job.processedBy))).toEqual(new Set([`${hostname()}:${worker.child.pid}`]));
    await expect(fetch(`${worker.baseUrl}/health`)).rejects.toThrow();

    await db.end();
    expect(await worker.stop()).toEqual({ code: 0, signal: null });
    expect((await api.request('GET', '/health')).status).toBe(200);
  });
});
