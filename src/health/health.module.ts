import { DynamicModule, Module, Provider } from '@nestjs/common';
import { HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { DatabaseHealthIndicator } from './database.health';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { ModelHealthIndicator } from './model.health';
import { RedisHealthIndicator } from './redis.health';
import { WorkerHealthServer } from './worker-health-server';

/**
 * Liveness and readiness: api and all processes serve them on PORT (HealthController), a worker process
 * on HEALTH_PORT (WorkerHealthServer). A worker without HEALTH_PORT does not import this module at all.
 */
@Module({})
export class HealthModule {
  static forRole(config: AppConfig, embeddedDatabase: boolean): DynamicModule {
    const http = config.APP_ROLE !== 'worker';
    const indicators: Provider[] = [
      // A factory, for the flag only this module's caller knows.
      {
        provide: DatabaseHealthIndicator,
        inject: [HealthIndicatorService, getDataSourceToken()],
        useFactory: (service: HealthIndicatorService, dataSource: DataSource) => new DatabaseHealthIndicator(service, dataSource, embeddedDatabase),
      },
      RedisHealthIndicator,
      ModelHealthIndicator,
    ];
    return {
      module: HealthModule,
      // The indicators log what went down themselves, once per outage rather than once per poll.
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: http ? [HealthController] : [],
      providers: [...indicators, HealthService, ...(http ? [] : [WorkerHealthServer])],
    };
  }
}
