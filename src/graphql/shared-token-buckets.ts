import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { redisOptionsFromUrl } from '../queue/redis-options';
import { BucketAnswer, TokenBuckets } from './token-buckets';

/**
 * One token bucket per key in a Redis hash, refilled and taken in one script (atomic across every api
 * process sharing the Redis), on Redis's clock. KEYS[1] the bucket; ARGV: per second, burst, count.
 * Returns {1, 0} when taken, else {0, milliseconds until count tokens are there}.
 */
const TAKE_SCRIPT = `
local rate, burst, count = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local held = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(held[1]) or burst
local at = tonumber(held[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) / 1000 * rate)
local allowed = tokens >= count
if allowed then tokens = tokens - count end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
if allowed then return {1, 0} end
return {0, math.ceil((count - tokens) / rate * 1000)}
`;

/** How long a bucket may take to answer before the request is limited by this process alone. */
const REDIS_TIMEOUT_MS = 250;

/**
 * Token buckets shared by every api process through Redis. While Redis does not answer (down, slow),
 * each process limits with its own in-memory buckets: failing open would lift the limit exactly while
 * an attacker may be the cause, failing closed would refuse every query, which needs no Redis, for an
 * outage of the queue's store. The switch is logged once each way.
 */
export class SharedTokenBuckets {
  private readonly logger = new Logger('GraphqlRateLimit');
  private readonly local: TokenBuckets;
  private degraded = false;

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly perSecond: number,
    private readonly burst: number,
  ) {
    this.local = new TokenBuckets(perSecond, burst);
  }

  async take(client: string, count: number): Promise<BucketAnswer> {
    try {
      const [allowed, retryAfterMs] = (await this.redis.eval(TAKE_SCRIPT, 1, `${this.keyPrefix}${client}`, this.perSecond, this.burst, count)) as [number, number];
      if (this.degraded) {
        this.degraded = false;
        this.logger.log('rate-limit buckets are shared through Redis again');
      }
      return allowed === 1 ? { allowed: true } : { allowed: false, retryAfterMs };
    } catch {
      if (!this.degraded) {
        this.degraded = true;
        this.logger.warn('Redis does not answer for the rate-limit buckets; each api process limits on its own until it does');
      }
      return this.local.take(client, Date.now(), count);
    }
  }
}

/** A connection for rate-limit buckets: commands fail fast instead of queueing while Redis is away. */
export function rateLimitRedis(url: string): Redis {
  const redis = new Redis({ ...redisOptionsFromUrl(url), lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: REDIS_TIMEOUT_MS });
  // Failures show as the fallback's log line; ioredis keeps reconnecting on its own.
  redis.on('error', () => undefined);
  return redis;
}
