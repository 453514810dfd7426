import type { Client } from 'pg';
import { FinflowGenerator } from '../../src/generator/finflow-generator';
import type { AccountHolderRow, TransactionRow } from '../../src/generator/finflow-rows';
import { loadTenants } from '../../src/generator/finflow-tenants';
import { sleep, wallClockMs } from './timing';

const SEED = 20231026;

type SourceRow = AccountHolderRow | TransactionRow;

/** "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4) RETURNING _id", jsonb for object columns. */
function insertStatement(table: string, rows: SourceRow[]): { sql: string; params: unknown[] } {
  const columns = Object.keys(rows[0]) as Array<keyof SourceRow>;
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    const cells = columns.map((column) => {
      const value = row[column] as unknown;
      params.push(value !== null && typeof value === 'object' ? JSON.stringify(value) : value);
      return `$${params.length}${value !== null && typeof value === 'object' ? '::jsonb' : ''}`;
    });
    return `(${cells.join(', ')})`;
  });
  return { sql: `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')} RETURNING _id`, params };
}

export interface PacedRun {
  rate: number;
  seconds: number;
  /** _id of the first and last row written. */
  firstId: number;
  lastId: number;
  rows: number;
  achievedRate: number;
  /** Wall-clock times of the run's start and end. */
  startedAt: number;
  endedAt: number;
  insertMs: number[];
}

/**
 * Writes generated payments (the data generator's rows, fixed seed) straight into the transactions
 * table with plain multi-row INSERTs, as an outside program would; the service only sees its capture
 * trigger fire. Each INSERT is its own transaction.
 */
export class TransactionFeed {
  private readonly holders: AccountHolderRow[] = [];
  private readonly legs: TransactionRow[] = [];
  private next = 0;

  /** `pool` legs are generated once and written round-robin (each write is a new row with a new _id). */
  constructor(
    private readonly db: Client,
    options: { holders: number; pool: number },
  ) {
    const generator = new FinflowGenerator({
      holders: options.holders,
      transactions: options.pool - (options.pool % 2),
      seed: SEED,
      startMs: Date.UTC(2026, 0, 1),
      tenants: loadTenants(),
    });
    for (const generated of generator.rows()) {
      if (generated.table === 'accountholders') this.holders.push(generated.row);
      else this.legs.push(generated.row);
    }
  }

  /** The payers and payees, written before any payment (their own embeddings are not measured). */
  async writeHolders(): Promise<number> {
    const { sql, params } = insertStatement('accountholders', this.holders);
    await this.db.query(sql, params);
    return this.holders.length;
  }

  /** Writes `count` legs in one INSERT; returns their ids. */
  async write(count: number): Promise<number[]> {
    const rows: TransactionRow[] = [];
    for (let i = 0; i < count; i++) rows.push(this.legs[this.next++ % this.legs.length]);
    const { sql, params } = insertStatement('transactions', rows);
    const result = await this.db.query(sql, params);
    return result.rows.map((row: { _id: number }) => row._id);
  }

  /**
   * Writes `rate` rows a second for `seconds`: every tick (at least `tickMs` apart) writes the rows due
   * by then, so a slow INSERT is caught up by the next one instead of lowering the rate.
   */
  async paced(rate: number, seconds: number, tickMs = 20): Promise<PacedRun> {
    const total = Math.round(rate * seconds);
    const startedAt = wallClockMs();
    const insertMs: number[] = [];
    let written = 0;
    let firstId = Number.NaN;
    let lastId = Number.NaN;
    while (written < total) {
      const elapsed = wallClockMs() - startedAt;
      const due = Math.min(total, Math.floor((rate * elapsed) / 1000) + 1);
      if (due > written) {
        const before = wallClockMs();
        const ids = await this.write(due - written);
        insertMs.push(wallClockMs() - before);
        if (Number.isNaN(firstId)) firstId = ids[0];
        lastId = ids[ids.length - 1];
        written = due;
      }
      const nextDue = startedAt + ((written + 1) * 1000) / rate;
      await sleep(Math.max(tickMs, nextDue - wallClockMs()));
    }
    const endedAt = wallClockMs();
    return { rate, seconds, firstId, lastId, rows: written, achievedRate: (written * 1000) / (endedAt - startedAt), startedAt, endedAt, insertMs };
  }
}
