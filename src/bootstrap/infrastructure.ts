import * as path from 'node:path';
import { AppConfig } from '../config/app-config';
import { startEmbeddedPostgres } from '../database/embedded-postgres';
import { probePostgres } from '../database/probe-postgres';
import { JsonLogger } from '../logging/json-logger';
import { startLocalRedis } from '../queue/local-redis';
import { probeRedis } from '../queue/probe-redis';

/** The database and Redis this process talks to, and how to stop whatever it started for them. */
export interface Infrastructure {
  databaseUrl: string;
  embeddedDatabase: boolean;
  redisUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts (or finds) the backing services before Nest builds the application, so that an unreachable
 * database or Redis ends the start with one line instead of retry loops deep inside the modules.
 */
export async function startInfrastructure(config: AppConfig, logger: JsonLogger): Promise<Infrastructure> {
  const log = (context: string) => (message: string) => logger.event('info', context, message);
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch(() => undefined);
  };

  try {
    let databaseUrl = config.DATABASE_URL;
    if (!databaseUrl) {
      const embedded = await startEmbeddedPostgres({
        dataDir: config.DATA_DIR,
        maxConnections: config.PGLITE_MAX_CONNECTIONS,
        log: log('EmbeddedDatabase'),
      });
      stops.push(embedded.stop);
      databaseUrl = embedded.url;
    }
    await probePostgres(databaseUrl);

    let redisUrl = config.REDIS_URL;
    if (!redisUrl) {
      const redis = await startLocalRedis({ dataDir: path.resolve(config.DATA_DIR), binary: config.REDIS_SERVER_BIN, log: log('LocalRedis') });
      stops.push(redis.stop);
      redisUrl = redis.url;
    }
    await probeRedis(redisUrl, (message) => logger.event('warn', 'Redis', message));

    return { databaseUrl, embeddedDatabase: !config.DATABASE_URL, redisUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
