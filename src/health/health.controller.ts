import { Controller, Get, Header, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HealthService } from './health.service';
import type { HealthAnswer, HealthReport } from './health.service';

function send(response: Response, answer: HealthAnswer): HealthReport {
  response.status(answer.httpStatus);
  return answer.report;
}

/** No key needed: orchestrators and load balancers call these, and the answers hold nothing secret. */
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** 200 while the process runs, whatever its database and Redis do. */
  @Get('live')
  @Header('Cache-Control', 'no-store')
  live(@Res({ passthrough: true }) response: Response): HealthReport {
    return send(response, this.health.live());
  }

  /** 200 when the database, Redis and the model answer; 503 naming what is down otherwise. */
  @Get('ready')
  @Header('Cache-Control', 'no-store')
  async ready(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    return send(response, await this.health.ready());
  }

  /** Readiness under the path /health always had (docker-compose, scripts, older probes). */
  @Get()
  @Header('Cache-Control', 'no-store')
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    return send(response, await this.health.ready());
  }
}
