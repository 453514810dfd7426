/** What one generate run wrote. */
export interface GeneratorSummary {
  holders: number;
  transactions: number;
  /** Payments written whole: transactions / 2. */
  payments: number;
  requested: { holders: number; transactions: number };
  /** The seed the run used (given, or drawn); with `start` it reproduces the run. */
  seed: number;
  /** First instant of the simulated clock (ISO-8601, UTC). */
  start: string;
  /** Rows per second asked for; null: as fast as possible. */
  rate: number | null;
  /** From the first batch to the last one written (database start and migrations not included). */
  durationMs: number;
  rowsPerSecond: number;
  /** Stopped by SIGINT/SIGTERM before every requested row was written. */
  interrupted: boolean;
}

const pad = (n: number) => String(n).padStart(9);

/** The summary for a person. */
export function formatGeneratorSummary(s: GeneratorSummary): string {
  return [
    `${s.interrupted ? 'interrupted after writing' : 'wrote'} ${s.holders + s.transactions} rows in ${(s.durationMs / 1000).toFixed(1)} s (${s.rowsPerSecond} rows/s${s.rate ? `, rate ${s.rate}/s` : ''})`,
    `  account holders ${pad(s.holders)}${s.interrupted ? ` of ${s.requested.holders}` : ''}`,
    `  transactions    ${pad(s.transactions)}${s.interrupted ? ` of ${s.requested.transactions}` : ''}`,
    `  payments        ${pad(s.payments)}`,
    `  seed            ${pad(s.seed)}`,
    `  start           ${s.start}`,
    `reproduce with: --seed ${s.seed} --start ${s.start}`,
  ].join('\n');
}
