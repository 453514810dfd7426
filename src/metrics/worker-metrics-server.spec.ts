import { Agent, createServer, request } from 'node:http';
import { freePort } from '../common/free-port';
import { StartupError } from '../common/startup-error';
import { loadConfig } from '../config/load-config';
import { MetricsService } from './metrics.service';
import { WorkerMetricsServer } from './worker-metrics-server';

describe('WorkerMetricsServer', () => {
  const started: WorkerMetricsServer[] = [];
  afterEach(async () => {
    for (const server of started.splice(0)) await server.onApplicationShutdown();
  });

  async function start(): Promise<{ port: number }> {
    const port = await freePort();
    const server = new WorkerMetricsServer(loadConfig({ APP_ROLE: 'worker', HOST: '127.0.0.1', METRICS_PORT: String(port) }), new MetricsService());
    await server.onApplicationBootstrap();
    started.push(server);
    return { port };
  }

  it('serves the registry at GET /metrics in the Prometheus text format', async () => {
    const { port } = await start();
    const response = await fetch(`http://127.0.0.1:${port}/metrics?name=ignored`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const body = await response.text();
    expect(body).toContain('# TYPE semflow_process_cpu_user_seconds_total counter');
    expect(body).toContain('semflow_nodejs_eventloop_lag_seconds');
  });

  it('serves nothing else', async () => {
    const { port } = await start();
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(404);
    const post = await fetch(`http://127.0.0.1:${port}/metrics`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('stops a start whose port is taken with a message naming METRICS_PORT', async () => {
    const port = await freePort();
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(port, '127.0.0.1', resolve));
    try {
      const server = new WorkerMetricsServer(loadConfig({ HOST: '127.0.0.1', METRICS_PORT: String(port) }), new MetricsService());
      const failure = server.onApplicationBootstrap();
      await expect(failure).rejects.toBeInstanceOf(StartupError);
      await expect(failure).rejects.toThrow(/METRICS_PORT.*EADDRINUSE/);
    } finally {
      taken.close();
    }
  });

  it('closes on shutdown even while a scraper keeps its connection open', async () => {
    const { port } = await start();
    // A keep-alive connection that stays open after its answer, as Prometheus keeps one.
    await new Promise<void>((resolve, reject) => {
      const agent = new Agent({ keepAlive: true });
      request({ host: '127.0.0.1', port, path: '/metrics', agent }, (response) => {
        response.resume();
        response.on('end', () => resolve());
      })
        .on('error', reject)
        .end();
    });
    const server = started.pop()!;
    const closing = performance.now();
    await server.onApplicationShutdown();
    expect(performance.now() - closing).toBeLessThan(1000);
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });
});
