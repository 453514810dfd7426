import 'reflect-metadata';
import { INestApplicationContext, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { mountAdminDocs } from './admin/admin-docs';
import { mountQueueDashboard } from './admin/queue-dashboard';
import { AppModule } from './app.module';
import { Infrastructure, startInfrastructure } from './bootstrap/infrastructure';
import { AppConfig } from './config/app-config';
import { loadConfig, trustProxyOf } from './config/load-config';
import { InvalidInputFilter } from './common/invalid-input.filter';
import { DatabaseUnavailableInterceptor } from './database/database-unavailable.interceptor';
import { RetryLaterInterceptor } from './common/retry-later.interceptor';
import { jsonBodiesOnly } from './common/json-bodies-only';
import { securityHeaders } from './common/security-headers';
import { oneLine } from './common/startup-error';
import { httpLogging } from './logging/http-logging';
import { nestLoggerOf } from './logging/logging.module';
import { createRootLogger, RootLogger } from './logging/root-logger';

/** One line on stderr and a non-zero exit: what an operator needs when the start cannot succeed. */
function failStart(error: unknown): never {
  process.stderr.write(`semflow: cannot start: ${oneLine(error)}\n`);
  process.exit(1);
}

async function createApp(config: AppConfig, infrastructure: Infrastructure, root: RootLogger): Promise<INestApplicationContext> {
  const module = AppModule.forRoot(config, infrastructure, root);
  // Logs are buffered until the start succeeded, so a failed start prints only failStart's line.
  const options = { logger: nestLoggerOf(root), bufferLogs: true, abortOnError: false };
  if (config.APP_ROLE === 'worker') {
    const context = await NestFactory.createApplicationContext(module, options);
    context.flushLogs();
    return context;
  }
  // bodyParser off: Nest would otherwise add its urlencoded parser too; JSON is registered below.
  const app = await NestFactory.create<NestExpressApplication>(module, { ...options, bodyParser: false });
  app.flushLogs();
  // Decides req.ip, by which the GraphQL rate limits tell clients apart.
  app.set('trust proxy', trustProxyOf(config));
  app.use(httpLogging(root));
  app.use(securityHeaders());
  app.use('/admin', jsonBodiesOnly);
  mountQueueDashboard(app, config);
  // A body over the limit is refused with 413 while it streams in, before it is parsed or stored. JSON
  // only: a form another site makes a browser post (application/x-www-form-urlencoded, which needs no
  // CORS preflight) is never read as a body.
  app.useBodyParser('json', { limit: config.HTTP_BODY_LIMIT_BYTES });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(new InvalidInputFilter());
  app.useGlobalInterceptors(new DatabaseUnavailableInterceptor(), new RetryLaterInterceptor());
  mountAdminDocs(app);
  await app.listen(config.PORT, config.HOST);
  return app;
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    failStart(error);
  }
  const root = createRootLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  const logger = root.child({ context: 'Main' });

  // Set once the service runs; until then a lost database fails the start on its own.
  let stopOnLoss: ((reason: string) => void) | undefined;
  let infrastructure: Infrastructure;
  try {
    infrastructure = await startInfrastructure(config, root, (reason) => stopOnLoss?.(reason));
  } catch (error) {
    failStart(error);
  }

  let app: INestApplicationContext;
  try {
    app = await createApp(config, infrastructure, root);
  } catch (error) {
    await infrastructure.stop();
    failStart(error);
  }
  logger.info(
    {
      role: config.APP_ROLE,
      ...(config.APP_ROLE !== 'worker' ? { url: `http://${config.HOST}:${config.PORT}` } : {}),
      embeddedDatabase: infrastructure.embeddedDatabase,
    },
    'semflow started',
  );

  let stopping = false;
  const shutdown = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    // Also the code of an exit that comes first because nothing is left to wait for (the database gone).
    process.exitCode = exitCode;
    logger.info({ signal }, 'shutting down');
    // A shutdown that hangs is still bounded: active jobs get SHUTDOWN_TIMEOUT_MS, then a margin.
    setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS + 15000).unref();
    await app.close();
    await infrastructure.stop();
    logger.info('stopped');
    process.exit(exitCode);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // Up but without its database the service would answer every request with an error: it stops with a
  // non-zero code instead, for its supervisor (docker compose, systemd) to start it again.
  stopOnLoss = (reason) => {
    logger.error(`${reason}; stopping`);
    void shutdown('database lost', 1);
  };
}

void main();
