import type { DataSource } from 'typeorm';
import type { CapturedTableSpec } from './captured-rows';
import { vectorBinaryParam } from '../database/vector-transformer';

export type Scored<Row> = Row & { score: number };

export interface NearestQuery {
  vector: ArrayLike<number>;
  /** Only rows embedded by this model are compared: vectors of different models do not compare. */
  model: string;
  limit: number;
  /** The row the vector belongs to (a similar-rows query): left out of the answer. */
  excludeRowId?: number;
  /** What the vector is: a stored row's, or a query text's embedded just now (see HnswEfSearch). */
  from: 'row' | 'text';
}

/**
 * The candidate list an HNSW scan keeps (pgvector's hnsw.ef_search), by what the query vector is.
 * rows (HNSW_EF_SEARCH): a stored row's vector or a profile built from rows. Such vectors lie among the
 * rows, and 100 candidates found their 10 nearest with recall 0.995-1.0 at 100,000 rows.
 * text (HNSW_EF_SEARCH_TEXT): a query text embedded at query time. A few words against whole records
 * lie away from every row (cosine 0.3-0.55 to the nearest payment legs) and almost equally far from
 * many, so the graph walk needs a far longer list: recall@10 at 100,000 legs was 0.87 with 400, 0.95
 * with 800 to 1000 (pgvector's maximum), and denser graphs (m 32, ef_construction 128) reached 0.95 at
 * 400 for the same query time but a 3.7x longer build and slower inserts (bench:query).
 */
export interface HnswEfSearch {
  rows: number;
  text: number;
}

/** The defaults of HNSW_EF_SEARCH and HNSW_EF_SEARCH_TEXT (see AppConfig). */
export const DEFAULT_HNSW_EF_SEARCH: HnswEfSearch = { rows: 100, text: 1000 };

/** pgvector accepts hnsw.ef_search from 1 to 1000. */
const MAX_EF_SEARCH = 1000;

/**
 * hnsw.ef_search for a scan that must produce `rows` rows: the configured candidate list, raised to the
 * rows asked for (a list shorter than the answer would leave its tail to the coarser iterative scan).
 */
export function efSearchFor(configured: number, rows: number): number {
  return Math.min(MAX_EF_SEARCH, Math.max(1, Math.trunc(configured), Math.trunc(rows)));
}

/**
 * pgvector 0.8's iterative index scan (hnsw.iterative_scan), which keeps walking the graph while rows are
 * filtered out (rows of another model, talks the user likes) instead of answering fewer rows than
 * asked: strict_order returns rows in exact distance order, relaxed_order may return them slightly out
 * of order (the queries order their answer again), off stops after ef_search candidates. maxScanTuples
 * (hnsw.max_scan_tuples) bounds how many tuples one iterative scan visits; null keeps pgvector's 20,000.
 */
export interface HnswScan {
  iterative: 'off' | 'strict_order' | 'relaxed_order';
  maxScanTuples: number | null;
}

export const DEFAULT_HNSW_SCAN: HnswScan = { iterative: 'strict_order', maxScanTuples: null };

const ITERATIVE_SCANS: ReadonlyArray<HnswScan['iterative']> = ['off', 'strict_order', 'relaxed_order'];

/**
 * One statement that sets the HNSW search of the current transaction (set_config(..., true) is SET
 * LOCAL): ef_search and the iterative scan. Older pgvector versions do not know the iterative scan; its
 * inner block lets the query run without it there. The values are checked here and written into the
 * text because a DO block takes no parameters.
 */
export function hnswSearchSettings(efSearch: number, scan: HnswScan = DEFAULT_HNSW_SCAN): string {
  if (!Number.isInteger(efSearch) || efSearch < 1 || efSearch > MAX_EF_SEARCH) throw new Error(`invalid hnsw.ef_search ${efSearch}`);
  if (!ITERATIVE_SCANS.includes(scan.iterative)) throw new Error(`invalid hnsw.iterative_scan ${scan.iterative}`);
  if (scan.maxScanTuples !== null && (!Number.isInteger(scan.maxScanTuples) || scan.maxScanTuples < 1)) throw new Error(`invalid hnsw.max_scan_tuples ${scan.maxScanTuples}`);
  const maxScanTuples =
    scan.maxScanTuples === null
      ? ''
      : `
    PERFORM set_config('hnsw.max_scan_tuples', '${scan.maxScanTuples}', true);`;
  return `DO $$ BEGIN
  PERFORM set_config('hnsw.ef_search', '${efSearch}', true);
  BEGIN
    PERFORM set_config('hnsw.iterative_scan', '${scan.iterative}', true);${maxScanTuples}
  EXCEPTION WHEN OTHERS THEN NULL;
  END;
END $$`;
}

/** A statement ordered by an HNSW-indexed distance, with the ef_search it runs with. */
export interface HnswQuery {
  sql: string;
  params: unknown[];
  efSearch: number;
}

/**
 * Runs an HNSW-ordered query after its search settings, in a transaction of its own so the settings
 * never leak into other queries (on the embedded database every connection shares one session).
 */
export function runHnswQuery<T>(db: DataSource, query: HnswQuery): Promise<T[]> {
  return db.transaction(async (manager) => {
    await manager.query(hnswSearchSettings(query.efSearch));
    return manager.query(query.sql, query.params);
  });
}

/**
 * Source rows nearest to the vector, nearest first, then by id; score = cosine similarity. The nearest
 * rows are picked from the embeddings table alone, so the planner walks the HNSW index (a join around
 * the ORDER BY made it choose a full sort instead). Exported so the query benchmark runs this very text.
 */
export function nearestQuery(spec: CapturedTableSpec, query: NearestQuery, efSearch: HnswEfSearch): HnswQuery {
  return {
    sql: `SELECT s.*, 1 - n.distance AS score
            FROM (SELECT e.row_id, e.embedding_vector <=> $1::vector AS distance
                    FROM ${spec.embeddingsTable} e
                   WHERE e.embedding_model = $2 AND ($3::int IS NULL OR e.row_id <> $3::int)
                   ORDER BY e.embedding_vector <=> $1::vector, e.row_id
                   LIMIT $4) n
            JOIN ${spec.sourceTable} s ON s._id = n.row_id
           ORDER BY n.distance, n.row_id`,
    params: [vectorBinaryParam(query.vector), query.model, query.excludeRowId ?? null, query.limit],
    // The excluded row is among the nearest (it is the query itself): one more candidate.
    efSearch: efSearchFor(efSearch[query.from === 'text' ? 'text' : 'rows'], query.limit + (query.excludeRowId === undefined ? 0 : 1)),
  };
}

/** Similarity queries over the embeddings of one captured table (cosine distance, HNSW-indexed). */
export class CapturedVectors {
  constructor(
    private readonly db: DataSource,
    private readonly spec: CapturedTableSpec,
    private readonly efSearch: HnswEfSearch = DEFAULT_HNSW_EF_SEARCH,
  ) {}

  /** The row's vector when the row is embedded by `model`; null otherwise. real[] arrives as numbers. */
  async vectorOf(rowId: number, model: string): Promise<number[] | null> {
    const rows: Array<{ vector: number[] }> = await this.db.query(
      `SELECT embedding_vector::real[] AS vector FROM ${this.spec.embeddingsTable} WHERE row_id = $1 AND embedding_model = $2`,
      [rowId, model],
    );
    return rows[0]?.vector ?? null;
  }

  nearest<Row>(query: NearestQuery): Promise<Array<Scored<Row>>> {
    return runHnswQuery<Scored<Row>>(this.db, nearestQuery(this.spec, query, this.efSearch));
  }
}
