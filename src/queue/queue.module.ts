import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { QueueWorkers } from './queue-workers.service';
import { QueueService } from './queue.service';
import { ALL_QUEUES } from './queue.types';
import { RedisEndpoint } from './redis-endpoint';
import { redisOptionsFromUrl } from './redis-options';

@Global()
@Module({})
export class QueueModule {
  static forRoot(redisUrl: string): DynamicModule {
    const endpoint = { provide: RedisEndpoint, useValue: new RedisEndpoint(redisUrl) };
    return {
      module: QueueModule,
      imports: [
        BullModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            connection: redisOptionsFromUrl(redisUrl),
            prefix: config.QUEUE_PREFIX,
          }),
        }),
        BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name }))),
      ],
      providers: [endpoint, QueueService, QueueWorkers],
      exports: [endpoint, QueueService, QueueWorkers],
    };
  }
}
