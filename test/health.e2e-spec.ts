import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort } from '../src/common/free-port';
import { EMBEDDING_ENTITIES } from '../src/embedding/embedding.service';
import { AppProcess, MODELS_DIR } from './helpers/app-process';
import { TestRedis } from './helpers/redis-server';
import { runCli } from './helpers/run-cli';
import { PostgresTestDatabase, TestDatabase } from './helpers/test-database';
import { waitFor } from './helpers/wait-for';

const MODEL = 'wordpiece-bow-384';

/** A health route as an orchestrator calls it: no key, no credentials. */
async function get(url: string): Promise<{ status: number; body: any; text: string; cacheControl: string | null }> {
  const response = await fetch(url);
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text), text, cacheControl: response.headers.get('cache-control') };
}

/** Liveness and readiness of api and worker processes, against a real database, Redis and model. */
describe('health: liveness and readiness', () => {
  let redis: TestRedis;
  let dataDir: string;
  let database: TestDatabase;
  let env: Record<string, string>;
  let api: AppProcess;
  let worker: AppProcess;
  let workerHealth: string;
  const processes: AppProcess[] = [];

  beforeAll(async () => {
    redis = await TestRedis.start();
    dataDir = mkdtempSync(path.join(tmpdir(), 'semflow-health-'));
    database = await TestDatabase.create('health', dataDir);
    env = { DATA_DIR: dataDir, REDIS_URL: redis.url, MODELS_DIR, EMBEDDING_MODEL: MODEL, ...database.env };
    api = await AppProcess.start({ ...env, APP_ROLE: 'api' });
    processes.push(api);
  });

  afterAll(async () => {
    for (const app of processes.reverse()) await app.stop().catch(() => undefined);
    await redis?.destroy();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const engineTexts = async (): Promise<number> => (await api.request('GET', '/admin/embeddings/engine')).body.find((s: { model: string }) => s.model === MODEL).texts;

  it('api: live and ready answer 200; readiness had the model embed a probe text through its engine, once per poll burst', async () => {
    const live = await get(`${api.baseUrl}/health/live`);
    expect(live).toMatchObject({ status: 200, cacheControl: 'no-store' });
    expect(live.body).toEqual({ status: 'ok', process: { status: 'up', uptimeSeconds: expect.any(Number) } });

    const before = await engineTexts();
    const ready = await get(`${api.baseUrl}/health/ready`);
    expect(ready).toMatchObject({ status: 200, cacheControl: 'no-store' });
    expect(ready.body).toEqual({
      status: 'ok',
      database: { status: 'up', embedded: database.kind === 'embedded' },
      redis: { status: 'up' },
      model: { status: 'up', loaded: true, models: [{ name: MODEL, dimensions: 384, entities: [...EMBEDDING_ENTITIES] }], probe: { ms: expect.any(Number) } },
    });
    expect(await engineTexts()).toBe(before + 1);

    // A tight poll reuses that probe: /health (readiness under its older name) included.
    const legacy = await get(`${api.baseUrl}/health`);
    expect(legacy.status).toBe(200);
    expect(legacy.body).toEqual(ready.body);
    expect((await get(`${api.baseUrl}/health/ready`)).status).toBe(200);
    expect(await engineTexts()).toBe(before + 1);
  });

  it('worker: serves live and ready on HEALTH_PORT only, and the image healthcheck passes against it', async () => {
    const healthPort = await freePort();
    const workerEnv = { ...env, APP_ROLE: 'worker', HEALTH_PORT: String(healthPort) };
    worker = await AppProcess.start(workerEnv);
    processes.push(worker);
    workerHealth = `http://127.0.0.1:${healthPort}`;
    await expect(fetch(`${worker.baseUrl}/health`)).rejects.toThrow(); // still no HTTP server on PORT

    const live = await get(`${workerHealth}/health/live`);
    expect(live).toMatchObject({ status: 200, cacheControl: 'no-store', body: { status: 'ok', process: { status: 'up' } } });
    const ready = await get(`${workerHealth}/health/ready`);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', database: { status: 'up' }, redis: { status: 'up' }, model: { status: 'up', probe: { ms: expect.any(Number) } } });
    expect((await get(`${workerHealth}/health`)).status).toBe(200);

    const check = await runCli('healthcheck', [], { ...workerEnv, HOST: '127.0.0.1' });
    expect(check).toMatchObject({ code: 0, stdout: '/health/ready: ok\n', stderr: '' });
  });

  it('while Redis is down: ready answers 503 naming Redis on api and worker, without its address, and live stays 200', async () => {
    await redis.stop();
    try {
      for (const base of [api.baseUrl, workerHealth]) {
        const ready = await get(`${base}/health/ready`);
        expect(ready.status).toBe(503);
        expect(ready.body).toMatchObject({ status: 'error', redis: { status: 'down', message: 'Redis did not answer' }, database: { status: 'up' } });
        expect(ready.text).not.toContain(String(redis.port));
        expect(ready.text).not.toContain('redis://');
        expect((await get(`${base}/health`)).status).toBe(503);
        expect((await get(`${base}/health/live`)).status).toBe(200);
      }
      const apiEnv = { ...env, APP_ROLE: 'api', PORT: String(api.port), HOST: '127.0.0.1' };
      expect(await runCli('healthcheck', [], apiEnv)).toMatchObject({ code: 1, stdout: '', stderr: 'semflow healthcheck: /health/ready answered 503; down: redis\n' });
      expect(await runCli('healthcheck', ['--live'], apiEnv)).toMatchObject({ code: 0, stdout: '/health/live: ok\n' });
    } finally {
      await redis.startProcess();
    }
    for (const base of [api.baseUrl, workerHealth]) {
      await waitFor(`${base} ready again`, async () => (await get(`${base}/health/ready`)).status === 200, 30000);
    }
  });

  it('while PostgreSQL is down: ready answers 503 naming the database, and live stays 200', async () => {
    if (database.kind !== 'postgres' || !(await PostgresTestDatabase.serverIsControllable())) {
      // The embedded database runs in the service's own process tree: its loss stops the service instead.
      console.log('skipped: needs the PostgreSQL test server of scripts/test-postgres, which the test can stop');
      return;
    }
    const postgres = database as PostgresTestDatabase;
    await postgres.pauseServer();
    try {
      for (const base of [api.baseUrl, workerHealth]) {
        const ready = await get(`${base}/health/ready`);
        expect(ready.status).toBe(503);
        expect(ready.body).toMatchObject({ status: 'error', database: { status: 'down', embedded: false }, redis: { status: 'up' } });
        expect(ready.body.database.message).toMatch(/^the database did not answer/);
        expect(ready.text).not.toMatch(/postgres(ql)?:\/\//);
        expect((await get(`${base}/health/live`)).status).toBe(200);
      }
    } finally {
      await postgres.resumeServer();
    }
    for (const base of [api.baseUrl, workerHealth]) {
      await waitFor(`${base} ready again`, async () => (await get(`${base}/health/ready`)).status === 200, 60000);
    }
  });
});
