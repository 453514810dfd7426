/**
 * `npm run ingest -- [source] [--watch] [--force] [--json]`: loads talks into the database of DATA_DIR
 * (the running service's embedded database and local Redis when one runs there, otherwise its own for
 * the duration) or DATABASE_URL / REDIS_URL, and queues their embeddings for the workers. No embedding
 * model is loaded here. Summary on stdout, progress and logs on stderr. Exit code 0 when it ran (also
 * with rejected lines), 1 when the source or the backing services cannot be used, 2 for bad arguments.
 */
import 'reflect-metadata';
import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Infrastructure, startInfrastructure } from '../bootstrap/infrastructure';
import { CliFailure, INTERRUPTED_EXIT, runCommand } from './cli-command';
import { CommandLine } from './command-line';
import { oneLine } from '../common/startup-error';
import { AppConfig } from '../config/app-config';
import { ConfigModule } from '../config/config.module';
import { loadConfig } from '../config/load-config';
import { DatabaseModule } from '../database/database.module';
import { isUrlSource, listLocalSource } from '../events/ingest/event-source';
import { EventsIngestModule } from '../events/ingest/events-ingest.module';
import { EventsIngestService, IngestOptions } from '../events/ingest/events-ingest.service';
import { INGEST_COMMAND, IngestCliArgs, ingestArgs } from '../events/ingest/ingest-cli-args';
import { formatSummary, IngestSummary } from '../events/ingest/ingest-summary';
import { ProgressReporter } from '../events/ingest/progress-reporter';
import { SourceWatcher } from '../events/ingest/source-watcher';
import { LoggingModule, nestLoggerOf } from '../logging/logging.module';
import { createRootLogger, RootLogger } from '../logging/root-logger';
import { QueueModule } from '../queue/queue.module';

/** Config, database, queues and ingestion: nothing that loads a model or serves HTTP. */
@Module({})
class IngestCliModule {
  static forRoot(config: AppConfig, infrastructure: Infrastructure, root: RootLogger): DynamicModule {
    return {
      module: IngestCliModule,
      imports: [
        ConfigModule.forConfig(config),
        LoggingModule.forRoot(root),
        DatabaseModule.forRoot(infrastructure.databaseUrl, config.MIGRATIONS_RUN),
        QueueModule.forRoot(infrastructure.redisUrl),
        EventsIngestModule,
      ],
    };
  }
}

async function runIngestion(app: INestApplicationContext, config: AppConfig, args: IngestCliArgs, source: string, stop: AbortSignal): Promise<number> {
  const ingest = app.get(EventsIngestService);
  const progress = new ProgressReporter(process.stderr);
  const print = (summary: IngestSummary) => {
    progress.finish();
    process.stdout.write(`${args.json ? JSON.stringify(summary) : formatSummary(summary)}\n`);
  };
  const options = (signal: AbortSignal): IngestOptions => ({ force: args.force, signal, onProgress: (p) => progress.update(p) });

  if (!args.watch) {
    const summary = await ingest.ingest(source, options(stop));
    print(summary);
    return summary.aborted ? INTERRUPTED_EXIT : 0;
  }

  const watcher: SourceWatcher = new SourceWatcher({
    source,
    intervalMs: config.EVENTS_WATCH_INTERVAL_MS,
    ingest: async (changed) => print(await ingest.ingestResolved(changed, options(watcher.signal))),
    onError: (error) => process.stderr.write(`semflow ingest: ${oneLine(error)}\n`),
  });
  stop.addEventListener('abort', () => void watcher.stop(), { once: true });
  // The first load is not left to the poll loop: a source that cannot be read ends the command with 1.
  await watcher.check();
  if (!stop.aborted) {
    watcher.start(false);
    await new Promise((resolve) => stop.addEventListener('abort', resolve, { once: true }));
  }
  await watcher.stop();
  return 0;
}

async function main(line: CommandLine): Promise<number> {
  const args: IngestCliArgs = ingestArgs(line);
  const config = loadConfig();
  const source = args.source ?? config.EVENTS_SOURCE;
  if (source.trim() === '') throw new CliFailure('no source given and EVENTS_SOURCE is empty', 1);
  // A path that is not there fails before any database or Redis is started for nothing.
  if (!isUrlSource(source)) await listLocalSource(source);

  // stdout carries the summary only; logs go to stderr, and only warnings unless LOG_LEVEL=debug.
  const logger = createRootLogger({ level: config.LOG_LEVEL === 'debug' ? 'debug' : 'warn', format: config.LOG_FORMAT, fd: 2 });
  const stop = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());

  const infrastructure = await startInfrastructure(config, logger);
  try {
    const app = await NestFactory.createApplicationContext(IngestCliModule.forRoot(config, infrastructure, logger), { logger: nestLoggerOf(logger), abortOnError: false });
    try {
      return await runIngestion(app, config, args, source, stop.signal);
    } finally {
      await app.close();
    }
  } finally {
    await infrastructure.stop();
  }
}

runCommand(INGEST_COMMAND, main);
