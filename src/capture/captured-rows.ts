import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { toVectorParam } from '../database/vector-transformer';
import type { Embedding } from '../embedding/embedder.types';
import type { ReembedMode } from '../queue/queue.types';

/** Entity types whose rows are captured from source tables other programs write. */
export const CAPTURED_ENTITIES = ['accountholder', 'transaction'] as const;
export type CapturedEntity = (typeof CAPTURED_ENTITIES)[number];

/** A captured source table and the table semflow keeps its embeddings in. */
export interface CapturedTableSpec {
  entity: CapturedEntity;
  sourceTable: string;
  embeddingsTable: string;
  /** jsonb columns: read as the text Postgres prints for them, which the templates embed. */
  jsonColumns: string[];
}

/** The source row as a job reads it: its columns (jsonb as text) and the hash of all of them. */
export interface SourceRow<Row> {
  row: Row;
  sourceHash: string;
}

/** What an embedding was made from. */
export interface EmbeddingVersion {
  model: string;
  template: string;
  textHash: string;
  sourceHash: string;
}

export interface EmbeddingStatusCounts {
  rows: number;
  embedded: number;
  pending: number;
  failed: number;
  /** Embedded, but by another model or template than the current ones. */
  stale: number;
  truncated: number;
  byModel: Array<{ model: string; template: string; rows: number }>;
}

export interface EmbeddingFailure {
  rowId: number;
  reason: string;
  attempts: number;
  model: string;
  template: string;
  firstFailedAt: Date;
  lastFailedAt: Date;
}

export const textHash = (text: string): string => createHash('md5').update(text).digest('hex');

/**
 * The SQL of one captured table: its rows, their embeddings and their recorded failures. Table names
 * come from the feature modules' specs, never from input.
 */
export class CapturedRows {
  /** md5 of every column but _id and created_at, as the row `s` holds them now. */
  private readonly sourceHashSql = `md5((to_jsonb(s) - '_id' - 'created_at')::text)`;

  constructor(
    private readonly db: DataSource,
    readonly spec: CapturedTableSpec,
  ) {}

  get entity(): CapturedEntity {
    return this.spec.entity;
  }

  /** The current source row, jsonb columns as Postgres prints them; null when it is gone. */
  async row<Row>(rowId: number): Promise<SourceRow<Row> | null> {
    const json = this.spec.jsonColumns.map((column) => `s.${column}::text AS ${column}`).join(', ');
    const rows = await this.db.query(
      `SELECT s.*, ${json}, ${this.sourceHashSql} AS semflow_source_hash FROM ${this.spec.sourceTable} s WHERE s._id = $1`,
      [rowId],
    );
    if (!rows[0]) return null;
    const { semflow_source_hash: sourceHash, ...row } = rows[0];
    return { row: row as Row, sourceHash };
  }

  async stored(rowId: number): Promise<EmbeddingVersion | null> {
    const rows = await this.db.query(
      `SELECT embedding_model, embedding_template, text_hash, source_hash FROM ${this.spec.embeddingsTable} WHERE row_id = $1`,
      [rowId],
    );
    return rows[0] ? { model: rows[0].embedding_model, template: rows[0].embedding_template, textHash: rows[0].text_hash, sourceHash: rows[0].source_hash } : null;
  }

  /**
   * Writes the embedding and forgets the row's recorded failure, in one statement, unless the source
   * row is gone by now (then nothing; returns false).
   */
  async save(rowId: number, embedding: Embedding, version: EmbeddingVersion): Promise<boolean> {
    const result: [unknown[], number] = await this.db.query(
      `WITH cleared AS (DELETE FROM embedding_errors WHERE entity = $9 AND row_id = $1)
       INSERT INTO ${this.spec.embeddingsTable}
              (row_id, embedding_vector, embedding_dimensions, embedding_timestamp, embedding_model, embedding_template,
               text_hash, source_hash, truncated, created_at)
       SELECT _id, $2, $3, now(), $4, $5, $6, $7, $8, created_at FROM ${this.spec.sourceTable} WHERE _id = $1
       ON CONFLICT (row_id) DO UPDATE SET embedding_vector = EXCLUDED.embedding_vector,
              embedding_dimensions = EXCLUDED.embedding_dimensions, embedding_timestamp = EXCLUDED.embedding_timestamp,
              embedding_model = EXCLUDED.embedding_model, embedding_template = EXCLUDED.embedding_template,
              text_hash = EXCLUDED.text_hash, source_hash = EXCLUDED.source_hash, truncated = EXCLUDED.truncated`,
      [rowId, toVectorParam(embedding.vector), embedding.vector.length, version.model, version.template, version.textHash, version.sourceHash, embedding.truncated, this.entity],
    );
    return result[1] === 1;
  }

