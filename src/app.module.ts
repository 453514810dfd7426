import { DynamicModule, Module } from '@nestjs/common';
import { AccountHoldersModule } from './accountholders/accountholders.module';
import { AdminModule } from './admin/admin.module';
import { CaptureModule } from './capture/capture.module';
import { Infrastructure } from './bootstrap/infrastructure';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { EmbeddingModule } from './embedding/embedding.module';
import { EventsModule } from './events/events.module';
import { GraphqlApiModule } from './graphql/graphql-api.module';
import { HealthModule } from './health/health.module';
import { InterestsModule } from './interests/interests.module';
import { LikesModule } from './likes/likes.module';
import { LoggingModule } from './logging/logging.module';
import type { RootLogger } from './logging/root-logger';
import { MetricsModule } from './metrics/metrics.module';
import { RecommendationsModule } from './recommendations/recommendations.module';
import { ReembedModule } from './reembed/reembed.module';
import { TransactionsModule } from './transactions/transactions.module';
import { QueueModule } from './queue/queue.module';
import { WebModule } from './web/web.module';

@Module({})
export class AppModule {
  /** The whole service for one APP_ROLE: worker processes get no HTTP modules, api processes run no workers. */
  static forRoot(config: AppConfig, infrastructure: Infrastructure, root: RootLogger): DynamicModule {
    const http = config.APP_ROLE !== 'worker';
    // api and all processes serve health on PORT; a worker only with a listener of its own (HEALTH_PORT).
    const health = http || config.HEALTH_PORT > 0;
    return {
      module: AppModule,
      imports: [
        ConfigModule.forConfig(config),
        LoggingModule.forRoot(root),
        DatabaseModule.forRoot(infrastructure.databaseUrl, config.MIGRATIONS_RUN),
        QueueModule.forRoot(infrastructure.redisUrl),
        EmbeddingModule,
        EventsModule,
        InterestsModule,
        CaptureModule,
        AccountHoldersModule,
        TransactionsModule,
        ReembedModule,
        MetricsModule.forRole(config),
        ...(http ? [LikesModule, RecommendationsModule] : []),
        ...(health ? [HealthModule.forRole(config, infrastructure.embeddedDatabase)] : []),
        ...(http ? [GraphqlApiModule.forConfig(config, infrastructure.redisUrl), AdminModule, WebModule] : []),
      ],
    };
  }
}
