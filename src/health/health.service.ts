import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService, HealthCheckStatus, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database.health';
import { ModelHealthIndicator } from './model.health';
import { RedisHealthIndicator } from './redis.health';

/**
 * The body of every health answer: the overall status and one entry per component checked, each with its
 * own `status` ('up' or 'down', with a `message` naming what is down). The components stand at the top
 * level, as /health always had them (terminus's `details`); no URL, address or driver error is in it.
 */
export interface HealthReport {
  status: HealthCheckStatus;
  [component: string]: HealthIndicatorResult[string] | HealthCheckStatus;
}

export interface HealthAnswer {
  httpStatus: 200 | 503;
  report: HealthReport;
}

/** Liveness and readiness of this process, for the HTTP controller and a worker's health listener alike. */
@Injectable()
export class HealthService {
  constructor(
    private readonly checks: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: DatabaseHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly model: ModelHealthIndicator,
  ) {}

  /**
   * The process is up and its event loop turns: answered without any check, so a lost database or Redis
   * (which readiness reports, and after which the process stops on its own) never gets it restarted too.
   */
  live(): HealthAnswer {
    const up = this.indicators.check('process').up({ uptimeSeconds: Math.floor(process.uptime()) });
    return { httpStatus: 200, report: { status: 'ok', ...up } };
  }

  /** The database and Redis answer and every configured model embeds a probe text; 503 during shutdown. */
  async ready(): Promise<HealthAnswer> {
    let result: HealthCheckResult;
    try {
      result = await this.checks.check([() => this.database.check(), () => this.redis.check(), () => this.model.check()]);
    } catch (error) {
      // terminus reports a failed check (or a shutdown under way) as a 503 exception carrying the result.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      result = error.getResponse() as HealthCheckResult;
    }
    return { httpStatus: result.status === 'ok' ? 200 : 503, report: { status: result.status, ...result.details } };
  }
}
