/** What a client is told (GraphQL and REST): no detail of the failure, only that trying again will help. */
export const DATABASE_UNAVAILABLE_MESSAGE = 'the database is unavailable; try again shortly';

/**
 * Whether an error means the database could not be reached or went away mid-request (server down,
 * restarting, shutting down, out of connection slots), as opposed to a query that is wrong. Clients get
 * a typed "try again" for these instead of an internal error.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as ErrorLike | undefined, depth = 0; e && depth < 5; e = e.driverError ?? e.cause, depth++) {
    if (typeof e.code === 'string' && UNAVAILABLE_SQLSTATES.has(e.code)) return true;
    // A refused or cut TCP connection: pg reports the socket's own error. (Redis errors never reach a
    // resolver this way: ioredis fails commands with its own errors.)
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code) && typeof e.syscall === 'string') return true;
    if (typeof e.message === 'string' && PG_CONNECTION_MESSAGES.some((pattern) => pattern.test(e!.message!))) return true;
  }
  return false;
}

interface ErrorLike {
  code?: unknown;
  syscall?: unknown;
  message?: string;
  driverError?: ErrorLike;
  cause?: ErrorLike;
}

/** SQLSTATE class 08 (connection exception), 57P01-57P03 (shutdown, crash, not yet accepting), 53300 (too many connections). */
const UNAVAILABLE_SQLSTATES = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', '53300']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
/** What pg and pg-pool say, without a code, when a connection ends or cannot be had in time. */
const PG_CONNECTION_MESSAGES = [/^Connection terminated/, /^timeout exceeded when trying to connect$/, /^Client has encountered a connection error and is not queryable$/];
