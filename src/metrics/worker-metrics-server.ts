import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SideHttpServer } from '../common/side-http-server';
import { oneLine } from '../common/startup-error';
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
  private readonly server: SideHttpServer;

  constructor(config: AppConfig, metrics: MetricsService) {
    const render = async () => ({ status: 200, ...(await metrics.exposition()) });
    this.server = new SideHttpServer({
      what: 'metrics',
      portSetting: 'METRICS_PORT',
      host: config.HOST,
      port: config.METRICS_PORT,
      routes: new Map([[METRICS_PATH, render]]),
      onError: (error) => this.logger.error({ msg: 'could not render metrics', error: oneLine(error) }),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.server.listen();
    this.logger.log(`serving ${METRICS_PATH} on ${this.server.url}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server.close();
  }
}
