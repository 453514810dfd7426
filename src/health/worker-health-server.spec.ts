import { createServer } from 'node:http';
import { freePort } from '../common/free-port';
import { StartupError } from '../common/startup-error';
import { loadConfig } from '../config/load-config';
import type { HealthAnswer, HealthService } from './health.service';
import { WorkerHealthServer } from './worker-health-server';

const LIVE: HealthAnswer = { httpStatus: 200, report: { status: 'ok', process: { status: 'up', uptimeSeconds: 5 } } };
const NOT_READY: HealthAnswer = { httpStatus: 503, report: { status: 'error', redis: { status: 'down', message: 'Redis did not answer' } } };

describe('WorkerHealthServer', () => {
  const started: WorkerHealthServer[] = [];
  afterEach(async () => {
    for (const server of started.splice(0)) await server.onApplicationShutdown();
  });

  async function start(ready: () => Promise<HealthAnswer>): Promise<string> {
    const port = await freePort();
    const health = { live: () => LIVE, ready } as unknown as HealthService;
    const server = new WorkerHealthServer(loadConfig({ APP_ROLE: 'worker', HOST: '127.0.0.1', HEALTH_PORT: String(port) }), health);
    await server.onApplicationBootstrap();
    started.push(server);
    return `http://127.0.0.1:${port}`;
  }

  it('answers liveness and readiness with the HTTP API status codes and bodies; /health is readiness', async () => {
    const url = await start(async () => NOT_READY);
    const live = await fetch(`${url}/health/live`);
    expect(live.status).toBe(200);
    expect(live.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(live.headers.get('cache-control')).toBe('no-store');
    expect(await live.json()).toEqual(LIVE.report);
    for (const path of ['/health/ready', '/health', '/health?verbose=1']) {
      const ready = await fetch(url + path);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual(NOT_READY.report);
    }
  });

  it('serves nothing else, and only GET and HEAD', async () => {
    const url = await start(async () => LIVE);
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
    expect((await fetch(`${url}/health/live/`)).status).toBe(404);
    expect((await fetch(`${url}/health/ready`, { method: 'POST' })).status).toBe(405);
    const head = await fetch(`${url}/health/live`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('answers 500 without the error when a check throws', async () => {
    const url = await start(() => Promise.reject(new Error('secret detail')));
    const answer = await fetch(`${url}/health/ready`);
    expect(answer.status).toBe(500);
    expect(await answer.text()).toBe('could not serve health\n');
  });

  it('stops a start whose port is taken with a message naming HEALTH_PORT', async () => {
    const port = await freePort();
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(port, '127.0.0.1', resolve));
    try {
      const server = new WorkerHealthServer(loadConfig({ HOST: '127.0.0.1', HEALTH_PORT: String(port) }), {} as HealthService);
      const failure = server.onApplicationBootstrap();
      await expect(failure).rejects.toBeInstanceOf(StartupError);
      await expect(failure).rejects.toThrow(/HEALTH_PORT.*EADDRINUSE/);
    } finally {
      taken.close();
    }
  });
});
