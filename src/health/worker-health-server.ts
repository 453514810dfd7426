import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SideAnswer, SideHttpServer } from '../common/side-http-server';
import { oneLine } from '../common/startup-error';
import { AppConfig } from '../config/app-config';
import { HealthAnswer, HealthService } from './health.service';

const json = (answer: HealthAnswer): SideAnswer => ({
  status: answer.httpStatus,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify(answer.report),
});

/**
 * The health routes of the HTTP API (/health/live, /health/ready, /health) on HOST:HEALTH_PORT for a
 * worker process, which has no HTTP server of its own, with the same answers. Nothing else is served there.
 */
@Injectable()
export class WorkerHealthServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WorkerHealthServer');
  private readonly server: SideHttpServer;

  constructor(config: AppConfig, health: HealthService) {
    const ready = async () => json(await health.ready());
    this.server = new SideHttpServer({
      what: 'health',
      portSetting: 'HEALTH_PORT',
      host: config.HOST,
      port: config.HEALTH_PORT,
      routes: new Map([
        ['/health/live', async () => json(health.live())],
        ['/health/ready', ready],
        ['/health', ready],
      ]),
      onError: (error) => this.logger.error({ msg: 'could not check health', error: oneLine(error) }),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.server.listen();
    this.logger.log(`serving /health/live and /health/ready on ${this.server.url}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server.close();
  }
}
