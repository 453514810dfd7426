import { Logger } from '@nestjs/common';
import { oneLine } from '../common/startup-error';
import { withTimeout } from '../common/with-timeout';

/** How long the database and Redis may take to answer a health check. */
export const HEALTH_CHECK_TIMEOUT_MS = 2000;

/** A probe's outcome: the checked value, or what to tell a client about the failure. */
export type ProbeOutcome<T> = { up: true; value: T } | { up: false; message: string };

/**
 * Thrown by a check to give clients a message of its own instead of the generic one; the error that
 * led to it, if any, is logged as its cause.
 */
export class ProbeFailure extends Error {
  constructor(
    message: string,
    readonly reason?: unknown,
  ) {
    super(message);
    this.name = 'ProbeFailure';
  }
}

/**
 * Runs the check of one component (the database, Redis, a model) within a time limit and never throws.
 * A failure is told to clients in a fixed sentence naming the component only: a driver's error may
 * carry host names, addresses or credentials. The error itself goes to the log, once when the component
 * goes down (or fails differently) and once when it is back, so a tight health poll does not flood it.
 */
export class ComponentProbe {
  private readonly logger: Logger;
  private lastFailure: string | undefined;

  constructor(
    /** As a sentence starts with it: "the database", "Redis". */
    private readonly what: string,
    private readonly timeoutMs: number,
  ) {
    this.logger = new Logger(`Health(${what})`);
  }

  async run<T>(check: () => Promise<T>): Promise<ProbeOutcome<T>> {
    const late = new ProbeFailure(`${this.what} did not answer within ${this.timeoutMs} ms`);
    try {
      const value = await withTimeout(check(), this.timeoutMs, () => late);
      if (this.lastFailure !== undefined) this.logger.log(`${this.what} answers again`);
      this.lastFailure = undefined;
      return { up: true, value };
    } catch (error) {
      const cause = error instanceof ProbeFailure && error.reason !== undefined ? `${error.message}: ${oneLine(error.reason)}` : oneLine(error);
      if (cause !== this.lastFailure) this.logger.warn({ msg: `${this.what} is down`, error: cause });
      this.lastFailure = cause;
      return { up: false, message: error instanceof ProbeFailure ? error.message : `${this.what} did not answer` };
    }
  }
}
