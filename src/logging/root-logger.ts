import pino, { DestinationStream, Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogLevel } from '../config/app-config';

export type RootLogger = Logger;

export interface RootLoggerOptions {
  level: LogLevel;
  format: 'json' | 'text';
  /** 1 (stdout) for the service; the commands whose stdout is their result log to 2. */
  fd?: 1 | 2;
  /** Where lines go instead of fd (tests). */
  stream?: DestinationStream;
}

/**
 * Keys whose values never reach a log line, at the top of a line's fields or one object down (a
 * request's headers, a config object): what a mistaken `logger.warn({ headers })` would otherwise leak.
 */
const SECRET_KEYS = ['authorization', 'cookie', '["x-api-key"]', 'password', 'secret', 'token', 'apiKey', 'ADMIN_API_KEY', 'JWT_SECRET', 'API_KEYS', 'DATABASE_URL', 'REDIS_URL'];
export const REDACTED = '[redacted]';

/**
 * The process's one pino logger: JSON lines `{level, time, context, msg, ...fields}` on stdout, or
 * plain lines when LOG_FORMAT=text. Writes are synchronous, so the lines of a process that exits right
 * after (a failed start, the end of a shutdown) are not lost in a buffer.
 */
export function createRootLogger({ level, format, fd = 1, stream }: RootLoggerOptions): RootLogger {
  const options: pino.LoggerOptions = {
    level,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: SECRET_KEYS.flatMap((key) => [key, key.startsWith('[') ? `*${key}` : `*.${key}`]), censor: REDACTED },
  };
  const destination =
    format === 'text'
      ? pretty({ destination: stream ?? fd, sync: true, colorize: false, translateTime: false, ignore: 'context', messageFormat: '{if context}[{context}] {end}{msg}' })
      : (stream ?? pino.destination({ dest: fd, sync: true }));
  return pino(options, destination);
}
