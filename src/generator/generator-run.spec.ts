import { ProgressReporter } from '../common/progress-reporter';
import { FinflowGenerator } from './finflow-generator';
import type { GeneratedRow } from './finflow-rows';
import { loadTenants } from './finflow-tenants';
import { batchRows, GENERATOR_PROGRESS_FORMAT, GeneratorProgress, runGenerator } from './generator-run';

const tenants = loadTenants();
const rowsOf = (holders: number, transactions: number) => new FinflowGenerator({ holders, transactions, seed: 1, startMs: Date.parse('2026-01-01T00:00:00Z'), tenants });

/** A writer that records batches, and a fake clock that sleeping moves forward. */
function harness() {
  const batches: GeneratedRow[][] = [];
  let clock = 0;
  const sleeps: number[] = [];
  return {
    batches,
    sleeps,
    writer: { write: async (rows: readonly GeneratedRow[]) => void batches.push([...rows]) },
    now: () => clock,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      clock += ms;
    },
    advance: (ms: number) => (clock += ms),
  };
}

const kinds = (batch: GeneratedRow[]) => batch.map((r) => (r.table === 'accountholders' ? 'h' : r.row.direction[0])).join('');

describe('runGenerator', () => {
  it('writes everything in batches of about 250 rows when no rate is set, without waiting', async () => {
    const h = harness();
    const generator = rowsOf(300, 600);
    const result = await runGenerator({ rows: generator.rows(), totalHolders: 300, totalTransactions: 600, writer: h.writer, now: h.now, sleep: h.sleep });
    expect(result).toMatchObject({ holders: 300, transactions: 600, payments: 300, interrupted: false });
    // 250 rows each, one more where the 250th row is an outbound leg (its inbound twin joins it).
    expect(h.batches.map((b) => b.length)).toEqual([250, 251, 250, 149]);
    expect(h.batches.every((b) => kinds(b).endsWith('h') || kinds(b).endsWith('i'))).toBe(true);
    expect(h.sleeps).toEqual([]);
  });

  it('never ends a batch between the two legs of a payment', async () => {
    const h = harness();
    // Rate 10/s: one-row batches, so every outbound leg would otherwise be alone.
    await runGenerator({ rows: rowsOf(4, 6).rows(), totalHolders: 4, totalTransactions: 6, writer: h.writer, rate: 10, now: h.now, sleep: h.sleep });
    expect(h.batches.map(kinds)).toEqual(['h', 'h', 'oi', 'h', 'oi', 'h', 'oi']);
  });

  it('paces batches to the rate: batch k waits until its rows are due', async () => {
    const h = harness();
    expect(batchRows(100)).toBe(10);
    expect(batchRows(1)).toBe(1);
    expect(batchRows(100000)).toBe(250);
    expect(batchRows(undefined)).toBe(250);
    const result = await runGenerator({ rows: rowsOf(10, 40).rows(), totalHolders: 10, totalTransactions: 40, writer: h.writer, rate: 100, now: h.now, sleep: h.sleep });
    // 50 rows at 100 rows/s in batches of about 10: one tenth of a second apart.
    expect(h.batches.map((b) => b.length).reduce((a, b) => a + b)).toBe(50);
    expect(h.sleeps.every((ms) => ms >= 90 && ms <= 110)).toBe(true);
    expect(result.durationMs).toBeGreaterThanOrEqual(400);
    expect(result.durationMs).toBeLessThanOrEqual(500);
  });

  it('stops after the batch being written when the signal fires; the rows written stay counted', async () => {
    const stop = new AbortController();
    const batches: number[] = [];
    const writer = {
      write: async (rows: readonly GeneratedRow[]) => {
        batches.push(rows.length);
        if (batches.length === 2) stop.abort();
      },
    };
    const result = await runGenerator({ rows: rowsOf(1000, 2000).rows(), totalHolders: 1000, totalTransactions: 2000, writer, signal: stop.signal });
    expect(batches).toHaveLength(2);
    expect(result.interrupted).toBe(true);
    expect(result.holders + result.transactions).toBe(batches[0] + batches[1]);
    expect(result.transactions).toBe(2 * result.payments);
  });

  it('reports a failed batch as a failure, unless the run was being stopped', async () => {
    const failing = { write: async () => Promise.reject(new Error('connection terminated')) };
    await expect(runGenerator({ rows: rowsOf(3, 2).rows(), totalHolders: 3, totalTransactions: 2, writer: failing })).rejects.toThrow('connection terminated');

    const stop = new AbortController();
    const dying = { write: async () => (stop.abort(), Promise.reject(new Error('connection terminated'))) };
    const result = await runGenerator({ rows: rowsOf(3, 2).rows(), totalHolders: 3, totalTransactions: 2, writer: dying, signal: stop.signal });
    expect(result).toMatchObject({ holders: 0, transactions: 0, interrupted: true });
  });

  it('reports progress after every batch', async () => {
    const seen: GeneratorProgress[] = [];
    await runGenerator({ rows: rowsOf(300, 0).rows(), totalHolders: 300, totalTransactions: 0, writer: { write: async () => undefined }, onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.holders)).toEqual([0, 250, 300]);
  });
});

describe('generate progress', () => {
  it('draws a bar of rows written on a terminal and plain lines elsewhere', () => {
    const progress = { holders: 250, transactions: 500, totalHolders: 1000, totalTransactions: 2000 };
    const tty: string[] = [];
    const onTerminal = new ProgressReporter({ isTTY: true, columns: 120, write: (t) => tty.push(t) }, GENERATOR_PROGRESS_FORMAT, () => 1000, 100);
    onTerminal.update(progress);
    onTerminal.finish();
    expect(tty).toEqual([`\r[${'#'.repeat(7)}${'.'.repeat(21)}]  25%  750 / 3,000 rows: 250 / 1,000 account holders, 500 / 2,000 transactions\x1b[K`, '\n']);

    const plain: string[] = [];
    const inLog = new ProgressReporter({ isTTY: false, write: (t) => plain.push(t) }, GENERATOR_PROGRESS_FORMAT, () => 0);
    inLog.update(progress);
    inLog.finish();
    expect(plain).toEqual(['generate progress: 750 / 3,000 rows: 250 / 1,000 account holders, 500 / 2,000 transactions\n']);
  });
});
