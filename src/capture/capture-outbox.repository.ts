import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface CapturedChange {
  id: string;
  entity: 'accountholder' | 'transaction';
  rowId: number;
  op: 'I' | 'U' | 'D';
}

@Injectable()
export class CaptureOutboxRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Whether any change waits that no relay holds. A fifth of the lease's cost on an empty outbox (0.27
   * against 1.33 ms of the embedded database's time), so the relay asks this before it leases.
   */
  async hasWaiting(): Promise<boolean> {
    const [row] = await this.db.query('SELECT EXISTS (SELECT 1 FROM capture_outbox WHERE leased_until IS NULL OR leased_until < clock_timestamp()) AS waiting');
    return row.waiting;
  }

  /**
   * Leases up to `limit` changes, oldest first, that no other relay holds: the lease is the claim, so no
   * transaction stays open while the relay talks to Redis, and a relay that dies lets its lease lapse.
   */
  async lease(limit: number, leaseMs: number): Promise<CapturedChange[]> {
    const rows = await this.db.query(
      `UPDATE capture_outbox SET leased_until = clock_timestamp() + $2 * interval '1 millisecond'
        WHERE id IN (SELECT id FROM capture_outbox
                      WHERE leased_until IS NULL OR leased_until < clock_timestamp()
                      ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id, entity, row_id, op`,
      [limit, leaseMs],
    );
    return (rows[0] as Array<{ id: string | number; entity: CapturedChange['entity']; row_id: number; op: CapturedChange['op'] }>)
      .map((row) => ({ id: String(row.id), entity: row.entity, rowId: row.row_id, op: row.op }))
      .sort((a, b) => Number(a.id) - Number(b.id));
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length) await this.db.query('DELETE FROM capture_outbox WHERE id = ANY($1::bigint[])', [ids]);
  }

  /**
   * Reclaims the space of relayed entries. Every change leaves dead row versions behind (its lease and
   * its delete); the embedded database runs no autovacuum, so without this each lease scanned the dead
   * entries of the whole history: 0.8 ms for an empty outbox after 4,000 changes, growing without bound.
   */
  async vacuum(): Promise<void> {
    await this.db.query('VACUUM capture_outbox');
  }

  async backlog(): Promise<number> {
    return (await this.db.query('SELECT count(*)::int AS n FROM capture_outbox'))[0].n;
  }

  /** Entries not relayed yet (leased ones included: they are gone only once their jobs are queued), per entity type. */
  async backlogByEntity(): Promise<Map<string, number>> {
    const rows: Array<{ entity: string; n: number }> = await this.db.query('SELECT entity, count(*)::int AS n FROM capture_outbox GROUP BY entity');
    return new Map(rows.map((row) => [row.entity, row.n]));
  }
}
