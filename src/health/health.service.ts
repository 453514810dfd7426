import { OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { oneLine } from '../common/startup-error';
import { withTimeout } from '../common/with-timeout';
import { EmbeddingService, LoadedModel } from '../embedding/embedding.service';
import { RedisEndpoint } from '../queue/redis-endpoint';
import { redisOptionsFromUrl } from '../queue/redis-options';

export type ComponentStatus = { status: 'up' } | { status: 'down'; error: string };

export interface HealthReport {
  status: 'ok' | 'error';
  database: ComponentStatus & { embedded: boolean };
  redis: ComponentStatus;
  model: { status: 'up'; loaded: true; models: LoadedModel[] };
}

const CHECK_TIMEOUT_MS = 2000;

async function probe(check: () => Promise<unknown>, what: string): Promise<ComponentStatus> {
  try {
    await withTimeout(check(), CHECK_TIMEOUT_MS, () => new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`));
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', error: oneLine(error) };
  }
}

/** Provided by HealthModule's factory, which knows whether the database is the embedded one. */
export class HealthService implements OnApplicationShutdown {
  private readonly redis: Redis;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly embedding: EmbeddingService,
    endpoint: RedisEndpoint,
    private readonly embeddedDatabase: boolean,
  ) {
    // Its own connection without an offline queue: a ping while Redis is down fails at once.
    this.redis = new Redis({ ...redisOptionsFromUrl(endpoint.url), lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    this.redis.on('error', () => undefined);
  }

  async check(): Promise<HealthReport> {
    const [database, redis] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1'), 'the database'),
      probe(async () => {
        if (this.redis.status === 'wait') await this.redis.connect();
        return this.redis.ping();
      }, 'Redis'),
    ]);
    // Models are loaded before the application starts and stay loaded; a failed load stops the start.
    const model = { status: 'up' as const, loaded: true as const, models: this.embedding.models() };
    const ok = database.status === 'up' && redis.status === 'up';
    return { status: ok ? 'ok' : 'error', database: { ...database, embedded: this.embeddedDatabase }, redis, model };
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
