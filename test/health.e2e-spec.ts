import { freePort } from '../src/common/free-port';
import { EMBEDDING_ENTITIES } from '../src/embedding/embedding.service';
import { runCli } from './helpers/run-cli';
import { SplitService } from './helpers/split-service';
import { PostgresTestDatabase } from './helpers/test-database';
import { waitFor } from './helpers/wait-for';

/** SplitService's stand-in model: an ONNX model run by the engine like the production one. */
const MODEL = 'wordpiece-bow-384';

/** A health route as an orchestrator calls it: no key, no credentials. */
async function get(url: string): Promise<{ status: number; body: any; text: string; cacheControl: string | null }> {
  const response = await fetch(url);
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text), text, cacheControl: response.headers.get('cache-control') };
}

/** Liveness and readiness of api and worker processes, against a real database, Redis and model. */
describe('health: liveness and readiness', () => {
  let service: SplitService;
  /** The worker's health listener (HEALTH_PORT), once the second test started the worker. */
  let workerHealth: string;

  beforeAll(async () => (service = await SplitService.start('health')));
  afterAll(async () => service?.stop());

  const engineTexts = async (): Promise<number> => (await service.api.request('GET', '/admin/embeddings/engine')).body.find((s: { model: string }) => s.model === MODEL).texts;

  it('api: live and ready answer 200; readiness had the model embed a probe text through its engine, once per poll burst', async () => {
    const live = await get(`${service.api.baseUrl}/health/live`);
    expect(live).toMatchObject({ status: 200, cacheControl: 'no-store' });
    expect(live.body).toEqual({ status: 'ok', process: { status: 'up', uptimeSeconds: expect.any(Number) } });

    const before = await engineTexts();
    const ready = await get(`${service.api.baseUrl}/health/ready`);
    expect(ready).toMatchObject({ status: 200, cacheControl: 'no-store' });
    expect(ready.body).toEqual({
      status: 'ok',
      database: { status: 'up', embedded: service.database.kind === 'embedded' },
      redis: { status: 'up' },
      model: { status: 'up', loaded: true, models: [{ name: MODEL, dimensions: 384, entities: [...EMBEDDING_ENTITIES] }], probe: { ms: expect.any(Number) } },
    });
    expect(await engineTexts()).toBe(before + 1);

    // A tight poll reuses that probe: /health (readiness under its older name) included.
    const legacy = await get(`${service.api.baseUrl}/health`);
    expect(legacy.status).toBe(200);
    expect(legacy.body).toEqual(ready.body);
    expect((await get(`${service.api.baseUrl}/health/ready`)).status).toBe(200);
    expect(await engineTexts()).toBe(before + 1);
  });

  it('worker: serves live and ready on HEALTH_PORT only, and the image healthcheck passes against it', async () => {
    const healthPort = await freePort();
    const worker = await service.startWorker({ HEALTH_PORT: String(healthPort) });
    workerHealth = `http://127.0.0.1:${healthPort}`;
    await expect(fetch(`${worker.baseUrl}/health`)).rejects.toThrow(); // still no HTTP server on PORT

    const live = await get(`${workerHealth}/health/live`);
    expect(live).toMatchObject({ status: 200, cacheControl: 'no-store', body: { status: 'ok', process: { status: 'up' } } });
    const ready = await get(`${workerHealth}/health/ready`);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', database: { status: 'up' }, redis: { status: 'up' }, model: { status: 'up', probe: { ms: expect.any(Number) } } });
    expect((await get(`${workerHealth}/health`)).status).toBe(200);

    // The command reads the settings it shares with the worker: role, host and port.
    const check = await runCli('healthcheck', [], { APP_ROLE: 'worker', HOST: '127.0.0.1', HEALTH_PORT: String(healthPort) });
    expect(check).toMatchObject({ code: 0, stdout: '/health/ready: ok\n', stderr: '' });
  });

  it('while Redis is down: ready answers 503 naming Redis on api and worker, without its address, and live stays 200', async () => {
    const redis = service.redis;
    await redis.stop();
    try {
      for (const base of [service.api.baseUrl, workerHealth]) {
        const ready = await get(`${base}/health/ready`);
        expect(ready.status).toBe(503);
        expect(ready.body).toMatchObject({ status: 'error', redis: { status: 'down', message: 'Redis did not answer' }, database: { status: 'up' } });
        expect(ready.text).not.toContain(String(redis.port));
        expect(ready.text).not.toContain('redis://');
        expect((await get(`${base}/health`)).status).toBe(503);
        expect((await get(`${base}/health/live`)).status).toBe(200);
      }
      const apiEnv = { APP_ROLE: 'api', PORT: String(service.api.port), HOST: '127.0.0.1' };
      expect(await runCli('healthcheck', [], apiEnv)).toMatchObject({ code: 1, stdout: '', stderr: 'semflow healthcheck: /health/ready answered 503; down: redis\n' });
      expect(await runCli('healthcheck', ['--live'], apiEnv)).toMatchObject({ code: 0, stdout: '/health/live: ok\n' });
    } finally {
      await redis.startProcess();
    }
    for (const base of [service.api.baseUrl, workerHealth]) {
      await waitFor(`${base} ready again`, async () => (await get(`${base}/health/ready`)).status === 200, 30000);
    }
  });

  it('while PostgreSQL is down: ready answers 503 naming the database, and live stays 200', async () => {
    if (service.database.kind !== 'postgres' || !(await PostgresTestDatabase.serverIsControllable())) {
      // The embedded database runs in the service's own process tree: its loss stops the service instead.
      console.log('skipped: needs the PostgreSQL test server of scripts/test-postgres, which the test can stop');
      return;
    }
    const postgres = service.database as PostgresTestDatabase;
    await postgres.pauseServer();
    try {
      for (const base of [service.api.baseUrl, workerHealth]) {
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
    for (const base of [service.api.baseUrl, workerHealth]) {
      await waitFor(`${base} ready again`, async () => (await get(`${base}/health/ready`)).status === 200, 60000);
    }
  });
});
