/**
 * bench:sweep — what one periodic embedding sweep of captured rows costs: the full scan (every source
 * row hashed and compared with its stored embedding, as every sweep did before) against the
 * changed-only scan (rows stamped by the capture trigger since the last sweep's watermark), on the
 * same account holders, with 0, 100 and 10,000 rows written since the last sweep. Rows and their
 * "current" embeddings are loaded with SQL (generate_series), no model involved; the timed calls are
 * CapturedRows.targets itself. --size full: 1,000,000 rows on PostgreSQL and 100,000 on the embedded
 * database (loading a million 384-dimension vectors there takes too long); quick: 20,000 on both.
 * --rows N sets the size on every database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { ACCOUNT_HOLDER_TABLES } from '../../src/accountholders/accountholder-tables';
import { CapturedRows } from '../../src/capture/captured-rows';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { runMigrations } from '../../src/database/run-migrations';
import { PostgresTestDatabase, type DatabaseKind } from '../../test/helpers/test-database';
import { databaseKinds, intFlag } from '../lib/bench-args';
import { benchPostgresUrl } from '../lib/bench-postgres';
import { log, printTable, runBench } from '../lib/report';
import { round } from '../lib/stats';

const MODEL = 'bench-model';
const TEMPLATE = 'bench-template';
const CHANGED = [0, 100, 10000];

interface SweepRow {
  database: DatabaseKind;
  rows: number;
  changed: number;
  fullMs: number;
  changedOnlyMs: number;
  fullSelected: number;
  changedOnlySelected: number;
  ratio: number;
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { ms: ms(start), value };
}

/** A fresh migrated database of the kind given, and how to get rid of it. */
async function freshDatabase(kind: DatabaseKind): Promise<{ url: string; stop(): Promise<void> }> {
  if (kind === 'embedded') {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'semflow-bench-sweep-'));
    const handle = await startEmbeddedPostgres({ dataDir, maxConnections: 10, log: () => undefined });
    return { url: handle.url, stop: async () => (await handle.stop(), rmSync(dataDir, { recursive: true, force: true })) };
  }
  await benchPostgresUrl();
  const database = await PostgresTestDatabase.create('bench_sweep');
  return { url: database.url(), stop: () => database.drop() };
}

/**
 * n account holders, each with an embedding current for its row (its source hash as the sweep computes
 * it) and a capture stamp from one old transaction, as if all had been written and embedded long ago.
 */
async function load(db: DataSource, n: number): Promise<void> {
  await db.query('DROP INDEX accountholder_embeddings_hnsw'); // not read by a sweep; building it would dominate the load
  await db.query('ALTER TABLE accountholders DISABLE TRIGGER accountholders_capture');
  await db.query(
    `INSERT INTO accountholders (nationalid, firstname, lastname, dob, gender, children, address, accounts, emailaddress, mobilephonenumber)
     SELECT lpad(i::text, 13, '0'), 'First' || i, 'Last' || (i % 37), '1980-01-' || lpad((1 + i % 28)::text, 2, '0'),
            CASE WHEN i % 2 = 0 THEN 'F' ELSE 'M' END, i % 6,
            jsonb_build_object('streetAddress', i || ' Long Street', 'town', 'Town ' || (i % 11), 'country', 'South Africa'),
            jsonb_build_object('bankAccounts', jsonb_build_array(jsonb_build_object('tenantId', 'T' || (i % 7), 'accountId', 'A' || i))),
            'user' || i || '@example.co.za', '+27 82 ' || i
       FROM generate_series(1, $1::int) i`,
    [n],
  );
  await db.query(
    `INSERT INTO accountholder_embeddings (row_id, embedding_vector, embedding_dimensions, embedding_timestamp, embedding_model,
            embedding_template, text_hash, source_hash, truncated, created_at)
     SELECT s._id, v.vector, 384, now(), $1, $2, md5(s._id::text), md5((to_jsonb(s) - '_id' - 'created_at')::text), false, s.created_at
       FROM accountholders s, (SELECT array_fill(0.05::real, ARRAY[384])::vector AS vector) v`,
    [MODEL, TEMPLATE],
  );
  await db.query(`INSERT INTO captured_row_changes (entity, row_id, changed_xid) SELECT 'accountholder', _id, pg_current_xact_id() FROM accountholders`);
  await db.query('ALTER TABLE accountholders ENABLE TRIGGER accountholders_capture');
  await db.query('VACUUM ANALYZE accountholders');
  await db.query('VACUUM ANALYZE accountholder_embeddings');
  await db.query('VACUUM ANALYZE captured_row_changes');
}

