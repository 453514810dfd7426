/** What the database holds about one row's embedding: its vector's columns, its failure record, or neither. */
export interface EmbeddingRecord {
  model: string | null;
  template: string | null;
  dimensions: number | null;
  embeddedAt: Date | null;
  truncated: boolean | null;
  reason: string | null;
  attempts: number | null;
}

export type EmbeddingState = 'PENDING' | 'EMBEDDED' | 'FAILED';

/** The GraphQL EmbeddingStatus. */
export interface EmbeddingStatus {
  state: EmbeddingState;
  model: string | null;
  template: string | null;
  dimensions: number | null;
  embeddedAt: string | null;
  truncated: boolean | null;
  error: string | null;
  attempts: number | null;
  stale: boolean | null;
}

/** The model and template rows of an entity type are embedded with now. */
export interface CurrentEmbedding {
  model: string;
  template: string;
}

/**
 * Embedded: the row has a vector (a failure recorded since then belongs to a later text). Failed: no
 * vector and a failure record. Pending: neither, so its job is still to run.
 */
export function toEmbeddingStatus(record: EmbeddingRecord | null, current: CurrentEmbedding): EmbeddingStatus {
  const embedded = record?.model != null;
  const state: EmbeddingState = embedded ? 'EMBEDDED' : record?.reason != null ? 'FAILED' : 'PENDING';
  return {
    state,
    model: embedded ? record.model : null,
    template: embedded ? record.template : null,
    dimensions: embedded ? record.dimensions : null,
    embeddedAt: embedded ? (record.embeddedAt?.toISOString() ?? null) : null,
    truncated: embedded ? record.truncated : null,
    error: record?.reason ?? null,
    attempts: record?.attempts ?? null,
    stale: embedded ? record.model !== current.model || record.template !== current.template : null,
  };
}
