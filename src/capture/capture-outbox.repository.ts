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
    return (rows[0] as any[])
      .map((row) => ({ id: String(row.id), entity: row.entity, rowId: row.row_id, op: row.op }))
      .sort((a, b) => Number(a.id) - Number(b.id));
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length) await this.db.query('DELETE FROM capture_outbox WHERE id = ANY($1::bigint[])', [ids]);
  }

  async backlog(): Promise<number> {
    return (await this.db.query('SELECT count(*)::int AS n FROM capture_outbox'))[0].n;
  }
}
