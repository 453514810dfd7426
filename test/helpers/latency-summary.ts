import { summarize } from '../../bench/lib/stats';

/** Requests by operation: how many, how many failed (by code), and latency percentiles. */
export class LatencySummary {
  private readonly byOperation = new Map<string, { ms: number[]; errors: Record<string, number> }>();

  record(operation: string, ms: number, code?: string): void {
    if (!this.byOperation.has(operation)) this.byOperation.set(operation, { ms: [], errors: {} });
    const entry = this.byOperation.get(operation)!;
    entry.ms.push(ms);
    if (code) entry.errors[code] = (entry.errors[code] ?? 0) + 1;
  }

  get requests(): number {
    return [...this.byOperation.values()].reduce((n, entry) => n + entry.ms.length, 0);
  }

  /** Failed requests of every operation, by code. */
  get errors(): Record<string, number> {
    const all: Record<string, number> = {};
    for (const { errors } of this.byOperation.values()) for (const [code, n] of Object.entries(errors)) all[code] = (all[code] ?? 0) + n;
    return all;
  }

  /** One line per operation and one for all, for a test's printed summary. */
  table(seconds: number): string[] {
    const line = (name: string, ms: number[], errors: number) => {
      const { n, p50, p99, max } = summarize(ms);
      return (
        `  ${name.padEnd(24)} ${String(n).padStart(7)} ${(n / seconds).toFixed(1).padStart(8)} ${String(errors).padStart(6)}` +
        ` ${p50.toFixed(1).padStart(8)} ${p99.toFixed(1).padStart(8)} ${max.toFixed(1).padStart(8)}`
      );
    };
    const header = `  ${'operation'.padEnd(24)} ${'requests'.padStart(7)} ${'req/s'.padStart(8)} ${'errors'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)}`;
    const rows = [...this.byOperation].sort(([a], [b]) => a.localeCompare(b));
    const count = (errors: Record<string, number>) => Object.values(errors).reduce((n, e) => n + e, 0);
    const all = rows.flatMap(([, entry]) => entry.ms);
    return [header, ...rows.map(([name, entry]) => line(name, entry.ms, count(entry.errors))), line('all', all, count(this.errors))];
  }
}
