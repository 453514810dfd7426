import type { DataSource } from 'typeorm';
import type { CapturedTableSpec } from './captured-rows';

export type Scored<Row> = Row & { score: number };

export interface NearestQuery {
  /** pgvector text, e.g. '[0.1,0.2,...]'. */
  vector: string;
  /** Only rows embedded by this model are compared: vectors of different models do not compare. */
  model: string;
  limit: number;
  excludeRowId?: number;
}

/** hnsw.ef_search bounds how many rows one HNSW scan returns (pgvector accepts 1 to 1000; default 40). */
const efSearchFor = (limit: number) => String(Math.min(1000, Math.max(40, limit + 1)));

/**
 * pgvector 0.8+ keeps scanning the HNSW graph while rows are filtered out (here: rows of another model
 * during a re-embed), instead of answering fewer rows than asked. Older versions do not know the
 * setting; the exception block lets the query run without it there.
 */
const ITERATIVE_SCAN = `DO $$ BEGIN
  PERFORM set_config('hnsw.iterative_scan', 'strict_order', true);
EXCEPTION WHEN OTHERS THEN NULL;
END $$`;

/** Similarity queries over the embeddings of one captured table (cosine distance, HNSW-indexed). */
export class CapturedVectors {
  constructor(
    private readonly db: DataSource,
    private readonly spec: CapturedTableSpec,
  ) {}

  /** The row's vector as pgvector text when the row is embedded by `model`; null otherwise. */
  async vectorOf(rowId: number, model: string): Promise<string | null> {
    const rows: Array<{ vector: string }> = await this.db.query(
      `SELECT embedding_vector::text AS vector FROM ${this.spec.embeddingsTable} WHERE row_id = $1 AND embedding_model = $2`,
      [rowId, model],
    );
    return rows[0]?.vector ?? null;
  }

  /**
   * Source rows nearest to the vector, nearest first, then by id; score = cosine similarity. The
   * nearest rows are picked from the embeddings table alone, so the planner walks the HNSW index (a
   * join around the ORDER BY made it choose a full sort instead). The settings are SET LOCAL, in a
   * transaction of their own, so they never leak into other queries.
   */
  nearest<Row>(query: NearestQuery): Promise<Array<Scored<Row>>> {
    return this.db.transaction(async (manager) => {
      await manager.query(`SELECT set_config('hnsw.ef_search', $1, true)`, [efSearchFor(query.limit)]);
      await manager.query(ITERATIVE_SCAN);
      return manager.query(
        `SELECT s.*, 1 - n.distance AS score
           FROM (SELECT e.row_id, e.embedding_vector <=> $1::vector AS distance
                   FROM ${this.spec.embeddingsTable} e
                  WHERE e.embedding_model = $2 AND ($3::int IS NULL OR e.row_id <> $3::int)
                  ORDER BY e.embedding_vector <=> $1::vector, e.row_id
                  LIMIT $4) n
           JOIN ${this.spec.sourceTable} s ON s._id = n.row_id
          ORDER BY n.distance, n.row_id`,
        [query.vector, query.model, query.excludeRowId ?? null, query.limit],
      );
    });
  }
}
