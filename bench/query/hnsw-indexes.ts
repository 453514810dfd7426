import { performance } from 'node:perf_hooks';
import type { Client } from 'pg';

/** An HNSW index as the migrations created it. */
export interface HnswIndex {
  name: string;
  table: string;
  /** CREATE INDEX statement, as pg_indexes prints it. */
  definition: string;
}

export interface HnswBuildParams {
  m: number;
  efConstruction: number;
}

/** Every HNSW index of the schema: the benchmark drops them to load and to measure exact scans. */
export async function hnswIndexes(db: Client): Promise<HnswIndex[]> {
  const { rows } = await db.query<{ indexname: string; tablename: string; indexdef: string }>(
    `SELECT indexname, tablename, indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexdef ~* 'USING hnsw' ORDER BY indexname`,
  );
  return rows.map((row) => ({ name: row.indexname, table: row.tablename, definition: row.indexdef }));
}

/** The m and ef_construction a definition builds with (pgvector's defaults when it names none). */
export function buildParamsOf(definition: string): HnswBuildParams {
  const setting = (name: string, fallback: number) => Number(new RegExp(`\\b${name}\\s*=\\s*'?(\\d+)`, 'i').exec(definition)?.[1] ?? fallback);
  return { m: setting('m', 16), efConstruction: setting('ef_construction', 64) };
}

/** The same index with other build parameters: the WITH clause replaced (or added before WHERE). */
export function withBuildParams(definition: string, params: HnswBuildParams): string {
  const withClause = `WITH (m = ${params.m}, ef_construction = ${params.efConstruction})`;
  const stripped = definition.replace(/\s+WITH \([^)]*\)/i, '');
  const where = stripped.search(/\s+WHERE\s/i);
  return where < 0 ? `${stripped} ${withClause}` : `${stripped.slice(0, where)} ${withClause}${stripped.slice(where)}`;
}

export async function dropIndex(db: Client, index: HnswIndex): Promise<void> {
  await db.query(`DROP INDEX IF EXISTS ${index.name}`);
}

/**
 * Memory for an index build. pgvector builds the graph in memory while it fits in maintenance_work_mem
 * (64 MB by default: about 25,000 vectors of 384 dimensions with their neighbour lists), then goes on
 * much more slowly on disk. 100,000 vectors need about 250 MB.
 */
export const BUILD_MEMORY = '512MB';

/** Builds the index with BUILD_MEMORY (for this transaction only); returns the seconds it took. */
export async function buildIndex(db: Client, definition: string): Promise<number> {
  const start = performance.now();
  await db.query('BEGIN');
  try {
    await db.query(`SET LOCAL maintenance_work_mem = '${BUILD_MEMORY}'`);
    await db.query(definition);
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK');
    throw error;
  }
  return (performance.now() - start) / 1000;
}
