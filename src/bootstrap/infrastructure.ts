import * as path from 'node:path';
import { AppConfig } from '../config/app-config';
import { startEmbeddedPostgres } from '../database/embedded-postgres';
import { probePostgres } from '../database/probe-postgres';
import type { RootLogger } from '../logging/root-logger';
import { startLocalRedis } from '../queue/local-redis';
import { probeRedis } from '../queue/probe-redis';

/** The database and Redis this process talks to, and how to stop whatever it started for them. */
export interface Infrastructure {
  databaseUrl: string;
  embeddedDatabase: boolean;
  redisUrl: string;
  stop(): Promise<void>;
}

/** The database alone, for commands that need no Redis (the data generator). */
export type DatabaseInfrastructure = Omit<Infrastructure, 'redisUrl'>;

/** The settings that choose the database: DATABASE_URL, else the embedded one of DATA_DIR. */
export type DatabaseSettings = Pick<AppConfig, 'DATABASE_URL' | 'DATA_DIR' | 'PGLITE_MAX_CONNECTIONS'>;

/** Said at every start on the embedded database; measured: 200 commits made 362 writes and no fsync. */
const EMBEDDED_DATABASE_DURABILITY =
  'the embedded database (PGlite) does not flush writes to disk: acknowledged writes survive a crash of this process, not a power loss or VM reset; it is for development and single-node use, production sets DATABASE_URL (PostgreSQL with pgvector)';

/**
 * Starts (or finds) the database and checks that it answers: DATABASE_URL when set, otherwise the
 * embedded database of DATA_DIR (the running service's, through its lock file, or one started here).
 */
export async function startDatabase(config: DatabaseSettings, logger: RootLogger, onLost?: (reason: string) => void): Promise<DatabaseInfrastructure> {
  let databaseUrl = config.DATABASE_URL;
  let stop: () => Promise<void> = async () => undefined;
  if (!databaseUrl) {
    logger.child({ context: 'EmbeddedDatabase' }).warn(EMBEDDED_DATABASE_DURABILITY);
    const embedded = await startEmbeddedPostgres({
      dataDir: config.DATA_DIR,
      maxConnections: config.PGLITE_MAX_CONNECTIONS,
      log: (message) => logger.child({ context: 'EmbeddedDatabase' }).info(message),
      onLost,
    });
    stop = embedded.stop;
    databaseUrl = embedded.url;
  }
  try {
    await probePostgres(databaseUrl);
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  return { databaseUrl, embeddedDatabase: !config.DATABASE_URL, stop };
}

/**
 * Starts (or finds) the backing services before Nest builds the application, so that an unreachable
 * database or Redis ends the start with one line instead of retry loops deep inside the modules.
 * onLost: a process started here for them (the embedded database) ended while in use.
 */
export async function startInfrastructure(config: AppConfig, logger: RootLogger, onLost?: (reason: string) => void): Promise<Infrastructure> {
  const log = (context: string) => (message: string) => logger.child({ context }).info(message);
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch(() => undefined);
  };

  try {
    const database = await startDatabase(config, logger, onLost);
    stops.push(database.stop);
    const { databaseUrl } = database;

    let redisUrl = config.REDIS_URL;
    if (!redisUrl) {
      const redis = await startLocalRedis({ dataDir: path.resolve(config.DATA_DIR), binary: config.REDIS_SERVER_BIN, log: log('LocalRedis') });
      stops.push(redis.stop);
      redisUrl = redis.url;
    }
    await probeRedis(redisUrl, (message) => logger.child({ context: 'Redis' }).warn(message));

    return { databaseUrl, embeddedDatabase: !config.DATABASE_URL, redisUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
