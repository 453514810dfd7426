/**
 * `npm run migration:run`: applies pending migrations to DATABASE_URL, or to the embedded database under
 * DATA_DIR when it is unset, under the same lock the service takes at start.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { oneLine } from '../common/startup-error';
import { loadConfig } from '../config/load-config';
import { dataSourceOptions } from '../database/data-source-options';
import { startEmbeddedPostgres } from '../database/embedded-postgres';
import { probePostgres } from '../database/probe-postgres';
import { runMigrations } from '../database/run-migrations';

async function main(): Promise<void> {
  const config = loadConfig();
  const embedded = config.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ dataDir: config.DATA_DIR, maxConnections: config.PGLITE_MAX_CONNECTIONS, log: (m) => console.log(m) });
  const url = config.DATABASE_URL ?? embedded!.url;
  try {
    await probePostgres(url);
    const dataSource = await new DataSource(dataSourceOptions({ url, poolSize: 2, applicationName: 'semflow migrate' })).initialize();
    try {
      const applied = await runMigrations(dataSource);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await embedded?.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`migration:run failed: ${oneLine(error)}\n`);
  process.exit(1);
});
