import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { TickBatcher } from '../common/tick-batcher';
import { vectorBinaryParam } from '../database/vector-transformer';
import type { Embedding } from '../embedding/embedder.types';
import type { EmbedOutcome } from '../embedding/row-embeddings';
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

/** A source row as a job reads it: its columns (jsonb as text), the hash of all of them, its embedding's version. */
export interface CurrentRow<Row> {
  row: Row;
  sourceHash: string;
  stored: EmbeddingVersion | null;
  /** The model an operator chose for the entity type at run time, read in the same statement; null: none. */
  chosenModel: string | null;
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

/** What a save did: as a job's outcome, but a save never finds the row current. */
export type SaveOutcome = Exclude<EmbedOutcome, 'current'>;

interface PendingSave {
  rowId: number;
  embedding: Embedding;
  version: EmbeddingVersion;
}

export const textHash = (text: string): string => createHash('md5').update(text).digest('hex');

/**
 * The SQL of one captured table: its rows, their embeddings and their recorded failures. Table names
 * come from the feature modules' specs, never from input.
 */
export class CapturedRows {
  /** md5 of every column but _id and created_at, as the row `s` holds them now. */
  private readonly sourceHashSql = `md5((to_jsonb(s) - '_id' - 'created_at')::text)`;
  /**
   * Jobs' reads, not a GraphQL request's, so TickBatcher rather than DataLoader: it gathers the reads
   * that arrive while one is in flight into the next batch (measured, see TickBatcher) and keeps no
   * cache, since a job must see the row as it is now. A row asked for twice in a batch is read once.
   */
  private readonly reads = new TickBatcher<number, CurrentRow<unknown> | null>(async (rowIds) => {
    const found = await this.readMany([...new Set(rowIds)]);
    return rowIds.map((rowId) => found.get(rowId) ?? null);
  });
  private readonly saves = new TickBatcher<PendingSave, SaveOutcome>((saves) => this.saveMany(saves));

  constructor(
    private readonly db: DataSource,
    readonly spec: CapturedTableSpec,
  ) {}

  get entity(): CapturedEntity {
    return this.spec.entity;
  }

  /**
   * The source row as it is now, jsonb columns as Postgres prints them, with what its stored embedding
   * was made from and the entity type's chosen model; null when the row is gone. Concurrent jobs' reads
   * are one query.
   */
  current<Row>(rowId: number): Promise<CurrentRow<Row> | null> {
    return this.reads.run(rowId) as Promise<CurrentRow<Row> | null>;
  }

  /**
   * Writes the embedding and forgets the row's recorded failure, unless the source row is gone by now
   * (gone) or no longer the version the text was made from (stale: a job that read the row before a
   * change may finish after the change's own job, and must not put the old text's vector back).
   * Concurrent jobs' writes are one statement.
   */
  save(rowId: number, embedding: Embedding, version: EmbeddingVersion): Promise<SaveOutcome> {
    return this.saves.run({ rowId, embedding, version });
  }

  private async readMany(rowIds: number[]): Promise<Map<number, CurrentRow<unknown>>> {
    const json = this.spec.jsonColumns.map((column) => `s.${column}::text AS ${column}`).join(', ');
    // The source table's own columns next to semflow's: typed by the entity's spec, not here.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const rows: Array<Record<string, any>> = await this.db.query(
      `SELECT s.*, ${json}, ${this.sourceHashSql} AS semflow_source_hash, e.embedding_model AS semflow_model,
              e.embedding_template AS semflow_template, e.text_hash AS semflow_text_hash, e.source_hash AS semflow_stored_hash,
              (SELECT c.model FROM embedding_model_choices c WHERE c.entity = $2) AS semflow_chosen_model
         FROM ${this.spec.sourceTable} s LEFT JOIN ${this.spec.embeddingsTable} e ON e.row_id = s._id
        WHERE s._id = ANY($1::int[])`,
      [rowIds, this.entity],
    );
    return new Map(
      rows.map(({ semflow_source_hash, semflow_model, semflow_template, semflow_text_hash, semflow_stored_hash, semflow_chosen_model, ...row }) => [
        row._id as number,
        {
          row,
          sourceHash: semflow_source_hash,
          stored: semflow_model === null ? null : { model: semflow_model, template: semflow_template, textHash: semflow_text_hash, sourceHash: semflow_stored_hash },
          chosenModel: semflow_chosen_model,
        },
      ]),
    );
  }

