import { DynamicModule, LoggerService, Module } from '@nestjs/common';
import { Logger, LoggerModule, Params, PinoLogger } from 'nestjs-pino';
import type { RootLogger } from './root-logger';

const paramsOf = (root: RootLogger): Params => ({ pinoHttp: { logger: root }, useExisting: true });

/**
 * nestjs-pino over the process's root logger, for PinoLogger injection and the per-request store.
 * useExisting: the request logger is made by httpLogging, which main.ts mounts first.
 */
@Module({})
export class LoggingModule {
  static forRoot(root: RootLogger): DynamicModule {
    return { module: LoggingModule, imports: [LoggerModule.forRoot(paramsOf(root))] };
  }
}

/**
 * Nest's logger, given to NestFactory before the module is built: Nest's own lines and every
 * `new Logger(context)` go to the root logger, with the request id or the job of the current store. Made
 * here rather than taken from the module afterwards, because a module that fails to build (a missing
 * model file) reports through it: one JSON line, not a stack trace printed by Nest's console logger.
 */
export function nestLoggerOf(root: RootLogger): LoggerService {
  const params = paramsOf(root);
  return new Logger(new PinoLogger(params), params);
}
