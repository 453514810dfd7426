/** What a client is told (GraphQL and REST): never the statement, its parameters or the client's input. */
export const QUERY_TIMEOUT_MESSAGE = 'the query took too long and was cancelled; retry later';

/** Retry-After of a cancelled query: long enough for a burst of load to pass. */
export const QUERY_TIMEOUT_RETRY_AFTER_SECONDS = 5;

/** SQLSTATE query_canceled: a statement cancelled by statement_timeout (DATABASE_STATEMENT_TIMEOUT_MS). */
const QUERY_CANCELED = '57014';

/** Whether an error is, or wraps (TypeORM's QueryFailedError, a cause), a statement cancelled by the server. */
export function isQueryTimeout(error: unknown): boolean {
  for (let e = error as ErrorLike | undefined, depth = 0; e && depth < 5; e = e.driverError ?? e.cause, depth++) {
    if (e.code === QUERY_CANCELED) return true;
  }
  return false;
}

interface ErrorLike {
  code?: unknown;
  driverError?: ErrorLike;
  cause?: ErrorLike;
}
