import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { toVectorParam } from '../database/vector-transformer';
import type { Embedding } from '../embedding/embedder.types';
import type { ReembedMode } from '../queue/queue.types';

/** A captured source table and the table semflow keeps its embeddings in. */
export interface CapturedTableSpec {
  entity: 'accountholder' | 'transaction';
  sourceTable: string;
  embeddingsTable: string;
  /** jsonb columns: selected as the text Postgres prints for them, which the templates embed. */
  jsonColumns: string[];
}

export interface StoredEmbedding {
  textHash: string;
  model: string;
  template: string;
}

export interface EmbeddingStatusCounts {
  rows: number;
  embedded: number;
  pending: number;
  failed: number;
  truncated: number;
  byModel: Array<{ model: string; template: string; rows: number }>;
}

export const textHash = (text: string): string => createHash('md5').update(text).digest('hex');

/** The SQL of one captured table: its rows, their embeddings and their recorded failures. */
export class CapturedRows {
  constructor(
    private readonly db: DataSource,
    readonly spec: CapturedTableSpec,
  ) {}

  /** The current source row, jsonb columns as Postgres prints them; null when it is gone. */
  async row<Row>(rowId: number): Promise<Row | null> {
    const json = this.spec.jsonColumns.map((column) => `${column}::text AS ${column}`).join(', ');
    const rows = await this.db.query(`SELECT *, ${json} FROM ${this.spec.sourceTable} WHERE _id = $1`, [rowId]);
    return rows[0] ?? null;
  }

  async stored(rowId: number): Promise<StoredEmbedding | null> {
    const rows = await this.db.query(
      `SELECT text_hash, embedding_model, embedding_template FROM ${this.spec.embeddingsTable} WHERE row_id = $1`,
      [rowId],
    );
    return rows[0] ? { textHash: rows[0].text_hash, model: rows[0].embedding_model, template: rows[0].embedding_template } : null;
  }

  /** Writes the embedding unless the source row is gone by now (then nothing; returns false). */
  async save(rowId: number, embedding: Embedding, model: string, template: string, hash: string): Promise<boolean> {
    const result: [unknown[], number] = await this.db.query(
      `INSERT INTO ${this.spec.embeddingsTable}
              (row_id, embedding_vector, embedding_dimensions, embedding_timestamp, embedding_model, embedding_template, text_hash, truncated, created_at)
       SELECT _id, $2, $3, now(), $4, $5, $6, $7, created_at FROM ${this.spec.sourceTable} WHERE _id = $1
       ON CONFLICT (row_id) DO UPDATE SET embedding_vector = EXCLUDED.embedding_vector,
              embedding_dimensions = EXCLUDED.embedding_dimensions, embedding_timestamp = EXCLUDED.embedding_timestamp,
              embedding_model = EXCLUDED.embedding_model, embedding_template = EXCLUDED.embedding_template,
              text_hash = EXCLUDED.text_hash, truncated = EXCLUDED.truncated`,
      [rowId, toVectorParam(embedding.vector), embedding.vector.length, model, template, hash, embedding.truncated],
    );
    return result[1] === 1;
  }

  /** missing: no embedding; stale: none, or by another model or template; all: every row. */
  async targets(mode: ReembedMode, model: string, template: string): Promise<number[]> {
    const where = {
      missing: 'e.row_id IS NULL',
      stale: 'e.row_id IS NULL OR e.embedding_model <> $1 OR e.embedding_template <> $2',
      all: 'true',
    }[mode];
    const rows: Array<{ id: number }> = await this.db.query(
      `SELECT s._id AS id FROM ${this.spec.sourceTable} s LEFT JOIN ${this.spec.embeddingsTable} e ON e.row_id = s._id
        WHERE ${where} ORDER BY s._id`,
      mode === 'stale' ? [model, template] : [],
    );
    return rows.map((row) => row.id);
  }

  async recordFailure(rowId: number, reason: string, attempts: number): Promise<void> {
    await this.db.query(
      `INSERT INTO embedding_errors (entity, row_id, reason, attempts) VALUES ($1, $2, $3, $4)
       ON CONFLICT (entity, row_id) DO UPDATE SET reason = EXCLUDED.reason,
              attempts = embedding_errors.attempts + EXCLUDED.attempts, last_failed_at = now()`,
      [this.spec.entity, rowId, reason, attempts],
    );
  }

  async clearFailure(rowId: number): Promise<void> {
    await this.db.query('DELETE FROM embedding_errors WHERE entity = $1 AND row_id = $2', [this.spec.entity, rowId]);
  }

  async failures(limit: number): Promise<Array<{ rowId: number; reason: string; attempts: number; lastFailedAt: Date }>> {
    const rows = await this.db.query(
      `SELECT row_id, reason, attempts, last_failed_at FROM embedding_errors WHERE entity = $1 ORDER BY row_id LIMIT $2`,
      [this.spec.entity, limit],
    );
    return rows.map((row: any) => ({ rowId: row.row_id, reason: row.reason, attempts: row.attempts, lastFailedAt: row.last_failed_at }));
  }

  async failedIds(): Promise<number[]> {
    const rows = await this.db.query('SELECT row_id FROM embedding_errors WHERE entity = $1 ORDER BY row_id', [this.spec.entity]);
    return rows.map((row: { row_id: number }) => row.row_id);
  }

  async status(): Promise<EmbeddingStatusCounts> {
    const [counts] = await this.db.query(
      `SELECT (SELECT count(*) FROM ${this.spec.sourceTable})::int AS rows,
              (SELECT count(*) FROM ${this.spec.embeddingsTable})::int AS embedded,
              (SELECT count(*) FROM ${this.spec.embeddingsTable} WHERE truncated)::int AS truncated,
              (SELECT count(*) FROM embedding_errors f WHERE f.entity = $1
                  AND NOT EXISTS (SELECT 1 FROM ${this.spec.embeddingsTable} e WHERE e.row_id = f.row_id))::int AS failed`,
      [this.spec.entity],
    );
    const byModel = await this.db.query(
      `SELECT embedding_model AS model, embedding_template AS template, count(*)::int AS rows
         FROM ${this.spec.embeddingsTable} GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    return { ...counts, pending: counts.rows - counts.embedded - counts.failed, byModel };
  }
}
