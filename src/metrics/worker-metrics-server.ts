import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { oneLine, StartupError } from '../common/startup-error';
import { AppConfig } from '../config/app-config';
import { MetricsService } from './metrics.service';

export const METRICS_PATH = '/metrics';

/**
 * GET /metrics on HOST:METRICS_PORT for a worker process, which has no HTTP server of its own: its job
 * counters and embedding histograms exist in that process only. Nothing else is served there.
 */
@Injectable()
export class WorkerMetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WorkerMetricsServer');
  private server?: Server;

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const server = createServer((request, response) => void this.answer(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) =>
        reject(new StartupError(`cannot serve metrics on ${this.config.HOST}:${this.config.METRICS_PORT} (METRICS_PORT): ${oneLine(error)}`)),
      );
      server.listen(this.config.METRICS_PORT, this.config.HOST, () => resolve());
    });
    this.server = server;
    this.logger.log(`serving ${METRICS_PATH} on http://${this.config.HOST}:${this.config.METRICS_PORT}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    // A scraper's keep-alive connection must not hold the shutdown up.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '').split('?')[0];
    if (path !== METRICS_PATH) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
      return;
    }
    try {
      const { contentType, body } = await this.metrics.exposition();
      response.writeHead(200, { 'content-type': contentType });
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch (error) {
      this.logger.error({ msg: 'could not render metrics', error: oneLine(error) });
      response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('could not render metrics\n');
    }
  }
}
