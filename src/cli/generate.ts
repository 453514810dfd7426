/**
 * `npm run generate -- --holders N --transactions M [--rate R/s] [--seed S] [--start ISO]
 * [--database-url URL] [--json]`: writes made-up account holders and payments straight into the
 * finflow source tables, as the reference's data generator did, for the service's capture to embed.
 * It needs the database only: no Redis, no model. Summary on stdout, progress and logs on stderr.
 * Exit code 0 when done, 1 for a database problem, 2 for bad arguments, 130 when interrupted.
 */
import 'reflect-metadata';
import { randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MigrationExecutor } from 'typeorm/migration/MigrationExecutor';
import { startDatabase } from '../bootstrap/infrastructure';
import { CliFailure, INTERRUPTED_EXIT, runCommand, UsageError } from './cli-command';
import { CommandLine } from './command-line';
import { ProgressReporter } from '../common/progress-reporter';
import { oneLine } from '../common/startup-error';
import { loadConfig } from '../config/load-config';
import { dataSourceOptions } from '../database/data-source-options';
import { runMigrations } from '../database/run-migrations';
import { FinflowGenerator } from '../generator/finflow-generator';
import { FinflowSourceWriter } from '../generator/finflow-source-writer';
import { loadTenants } from '../generator/finflow-tenants';
import { GENERATE_COMMAND, GeneratorCliArgs, generatorArgs, MAX_SEED, SEEDED_DEFAULT_START } from '../generator/generator-cli-args';
import { GENERATOR_PROGRESS_FORMAT, runGenerator } from '../generator/generator-run';
import { formatGeneratorSummary, GeneratorSummary } from '../generator/generator-summary';
import { createRootLogger } from '../logging/root-logger';

const stop = new AbortController();

/** Applies pending migrations as the service does at start; with MIGRATIONS_RUN=false only checks. */
async function prepareSchema(dataSource: DataSource, migrate: boolean): Promise<void> {
  if (migrate) {
    await runMigrations(dataSource);
    return;
  }
  const pending = await new MigrationExecutor(dataSource).getPendingMigrations();
  if (pending.length > 0) {
    throw new CliFailure(`the database lacks ${pending.length} migration(s) and MIGRATIONS_RUN=false: run \`npm run migration:run\` first`, 1);
  }
}

async function main(line: CommandLine): Promise<number> {
  const args: GeneratorCliArgs = generatorArgs(line);
  const config = loadConfig();
  // stdout carries the summary only; logs go to stderr, and only warnings unless LOG_LEVEL=debug.
  const logger = createRootLogger({ level: config.LOG_LEVEL === 'debug' ? 'debug' : 'warn', format: config.LOG_FORMAT, fd: 2 });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());

  // Without --seed a seed is drawn and reported, so any run can be repeated with --seed and --start.
  const seed = args.seed ?? randomInt(0, MAX_SEED + 1);
  const startMs = args.startMs ?? (args.seed !== undefined ? Date.parse(SEEDED_DEFAULT_START) : Date.now());
  const generator = new FinflowGenerator({ holders: args.holders, transactions: args.transactions, seed, startMs, tenants: loadTenants() });

  const database = await startDatabase(
    { DATABASE_URL: args.databaseUrl ?? config.DATABASE_URL, DATA_DIR: config.DATA_DIR, PGLITE_MAX_CONNECTIONS: config.PGLITE_MAX_CONNECTIONS },
    logger,
  );
  try {
    const dataSource = await new DataSource(dataSourceOptions({ url: database.databaseUrl, poolSize: 2, applicationName: 'semflow generate' })).initialize();
    try {
      await prepareSchema(dataSource, config.MIGRATIONS_RUN);
      const progress = new ProgressReporter(process.stderr, GENERATOR_PROGRESS_FORMAT);
      const result = await runGenerator({
        rows: generator.rows(),
        totalHolders: args.holders,
        totalTransactions: args.transactions,
        writer: new FinflowSourceWriter(dataSource),
        rate: args.rate,
        signal: stop.signal,
        onProgress: (p) => progress.update(p),
      });
      progress.finish();
      const rows = result.holders + result.transactions;
      const summary: GeneratorSummary = {
        holders: result.holders,
        transactions: result.transactions,
        payments: result.payments,
        requested: { holders: args.holders, transactions: args.transactions },
        seed,
        start: new Date(startMs).toISOString(),
        rate: args.rate ?? null,
        durationMs: result.durationMs,
        rowsPerSecond: Math.round((rows * 1000) / Math.max(1, result.durationMs)),
        interrupted: result.interrupted,
      };
      process.stdout.write(`${args.json ? JSON.stringify(summary) : formatGeneratorSummary(summary)}\n`);
      return result.interrupted ? INTERRUPTED_EXIT : 0;
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await database.stop();
  }
}

runCommand(GENERATE_COMMAND, main, (error) => {
  // A signal during start-up also reaches an embedded database started here, which then fails the start.
  if (!stop.signal.aborted || error instanceof UsageError) return undefined;
  process.stderr.write(`semflow generate: interrupted before writing (${oneLine(error)})\n`);
  return INTERRUPTED_EXIT;
});
