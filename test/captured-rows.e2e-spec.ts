import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { CapturedRows, textHash, type EmbeddingVersion } from '../src/capture/captured-rows';
import { dataSourceOptions } from '../src/database/data-source-options';
import { runMigrations } from '../src/database/run-migrations';
import { TRANSACTION_TABLES } from '../src/transactions/transaction-tables';
import { emptyDatabase } from './helpers/test-database';

/**
 * The captured rows' embedding writes, on the real database: a job that read a row before it changed
 * may finish after the change's own job; its vector, made from the old text, must not replace the new one.
 */
describe('captured rows: embedding writes', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'semflow-captured-rows-'));
  let database: { url: string; stop(): Promise<void> };
  let db: DataSource;
  let rows: CapturedRows;

  beforeAll(async () => {
    database = await emptyDatabase('captured_rows', dataDir);
    db = await new DataSource(dataSourceOptions({ url: database.url, poolSize: 2, applicationName: 'semflow captured rows test' })).initialize();
    await runMigrations(db);
    rows = new CapturedRows(db, TRANSACTION_TABLES);
  }, 120000);

  afterAll(async () => {
    await db?.destroy();
    await database?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const insertLeg = async (memo: string): Promise<number> => {
    const [row] = await db.query(`INSERT INTO transactions (eventid, transactionid, destinationcountry) VALUES ($1, $2, $3) RETURNING _id`, [`event-${memo}`, `tx-${memo}`, memo]);
    return row._id;
  };
  /** What a job holds after reading the row: its version, and a vector that says which text it was. */
  const read = async (rowId: number, marker: number): Promise<{ version: EmbeddingVersion; vector: Float32Array }> => {
    const current = (await rows.current<{ destinationcountry: string }>(rowId))!;
    return {
      version: { model: 'test-model', template: 'informative', sourceHash: current.sourceHash, textHash: textHash(current.row.destinationcountry) },
      vector: new Float32Array(384).fill(marker),
    };
  };
  const stored = async (rowId: number) =>
    (await db.query(`SELECT text_hash, embedding_vector::real[] AS vector FROM transaction_embeddings WHERE row_id = $1`, [rowId]))[0] ?? null;

  it('keeps the newer text vector when the job of the older text finishes last', async () => {
    const rowId = await insertLeg('pacs.008');
    const older = await read(rowId, 0.1);
    await db.query(`UPDATE transactions SET destinationcountry = 'pacs.009' WHERE _id = $1`, [rowId]);
    const newer = await read(rowId, 0.2);
    expect(newer.version.sourceHash).not.toBe(older.version.sourceHash);

    expect(await rows.save(rowId, { vector: newer.vector, truncated: false }, newer.version)).toBe('embedded');
    expect(await rows.save(rowId, { vector: older.vector, truncated: false }, older.version)).toBe('stale');
    const after = await stored(rowId);
    expect(after.text_hash).toBe(textHash('pacs.009'));
    expect(after.vector[0]).toBeCloseTo(0.2, 6);
  });

  it('stores a job that read the row as it still is, and answers gone for a deleted row', async () => {
    const rowId = await insertLeg('camt.054');
    const job = await read(rowId, 0.3);
    expect(await rows.save(rowId, { vector: job.vector, truncated: false }, job.version)).toBe('embedded');
    expect((await stored(rowId)).vector[0]).toBeCloseTo(0.3, 6);

    const deleted = await insertLeg('pain.001');
    const late = await read(deleted, 0.4);
    await db.query('DELETE FROM transactions WHERE _id = $1', [deleted]);
    expect(await rows.save(deleted, { vector: late.vector, truncated: false }, late.version)).toBe('gone');
    expect(await stored(deleted)).toBeNull();
  });

  it('decides each save of one batch by its own row', async () => {
    const [changed, unchanged] = [await insertLeg('batch-a'), await insertLeg('batch-b')];
    const [oldA, b] = [await read(changed, 0.5), await read(unchanged, 0.6)];
    await db.query(`UPDATE transactions SET destinationcountry = 'batch-a2' WHERE _id = $1`, [changed]);
    // Saved in one tick: the batcher writes them in one statement.
    const outcomes = await Promise.all([
      rows.save(changed, { vector: oldA.vector, truncated: false }, oldA.version),
      rows.save(unchanged, { vector: b.vector, truncated: false }, b.version),
    ]);
    expect(outcomes).toEqual(['stale', 'embedded']);
    expect(await stored(changed)).toBeNull();
  });
});
