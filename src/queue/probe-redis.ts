import type Redis from 'ioredis';
import { oneLine, StartupError } from '../common/startup-error';
import { connectRedisOnce, redactRedisUrl } from './redis-options';

/**
 * Fails fast, with one line, when Redis does not answer; warns when its eviction policy could drop
 * queued jobs under memory pressure.
 */
export async function probeRedis(url: string, warn: (message: string) => void, timeoutMs = 5000): Promise<void> {
  let client: Redis;
  try {
    client = await connectRedisOnce(url, timeoutMs);
  } catch (error) {
    throw new StartupError(`cannot reach Redis at ${redactRedisUrl(url)}: ${oneLine(error)}`);
  }
  try {
    const policy = (await client.config('GET', 'maxmemory-policy')) as string[];
    if (policy[1] && policy[1] !== 'noeviction') {
      warn(`Redis maxmemory-policy is ${policy[1]}: set it to noeviction, or queued jobs may be evicted under memory pressure`);
    }
  } catch {
    // Managed Redis services often disable CONFIG; nothing to check then.
  } finally {
    client.disconnect();
  }
}
