import { LoggerService } from '@nestjs/common';
import type { LogLevel } from '../config/app-config';
import { requestContext } from './request-context';

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/**
 * Structured logs: one JSON object per line on stdout ({time, level, context, msg, ...fields}), or plain
 * lines when LOG_FORMAT=text. Nest's own messages come through here too, so every line has one shape.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly level: LogLevel = 'info',
    private readonly format: 'json' | 'text' = 'json',
    private readonly out: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  ) {}

  log(message: unknown, ...rest: unknown[]) {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }

  /** A log line with structured fields: logger.event('info', 'Queue', 'drained', {queue: 'events'}). */
  event(level: LogLevel, context: string, msg: string, fields: Record<string, unknown> = {}) {
    if (RANK[level] > RANK[this.level]) return;
    const requestId = requestContext.getStore()?.requestId;
    if (requestId !== undefined && fields.requestId === undefined) fields = { ...fields, requestId };
    const time = new Date().toISOString();
    if (this.format === 'text') {
      const extra = Object.keys(fields).length ? ' ' + JSON.stringify(fields) : '';
      this.out(`${time} ${level.toUpperCase().padEnd(5)} [${context}] ${msg}${extra}`);
    } else {
      this.out(JSON.stringify({ time, level, context, msg, ...fields }));
    }
  }

  private write(level: LogLevel, message: unknown, rest: unknown[]) {
    // Nest passes (message, context) or (message, stack, context).
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : 'semflow';
    const stack = rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    const fields: Record<string, unknown> = {};
    let msg: string;
    if (message instanceof Error) {
      msg = message.message;
      fields.stack = message.stack;
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(fields, message);
      msg = String((message as { msg?: unknown }).msg ?? '');
    } else {
      msg = String(message);
    }
    if (stack) fields.stack = stack;
    this.event(level, context, msg, fields);
  }
}
