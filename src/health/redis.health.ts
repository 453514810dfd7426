import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import Redis from 'ioredis';
import { RedisEndpoint } from '../queue/redis-endpoint';
import { redisOptionsFromUrl } from '../queue/redis-options';
import { ComponentProbe, HEALTH_CHECK_TIMEOUT_MS } from './component-probe';

/** Redis answers a PING on a connection of the indicator's own. */
@Injectable()
export class RedisHealthIndicator implements OnApplicationShutdown {
  private readonly probe = new ComponentProbe('Redis', HEALTH_CHECK_TIMEOUT_MS);
  private readonly redis: Redis;

  constructor(
    private readonly indicators: HealthIndicatorService,
    endpoint: RedisEndpoint,
  ) {
    // Without an offline queue or retries, a ping while Redis is down fails at once instead of waiting
    // for a reconnection; the queues' connections are not involved, so a probe never queues behind jobs.
    this.redis = new Redis({ ...redisOptionsFromUrl(endpoint.url), lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    this.redis.on('error', () => undefined);
  }

  async check(): Promise<HealthIndicatorResult<'redis'>> {
    const session = this.indicators.check('redis');
    const outcome = await this.probe.run(async () => {
      if (this.redis.status === 'wait') await this.redis.connect();
      return this.redis.ping();
    });
    return outcome.up ? session.up() : session.down({ message: outcome.message });
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
