import { QUERY_TIMEOUT_MESSAGE, QUERY_TIMEOUT_RETRY_AFTER_SECONDS, isQueryTimeout } from '../database/query-timeout';
import { EmbeddingOverloadedError } from '../embedding/embedding-overloaded.error';

/** Codes of the answers that mean "the service is busy; the same request later may succeed" (HTTP 503). */
export const RETRY_LATER_CODES = ['OVERLOADED', 'QUERY_TIMEOUT'] as const;
export type RetryLaterCode = (typeof RETRY_LATER_CODES)[number];

export interface RetryLater {
  code: RetryLaterCode;
  message: string;
  retryAfterSeconds: number;
}

export const OVERLOADED_MESSAGE = 'the embedding engine is overloaded; retry later';

/**
 * What a client is told about an error that load caused, for GraphQL and REST alike; undefined for
 * every other error. The messages are fixed: they never echo the texts or the statement.
 */
export function retryLaterOf(error: unknown): RetryLater | undefined {
  if (error instanceof EmbeddingOverloadedError) {
    return { code: 'OVERLOADED', message: OVERLOADED_MESSAGE, retryAfterSeconds: error.retryAfterSeconds };
  }
  if (isQueryTimeout(error)) return { code: 'QUERY_TIMEOUT', message: QUERY_TIMEOUT_MESSAGE, retryAfterSeconds: QUERY_TIMEOUT_RETRY_AFTER_SECONDS };
  return undefined;
}
