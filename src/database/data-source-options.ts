import * as path from 'node:path';
import type { DataSourceOptions } from 'typeorm';

export interface DataSourceSettings {
  url: string;
  poolSize: number;
  /**
   * What the server shows for these connections (pg_stat_activity.application_name), e.g. "semflow
   * worker 4242": with an api and several workers on one database, an operator sees whose query is whose.
   */
  applicationName: string;
  /**
   * Postgres cancels a statement of these connections that runs longer (SQLSTATE 57014); 0 or unset: no
   * limit. Sent as a startup parameter, so it holds from a connection's first statement. The embedded
   * database does not enforce it: its socket server ignores startup parameters, and PGlite itself runs
   * each query to its end on its single WebAssembly thread even with statement_timeout SET, as no timer
   * signal interrupts it there.
   */
  statementTimeoutMs?: number;
  entities?: DataSourceOptions['entities'];
}

/**
 * One set of TypeORM options for Postgres and for the embedded database: the application cannot tell
 * them apart. Schema changes come only from migrations/ (never synchronize).
 */
export function dataSourceOptions(settings: DataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: settings.entities ?? [],
    // From dist/src/database this is dist/migrations (compiled); from src/database (tests) migrations/.
    migrations: [path.join(__dirname, '..', '..', 'migrations', '*.{js,ts}')],
    migrationsTableName: 'typeorm_migrations',
    migrationsRun: false,
    synchronize: false,
    uuidExtension: 'pgcrypto',
    applicationName: settings.applicationName,
    installExtensions: false,
    extra: {
      max: settings.poolSize,
      connectionTimeoutMillis: 10000,
      ...(settings.statementTimeoutMs ? { statement_timeout: settings.statementTimeoutMs } : {}),
    },
  };
}
