/**
 * The outcome of `promise`, or a rejection with `timeoutError()` once `ms` have passed without one. The
 * timer is cleared either way, so a settled call leaves nothing behind to keep the process alive. The
 * late outcome of a timed-out promise is ignored (Promise.race keeps it from being an unhandled rejection).
 */
export async function withTimeout<T>(promise: Promise<T>, ms: number, timeoutError: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError()), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
