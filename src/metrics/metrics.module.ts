import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { EmbeddingMetrics } from './embedding-metrics';
import { GraphqlLatencyPlugin } from './graphql-latency.plugin';
import { JobMetrics } from './job-metrics';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { OutboxBacklogMetrics } from './outbox-backlog-metrics';
import { QueueDepthMetrics } from './queue-depth-metrics';
import { ScrapeErrors } from './scrape-errors';
import { WorkerMetricsServer } from './worker-metrics-server';

/**
 * Prometheus metrics of this process. The features know nothing of it: it listens to their events
 * (finished jobs, inference rounds, GraphQL requests) and reads shared state (queues, outbox) at scrape
 * time. api and all processes serve GET /metrics on PORT; a worker process on METRICS_PORT, if set.
 * MetricsService is global, for features that want metrics of their own.
 */
@Global()
@Module({})
export class MetricsModule {
  static forRole(config: AppConfig): DynamicModule {
    const http = config.APP_ROLE !== 'worker';
    const serving: Provider[] = http ? [GraphqlLatencyPlugin] : config.METRICS_PORT > 0 ? [WorkerMetricsServer] : [];
    return {
      module: MetricsModule,
      providers: [MetricsService, ScrapeErrors, JobMetrics, EmbeddingMetrics, QueueDepthMetrics, OutboxBacklogMetrics, ...serving],
      controllers: http ? [MetricsController] : [],
      exports: [MetricsService],
    };
  }
}
