import { Client } from 'pg';
import type { AppProcess } from './helpers/app-process';
import { testDatabaseKind } from './helpers/test-database';
import { TestService } from './helpers/test-service';

/**
 * The periodic sweep of captured rows is incremental: between full passes (at start and every
 * EMBEDDING_FULL_SWEEP_INTERVAL_MS, a day here) it examines only rows written since its last scan. A
 * row whose outbox entry was lost is still embedded by it, a row nobody wrote is not looked at again,
 * and a row written by a transaction that commits long after sweeps ran is not skipped.
 */
describe('finflow incremental sweep', () => {
  let service: TestService;
  let app: AppProcess;
  let db: Client;

  const insertHolderSql = `INSERT INTO accountholders (nationalid, firstname, lastname, address, accounts)
    VALUES ($1, $2, 'Dlamini', '{"town": "Cape Town"}', '{"bankAccounts": []}') RETURNING _id`;
  /** Writes a holder and loses its outbox entry in the same transaction: only a sweep can find the row. */
  const insertWithoutOutbox = async (client: Client, nationalId: string, firstName: string): Promise<number> => {
    const id = (await client.query(insertHolderSql, [nationalId, firstName])).rows[0]._id as number;
    await client.query(`DELETE FROM capture_outbox WHERE entity = 'accountholder' AND row_id = $1`, [id]);
    return id;
  };
  const embedded = async (id: number) => (await db.query('SELECT 1 FROM accountholder_embeddings WHERE row_id = $1', [id])).rowCount === 1;
  const sourceHashOf = async (id: number) => (await db.query('SELECT source_hash FROM accountholder_embeddings WHERE row_id = $1', [id])).rows[0].source_hash as string;
  const watermark = async () =>
    (await db.query(`SELECT since_xid::text AS xid, swept_at FROM embedding_sweep_watermarks WHERE entity = 'accountholder'`)).rows[0] as
      { xid: string; swept_at: Date } | undefined;
  /** Waits until a sweep has finished after this moment (its watermark's swept_at is later). */
  const sweepsAfter = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const { now } = (await db.query('SELECT now() AS now')).rows[0];
      await service.waitFor('a sweep after now', async () => ((await watermark())?.swept_at ?? new Date(0)) > now, 20000);
    }
  };

  beforeAll(async () => {
    service = await TestService.start('sweep', { CAPTURE_POLL_INTERVAL_MS: '200', EMBEDDING_SWEEP_INTERVAL_MS: '300', EMBEDDING_FULL_SWEEP_INTERVAL_MS: '86400000' });
    app = service.app;
    db = await service.db();
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('embeds a row whose outbox entry was lost, without a full pass', async () => {
    await sweepsAfter(1);
    await db.query('BEGIN');
    const id = await insertWithoutOutbox(db, '840312-0101-081', 'Thandi');
    await db.query('COMMIT');
    expect((await db.query('SELECT count(*)::int AS n FROM capture_outbox')).rows[0].n).toBe(0);
    await service.waitFor('the row embedded by a sweep', () => embedded(id), 30000);
  });

  it('does not examine rows nobody wrote since the last sweep; a stale re-embed request does', async () => {
    const id = (await db.query(insertHolderSql, ['790101-5011-082', 'Pieter'])).rows[0]._id as number;
    await service.waitFor('the row embedded', () => embedded(id), 30000);
    const hash = await sourceHashOf(id);
    // Until a sweep's watermark passes the writing transaction, sweeps still examine the row.
    const { xid } = (await db.query(`SELECT changed_xid::text AS xid FROM captured_row_changes WHERE entity = 'accountholder' AND row_id = $1`, [id])).rows[0];
    await service.waitFor('the watermark past the row', async () => BigInt((await watermark())?.xid ?? 0) > BigInt(xid), 20000);
    // The stored hash no longer matches the row, but the row itself was not written: a full scan treats
    // it as stale (and its job writes the right hash back); changed-only sweeps do not look at it.
    await db.query(`UPDATE accountholder_embeddings SET source_hash = 'not the row' WHERE row_id = $1`, [id]);
    await sweepsAfter(3);
    expect(await sourceHashOf(id)).toBe('not the row');

    const { status } = await app.request('POST', '/admin/embeddings/reembed', { entity: 'accountholder', mode: 'stale' });
    expect(status).toBe(202);
    await service.waitFor('the full scan repaired the hash', async () => (await sourceHashOf(id)) === hash, 30000);
  });

  // The embedded database runs one session: a transaction there holds it until it ends, so no sweep runs
  // meanwhile and there is nothing to commit late against.
  (testDatabaseKind() === 'postgres' ? it : it.skip)('does not skip a row committed by a transaction that stayed open across sweeps', async () => {
    const late = await service.database.connect();
    try {
      await late.query('BEGIN');
      const id = await insertWithoutOutbox(late, '650505-0202-083', 'Sipho');
      const xid = (await late.query('SELECT pg_current_xact_id()::text AS xid')).rows[0].xid as string;
      // Sweeps run and record watermarks while the transaction is open; none passes its xid.
      await sweepsAfter(3);
      const open = await watermark();
      expect(BigInt(open!.xid)).toBeLessThanOrEqual(BigInt(xid));
      // Rows written and committed meanwhile by others are embedded as usual.
      const other = (await db.query(insertHolderSql, ['700707-0303-084', 'Lerato'])).rows[0]._id as number;
      await service.waitFor('the other row embedded', () => embedded(other), 30000);
      await sweepsAfter(1);
      await late.query('COMMIT');
      await service.waitFor('the late row embedded by a sweep', () => embedded(id), 30000);
    } finally {
      await late.end();
    }
  });
});
