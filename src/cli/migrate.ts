/**
 * `npm run migration:run` (`node dist/src/cli/migrate.js`): applies pending migrations to DATABASE_URL,
 * or to the embedded database under DATA_DIR when it is unset, under the same lock the service takes at
 * start.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/load-config';
import { dataSourceOptions } from '../database/data-source-options';
import { startEmbeddedPostgres } from '../database/embedded-postgres';
import { probePostgres } from '../database/probe-postgres';
import { runMigrations } from '../database/run-migrations';
import { runCommand } from './cli-command';
import { CommandSpec } from './command-line';

const MIGRATE_COMMAND: CommandSpec = {
  name: 'migrate',
  usage: `usage: npm run migration:run [-- --help | --version]

Applies the pending migrations of migrations/ to DATABASE_URL, or to the embedded database of DATA_DIR
when it is unset, under the lock the service takes at start: running it next to a starting service is
safe. Prints what it applied. Exit codes: 0 done, 1 database problem, 2 usage error.`,
  options: {},
};

async function main(): Promise<number> {
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
      return 0;
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await embedded?.stop();
  }
}

runCommand(MIGRATE_COMMAND, main);
