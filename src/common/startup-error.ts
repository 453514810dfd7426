/**
 * A failure to start that the operator can fix: main prints its message as one line and exits non-zero,
 * without a stack trace.
 */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/** The message of any thrown value, on one line. */
export const oneLine = (error: unknown): string => (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ').trim();
