import { DataSource } from 'typeorm';
import { MigrationExecutor } from 'typeorm/migration/MigrationExecutor';
import { StartupError } from '../common/startup-error';

/** Any constant works as long as every semflow process uses the same one. */
export const MIGRATION_LOCK_KEY = 727_001;

/**
 * Applies pending migrations in one transaction that first takes a transaction-scoped advisory lock.
 * Two processes starting together: the second waits for the lock, then finds nothing pending. (The
 * embedded database serialises whole transactions across connections, which gives the same result.)
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    // No statement timeout (DATABASE_STATEMENT_TIMEOUT_MS) for migrations: building an HNSW index over
    // many rows can take minutes, as can waiting for another process's migrations to release the lock,
    // and a migration cancelled halfway only fails the start. SET LOCAL ends with this transaction.
    await runner.query('SET LOCAL statement_timeout = 0');
    await runner.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'none';
    const applied = await executor.executePendingMigrations();
    await runner.commitTransaction();
    return applied.map((migration) => migration.name);
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw explained(error);
  } finally {
    await runner.release();
  }
}

/**
 * pgvector is not a trusted extension: on a server where semflow's user is the database's owner but not
 * a superuser (a managed or shared Postgres), CREATE EXTENSION vector is refused. Say what to do.
 */
function explained(error: unknown): unknown {
  const driverError = (error as { driverError?: { code?: string; message?: string } }).driverError;
  const extension = driverError?.code === '42501' ? /extension "([^"]+)"/.exec(driverError.message ?? '')?.[1] : undefined;
  if (!extension) return error;
  return new StartupError(
    `the database user may not create the ${extension} extension: have a superuser run CREATE EXTENSION ${extension}; in this database once, then start again`,
  );
}
