import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { EmbeddingService } from '../embedding/embedding.service';
import { RedisEndpoint } from '../queue/redis-endpoint';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({})
export class HealthModule {
  static forRoot(embeddedDatabase: boolean): DynamicModule {
    return {
      module: HealthModule,
      controllers: [HealthController],
      providers: [
        {
          provide: HealthService,
          inject: [getDataSourceToken(), EmbeddingService, RedisEndpoint],
          useFactory: (dataSource, embedding, endpoint) => new HealthService(dataSource, embedding, endpoint, embeddedDatabase),
        },
      ],
    };
  }
}
