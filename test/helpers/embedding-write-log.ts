import type { Client } from 'pg';

/** The tables semflow stores captured rows' embeddings in, one row per source row. */
export const CAPTURED_EMBEDDING_TABLES = ['accountholder_embeddings', 'transaction_embeddings'] as const;

const LOG_TABLE = 'test_embedding_writes';

/**
 * Makes every embedding write observable: a trigger, installed by the test as an outside observer,
 * appends a row to test_embedding_writes for each vector inserted into or rewritten in the given
 * tables. An embeddings table keeps one row per source row and overwrites it in place, so the table
 * alone cannot show a row embedded twice; this log can. Updates that leave the vector column out of
 * their SET list (a source change that does not touch the text) are not embedding writes and are not
 * logged.
 */
export async function logEmbeddingWrites(db: Client, tables: readonly string[] = CAPTURED_EMBEDDING_TABLES): Promise<void> {
  await db.query(`CREATE TABLE ${LOG_TABLE} (id bigserial PRIMARY KEY, tbl text NOT NULL, row_id integer NOT NULL, op text NOT NULL)`);
  await db.query(`
    CREATE FUNCTION test_log_embedding_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO ${LOG_TABLE} (tbl, row_id, op) VALUES (TG_TABLE_NAME, NEW.row_id, TG_OP);
      RETURN NULL;
    END $$`);
  for (const table of tables) {
    await db.query(`CREATE TRIGGER ${table}_test_write_log AFTER INSERT OR UPDATE OF embedding_vector ON ${table}
                      FOR EACH ROW EXECUTE FUNCTION test_log_embedding_write()`);
  }
}

export interface EmbeddingWriteCounts {
  /** Vectors written, inserts and rewrites together. */
  writes: number;
  /** Distinct rows written at least once. */
  rows: number;
  /** Rows written more than once. */
  rowsWrittenTwice: number;
}

export async function embeddingWriteCounts(db: Client): Promise<EmbeddingWriteCounts> {
  const { rows } = await db.query(
    `SELECT count(*)::int AS writes,
            count(DISTINCT (tbl, row_id))::int AS rows,
            (SELECT count(*)::int FROM (SELECT 1 FROM ${LOG_TABLE} GROUP BY tbl, row_id HAVING count(*) > 1) twice) AS "rowsWrittenTwice"
       FROM ${LOG_TABLE}`,
  );
  return rows[0];
}

export interface EmbeddedSnapshot {
  /** Every stored embedding, keyed "<table>/<row_id>", with its embedding_timestamp (ISO-8601). */
  rows: Map<string, string>;
  /** The write log's highest id at that moment: writes after it have higher ids. */
  lastWrite: number;
}

/** What the tables hold and how far the write log is, read in one statement (one snapshot). */
export async function embeddedSnapshot(db: Client, tables: readonly string[] = CAPTURED_EMBEDDING_TABLES): Promise<EmbeddedSnapshot> {
  const union = tables.map((table) => `SELECT '${table}/' || row_id AS key, embedding_timestamp FROM ${table}`).join(' UNION ALL ');
  const { rows } = await db.query(
    `SELECT (SELECT coalesce(max(id), 0)::int FROM ${LOG_TABLE}) AS last_write,
            coalesce((SELECT json_object_agg(key, embedding_timestamp) FROM (${union}) e), '{}'::json) AS rows`,
  );
  return { rows: new Map(Object.entries(rows[0].rows as Record<string, string>)), lastWrite: rows[0].last_write };
}

export async function embeddingWritesAfter(db: Client, id: number): Promise<number> {
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM ${LOG_TABLE} WHERE id > $1`, [id]);
  return rows[0].n;
}