  private async saveMany(saves: PendingSave[]): Promise<SaveOutcome[]> {
    // One statement may write a row once: of two saves of a row in a batch, the later one is kept.
    const last = [...new Map(saves.map((save) => [save.rowId, save])).values()];
    // One VALUES row per save, its vector a binary parameter: parsing vector text is the slow part of a
    // write in the embedded database.
    const params: unknown[] = [this.entity];
    const values = last.map((save) => {
      const first = params.length + 1;
      params.push(
        save.rowId,
        vectorBinaryParam(save.embedding.vector),
        save.embedding.vector.length,
        save.version.model,
        save.version.template,
        save.version.textHash,
        save.version.sourceHash,
        save.embedding.truncated,
      );
      const p = (i: number) => `$${first + i}`;
      return `(${p(0)}::int, ${p(1)}::vector, ${p(2)}::int, ${p(3)}::text, ${p(4)}::text, ${p(5)}::text, ${p(6)}::text, ${p(7)}::boolean)`;
    });
    const written: Array<{ row_id: number }> = await this.db.query(
      `WITH v(row_id, vector, dimensions, model, template, text_hash, source_hash, truncated) AS (VALUES ${values.join(', ')}),
            cleared AS (DELETE FROM embedding_errors WHERE entity = $1 AND row_id IN (SELECT row_id FROM v))
       INSERT INTO ${this.spec.embeddingsTable}
              (row_id, embedding_vector, embedding_dimensions, embedding_timestamp, embedding_model, embedding_template,
               text_hash, source_hash, truncated, created_at)
       SELECT s._id, v.vector, v.dimensions, now(), v.model, v.template, v.text_hash, v.source_hash, v.truncated, s.created_at
         FROM v JOIN ${this.spec.sourceTable} s ON s._id = v.row_id AND ${this.sourceHashSql} = v.source_hash
       ON CONFLICT (row_id) DO UPDATE SET embedding_vector = EXCLUDED.embedding_vector,
              embedding_dimensions = EXCLUDED.embedding_dimensions, embedding_timestamp = EXCLUDED.embedding_timestamp,
              embedding_model = EXCLUDED.embedding_model, embedding_template = EXCLUDED.embedding_template,
              text_hash = EXCLUDED.text_hash, source_hash = EXCLUDED.source_hash, truncated = EXCLUDED.truncated
       RETURNING row_id`,
      params,
    );
    const saved = new Set(written.map((row) => row.row_id));
    const unsaved = last.map((save) => save.rowId).filter((rowId) => !saved.has(rowId));
    const present = unsaved.length === 0 ? new Set<number>() : await this.existing(unsaved);
    return saves.map((save) => (saved.has(save.rowId) ? 'embedded' : present.has(save.rowId) ? 'stale' : 'gone'));
  }

  private async existing(rowIds: number[]): Promise<Set<number>> {
    const rows: Array<{ _id: number }> = await this.db.query(`SELECT _id FROM ${this.spec.sourceTable} WHERE _id = ANY($1::int[])`, [rowIds]);
    return new Set(rows.map((row) => row._id));
  }

  /** The row changed in columns its text does not use: the embedding stays, and so does its timestamp. */
  async touch(rowId: number, sourceHash: string): Promise<void> {
    await this.db.query(`UPDATE ${this.spec.embeddingsTable} SET source_hash = $2 WHERE row_id = $1`, [rowId, sourceHash]);
  }

  /**
   * missing: no embedding; stale: none, or made from another version of the row or by another model or
   * template; all: every row. missing and stale leave out rows that failed with this model and template
   * on the row as it is now (retrying cannot help until something changes, or retry-failed asks for it).
   * With changedSince (an xid8 watermark, see sweepWatermark), only rows whose capture stamp is at or
   * above it are examined, through the stamp's index: the rest of the table is not read or hashed.
   */
  async targets(mode: ReembedMode, model: string, template: string, changedSince?: string): Promise<number[]> {
    const notFailedNow = `NOT EXISTS (SELECT 1 FROM embedding_errors f WHERE f.entity = $3 AND f.row_id = s._id
                            AND f.model = $1 AND f.template = $2 AND f.source_hash = ${this.sourceHashSql})`;
    const where = {
      missing: `e.row_id IS NULL AND ${notFailedNow}`,
      stale: `(e.row_id IS NULL OR e.embedding_model <> $1 OR e.embedding_template <> $2 OR e.source_hash <> ${this.sourceHashSql}) AND ${notFailedNow}`,
      all: 'true',
    }[mode];
    const params = mode === 'all' ? [] : [model, template, this.entity];
    const changed = changedSince === undefined || mode === 'all' ? '' : 'JOIN captured_row_changes c ON c.row_id = s._id AND c.entity = $3 AND c.changed_xid >= $4::xid8';
    const rows: Array<{ id: number }> = await this.db.query(
      `SELECT s._id AS id FROM ${this.spec.sourceTable} s ${changed} LEFT JOIN ${this.spec.embeddingsTable} e ON e.row_id = s._id
        WHERE ${where} ORDER BY s._id`,
      changed ? [...params, changedSince] : params,
    );
    return rows.map((row) => row.id);
  }

  /** Where the next changed-only sweep starts; null until a stale scan has finished once. */
  async sweepWatermark(): Promise<string | null> {
    const [row] = await this.db.query('SELECT since_xid::text AS xid FROM embedding_sweep_watermarks WHERE entity = $1', [this.entity]);
    return row?.xid ?? null;
  }

  /**
   * The watermark a scan may record once its jobs are queued, taken before the scan: every transaction
   * with a lower id had ended by then, so the scan saw whatever they wrote. A transaction still running
   * (however long, and whenever it commits) has an id at or above it, and the next scan looks again.
   */
  async snapshotXmin(): Promise<string> {
    const [row] = await this.db.query('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xid');
    return row.xid;
  }

  /** Records a finished stale scan's watermark; of two scans finishing out of order, the later watermark stays. */
  async recordSweep(xmin: string): Promise<void> {
    await this.db.query(
      `INSERT INTO embedding_sweep_watermarks (entity, since_xid) VALUES ($1, $2::xid8)
       ON CONFLICT (entity) DO UPDATE SET since_xid = GREATEST(embedding_sweep_watermarks.since_xid, EXCLUDED.since_xid), swept_at = now()`,
      [this.entity, xmin],
    );
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
    type FailureRow = { row_id: number; reason: string; attempts: number; model: string; template: string; first_failed_at: Date; last_failed_at: Date };
    return (rows as FailureRow[]).map((row) => ({
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
