import type { Client } from 'pg';

/** Per table (schema.name): its row count and a digest of every row's text, in a stable order. */
export type DbSnapshot = Record<string, { rows: number; digest: string }>;

/**
 * Every row of every table outside the system schemas, digested: two snapshots are equal only when no
 * row was added, removed or changed in between.
 */
export async function snapshotDatabase(db: Client): Promise<DbSnapshot> {
  const tables = await db.query<{ name: string }>(
    `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables
     WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
  );
  const snapshot: DbSnapshot = {};
  for (const { name } of tables.rows) {
    const { rows } = await db.query<{ rows: string; digest: string }>(
      `SELECT count(*) AS rows, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM ${name} t`,
    );
    snapshot[name] = { rows: Number(rows[0].rows), digest: rows[0].digest };
  }
  return snapshot;
}