/** Writes `changed` rows spread over the table through the capture trigger, as another program would. */
async function writeRows(db: DataSource, n: number, changed: number): Promise<void> {
  if (changed === 0) return;
  const step = Math.floor(n / changed);
  await db.query(`UPDATE accountholders SET children = children + 1 WHERE _id % $1 = 0 AND _id <= $2`, [step, step * changed]);
  await db.query('DELETE FROM capture_outbox');
}

/** The written rows' embeddings made current again, as their jobs would, so the next step starts clean. */
async function embedWritten(db: DataSource): Promise<void> {
  await db.query(
    `UPDATE accountholder_embeddings e SET source_hash = md5((to_jsonb(s) - '_id' - 'created_at')::text)
       FROM accountholders s WHERE s._id = e.row_id AND e.source_hash <> md5((to_jsonb(s) - '_id' - 'created_at')::text)`,
  );
}

async function measure(kind: DatabaseKind, n: number): Promise<SweepRow[]> {
  const database = await freshDatabase(kind);
  const db = await new DataSource(dataSourceOptions({ url: database.url, poolSize: 2, applicationName: 'semflow bench:sweep' })).initialize();
  try {
    await runMigrations(db);
    const rows = new CapturedRows(db, ACCOUNT_HOLDER_TABLES);
    const loaded = await timed(() => load(db, n));
    log(`${kind}: loaded ${n} account holders with current embeddings in ${round(loaded.ms / 1000)} s`);
    await rows.targets('stale', MODEL, TEMPLATE); // one full scan to warm the cache, untimed
    const results: SweepRow[] = [];
    for (const changed of CHANGED.filter((c) => c <= n / 2)) {
      const since = await rows.snapshotXmin(); // the previous sweep's watermark
      await writeRows(db, n, changed);
      const changedOnly = await timed(() => rows.targets('stale', MODEL, TEMPLATE, since));
      const full = await timed(() => rows.targets('stale', MODEL, TEMPLATE));
      if (full.value.length !== changed || changedOnly.value.length !== changed) {
        throw new Error(`${kind}: ${changed} rows written, the full scan selected ${full.value.length} and the changed-only one ${changedOnly.value.length}`);
      }
      results.push({
        database: kind,
        rows: n,
        changed,
        fullMs: round(full.ms),
        changedOnlyMs: round(changedOnly.ms),
        fullSelected: full.value.length,
        changedOnlySelected: changedOnly.value.length,
        ratio: round(full.ms / changedOnly.ms),
      });
      log(`${kind} ${n} rows, ${changed} written: full ${round(full.ms)} ms, changed-only ${round(changedOnly.ms)} ms`);
      await embedWritten(db);
    }
    return results;
  } finally {
    await db.destroy();
    await database.stop();
  }
}

runBench('sweep', async (args) => {
  const fixed = args.extra.rows === undefined ? undefined : intFlag(args, 'rows', 0);
  const sizeOf = (kind: DatabaseKind) => fixed ?? (args.size === 'quick' ? 20000 : kind === 'postgres' ? 1000000 : 100000);
  const results: SweepRow[] = [];
  for (const kind of databaseKinds(args)) results.push(...(await measure(kind, sizeOf(kind))));
  printTable(
    'one sweep scan of account holders: full (before) vs changed-only (after)',
    results.map((r) => ({ ...r })),
  );
  return {
    targets: results.map((r) => ({
      what: `${r.database}, ${r.rows} rows, ${r.changed} written since the last sweep`,
      target: 'changed-only scan faster than the full scan',
      measured: `${r.changedOnlyMs} ms vs ${r.fullMs} ms (${r.ratio}x)`,
      met: r.changedOnlyMs < r.fullMs,
    })),
    sweeps: results,
  };
});
