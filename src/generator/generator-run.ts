import type { ProgressFormat } from '../common/progress-reporter';
import type { GeneratedRow } from './finflow-rows';

/** Rows per INSERT batch when no rate is set: large enough to amortise round trips, small enough to stop promptly. */
export const UNTHROTTLED_BATCH_ROWS = 250;
/** With a rate, batches are sized so that about this many are written per second: a smooth flow. */
const PACED_BATCHES_PER_SECOND = 10;

export interface RowWriter {
  write(rows: readonly GeneratedRow[]): Promise<void>;
}

export interface GeneratorProgress {
  holders: number;
  transactions: number;
  totalHolders: number;
  totalTransactions: number;
}

export interface GeneratorRunOptions {
  /** The rows in write order (FinflowGenerator.rows()). */
  rows: Iterable<GeneratedRow>;
  totalHolders: number;
  totalTransactions: number;
  writer: RowWriter;
  /** Rows per second over the whole run; undefined or 0: as fast as the database takes them. */
  rate?: number;
  /** Stops the run after the batch being written. */
  signal?: AbortSignal;
  onProgress?: (progress: GeneratorProgress) => void;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface GeneratorRunResult {
  holders: number;
  transactions: number;
  /** Payments written whole (both legs). */
  payments: number;
  interrupted: boolean;
  durationMs: number;
}

/** Resolves after `ms`, or at once when the signal fires. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

export function batchRows(rate: number | undefined): number {
  if (!rate) return UNTHROTTLED_BATCH_ROWS;
  return Math.min(UNTHROTTLED_BATCH_ROWS, Math.max(1, Math.round(rate / PACED_BATCHES_PER_SECOND)));
}

/**
 * The next batch: up to `size` rows, extended by one when it would end between an outbound leg and
 * its inbound twin, so that a stopped run never leaves a payment with one leg.
 */
function nextBatch(rows: Iterator<GeneratedRow>, size: number): GeneratedRow[] {
  const batch: GeneratedRow[] = [];
  for (;;) {
    const last = batch[batch.length - 1];
    const openPayment = last?.table === 'transactions' && last.row.direction === 'outbound';
    if (batch.length >= size && !openPayment) return batch;
    const next = rows.next();
    if (next.done) return batch;
    batch.push(next.value);
  }
}

/**
 * Writes the rows in batches, paced to the rate: batch k starts no earlier than (rows before it) / rate
 * seconds after the first, so the run keeps the rate on average without bursts.
 */
export async function runGenerator(options: GeneratorRunOptions): Promise<GeneratorRunResult> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  const size = batchRows(options.rate);
  const rows = options.rows[Symbol.iterator]();
  const result: GeneratorRunResult = { holders: 0, transactions: 0, payments: 0, interrupted: false, durationMs: 0 };
  const report = () =>
    options.onProgress?.({
      holders: result.holders,
      transactions: result.transactions,
      totalHolders: options.totalHolders,
      totalTransactions: options.totalTransactions,
    });
  const started = now();
  report();

  for (;;) {
    if (options.signal?.aborted) {
      result.interrupted = true;
      break;
    }
    const written = result.holders + result.transactions;
    if (options.rate) {
      const due = started + (written * 1000) / options.rate;
      if (due > now()) await sleep(due - now(), options.signal);
      if (options.signal?.aborted) {
        result.interrupted = true;
        break;
      }
    }
    const batch = nextBatch(rows, size);
    if (batch.length === 0) break;
    try {
      await options.writer.write(batch);
    } catch (error) {
      // Ctrl-C reaches a database this command started too, and it may close under the batch: that
      // batch is rolled back, and the run ends as interrupted with the rows written before it.
      if (options.signal?.aborted) {
        result.interrupted = true;
        break;
      }
      throw error;
    }
    for (const generated of batch) {
      if (generated.table === 'accountholders') result.holders++;
      else {
        result.transactions++;
        if (generated.row.direction === 'inbound') result.payments++;
      }
    }
    report();
  }
  result.durationMs = now() - started;
  return result;
}

const count = (n: number) => n.toLocaleString('en-US');

/** The generate command's wording of progress: rows written of all, and per table. */
export const GENERATOR_PROGRESS_FORMAT: ProgressFormat<GeneratorProgress> = {
  label: 'generate progress',
  describe: (p) =>
    `${count(p.holders + p.transactions)} / ${count(p.totalHolders + p.totalTransactions)} rows: ` +
    `${count(p.holders)} / ${count(p.totalHolders)} account holders, ${count(p.transactions)} / ${count(p.totalTransactions)} transactions`,
  fraction: (p) => {
    const total = p.totalHolders + p.totalTransactions;
    return total === 0 ? null : (p.holders + p.transactions) / total;
  },
};
