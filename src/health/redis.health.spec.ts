import { HealthIndicatorService } from '@nestjs/terminus';
import { freePort } from '../common/free-port';
import { RedisEndpoint } from '../queue/redis-endpoint';
import { RedisHealthIndicator } from './redis.health';

describe('RedisHealthIndicator', () => {
  it('is down at once, without the URL or its password, when nothing listens at the Redis address', async () => {
    const port = await freePort();
    const indicator = new RedisHealthIndicator(new HealthIndicatorService(), new RedisEndpoint(`redis://:s3cret@127.0.0.1:${port}`));
    try {
      const started = performance.now();
      const result = await indicator.check();
      expect(result).toEqual({ redis: { status: 'down', message: 'Redis did not answer' } });
      expect(performance.now() - started).toBeLessThan(1500);
      // Polled again while still down: still an answer, not a queued command waiting for a reconnection.
      expect((await indicator.check()).redis.status).toBe('down');
    } finally {
      indicator.onApplicationShutdown();
    }
  });
});