  /** The row changed in columns its text does not use: the embedding stays, and so does its timestamp. */
  async touch(rowId: number, sourceHash: string): Promise<void> {
    await this.db.query(`UPDATE ${this.spec.embeddingsTable} SET source_hash = $2 WHERE row_id = $1`, [rowId, sourceHash]);
  }

  /**
   * missing: no embedding; stale: none, or made from another version of the row or by another model or
   * template; all: every row. missing and stale leave out rows that failed with this model and template
   * on the row as it is now (retrying cannot help until something changes, or retry-failed asks for it).
   */
  async targets(mode: ReembedMode, model: string, template: string): Promise<number[]> {
    const notFailedNow = `NOT EXISTS (SELECT 1 FROM embedding_errors f WHERE f.entity = $3 AND f.row_id = s._id
                            AND f.model = $1 AND f.template = $2 AND f.source_hash = ${this.sourceHashSql})`;
    const where = {
      missing: `e.row_id IS NULL AND ${notFailedNow}`,
      stale: `(e.row_id IS NULL OR e.embedding_model <> $1 OR e.embedding_template <> $2 OR e.source_hash <> ${this.sourceHashSql}) AND ${notFailedNow}`,
      all: 'true',
    }[mode];
    const rows: Array<{ id: number }> = await this.db.query(
      `SELECT s._id AS id FROM ${this.spec.sourceTable} s LEFT JOIN ${this.spec.embeddingsTable} e ON e.row_id = s._id
        WHERE ${where} ORDER BY s._id`,
      mode === 'all' ? [] : [model, template, this.entity],
    );
    return rows.map((row) => row.id);
  }

  /** Rows of targets() embedded since `since` (how far a re-embed request has come). */
  async embeddedSince(since: Date): Promise<number> {
    const [row] = await this.db.query(`SELECT count(*)::int AS n FROM ${this.spec.embeddingsTable} WHERE embedding_timestamp >= $1`, [since]);
    return row.n;
  }

  async recordFailure(rowId: number, reason: string, attempts: number, version: Omit<EmbeddingVersion, 'textHash'>): Promise<void> {
    await this.db.query(
      `INSERT INTO embedding_errors (entity, row_id, reason, attempts, model, template, source_hash) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (entity, row_id) DO UPDATE SET reason = EXCLUDED.reason, attempts = embedding_errors.attempts + EXCLUDED.attempts,
              model = EXCLUDED.model, template = EXCLUDED.template, source_hash = EXCLUDED.source_hash, last_failed_at = now()`,
      [this.entity, rowId, reason, attempts, version.model, version.template, version.sourceHash],
    );
  }

  async clearFailure(rowId: number): Promise<void> {
    await this.db.query('DELETE FROM embedding_errors WHERE entity = $1 AND row_id = $2', [this.entity, rowId]);
  }

  async failures(limit: number): Promise<EmbeddingFailure[]> {
    const rows = await this.db.query(
      `SELECT row_id, reason, attempts, model, template, first_failed_at, last_failed_at FROM embedding_errors
        WHERE entity = $1 ORDER BY row_id LIMIT $2`,
      [this.entity, limit],
    );
    return rows.map((row: any) => ({
      rowId: row.row_id,
      reason: row.reason,
      attempts: row.attempts,
      model: row.model,
      template: row.template,
      firstFailedAt: row.first_failed_at,
      lastFailedAt: row.last_failed_at,
    }));
  }

  async failedIds(): Promise<number[]> {
    const rows = await this.db.query('SELECT row_id FROM embedding_errors WHERE entity = $1 ORDER BY row_id', [this.entity]);
    return rows.map((row: { row_id: number }) => row.row_id);
  }

  async status(model: string, template: string): Promise<EmbeddingStatusCounts> {
    const [counts] = await this.db.query(
      `SELECT (SELECT count(*) FROM ${this.spec.sourceTable})::int AS rows,
              (SELECT count(*) FROM ${this.spec.embeddingsTable})::int AS embedded,
              (SELECT count(*) FROM ${this.spec.embeddingsTable} WHERE embedding_model <> $2 OR embedding_template <> $3)::int AS stale,
              (SELECT count(*) FROM ${this.spec.embeddingsTable} WHERE truncated)::int AS truncated,
              (SELECT count(*) FROM embedding_errors f WHERE f.entity = $1
                  AND NOT EXISTS (SELECT 1 FROM ${this.spec.embeddingsTable} e WHERE e.row_id = f.row_id))::int AS failed`,
      [this.entity, model, template],
    );
    const byModel = await this.db.query(
      `SELECT embedding_model AS model, embedding_template AS template, count(*)::int AS rows
         FROM ${this.spec.embeddingsTable} GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    return { ...counts, pending: counts.rows - counts.embedded - counts.failed, byModel };
  }
}
