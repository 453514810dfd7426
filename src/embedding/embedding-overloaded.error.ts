/** How long an overloaded client is told to wait before it tries again (Retry-After). */
export const EMBEDDING_RETRY_AFTER_SECONDS = 1;

/**
 * The embedding engine refused texts instead of queueing them without end: its queue was full
 * (`queue-full`, EMBEDDING_QUEUE_MAX_TEXTS), or the texts waited longer than EMBEDDING_REQUEST_TIMEOUT_MS
 * for a round (`deadline`). Trying again later may succeed. The message never holds the texts.
 */
export class EmbeddingOverloadedError extends Error {
  readonly retryAfterSeconds = EMBEDDING_RETRY_AFTER_SECONDS;

  constructor(readonly reason: 'queue-full' | 'deadline') {
    super(reason === 'queue-full' ? 'the embedding queue is full' : 'the texts waited too long for the embedding engine');
    this.name = 'EmbeddingOverloadedError';
  }
}
