import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { BenchArgs, benchArgs, benchCommand, benchFlagsOf } from './bench-args';
import { parseCommandLine } from '../../src/cli/command-line';
import { machineInfo, versions } from './environment';
import { repoRoot } from '../../src/common/compiled-path';

export type Cell = string | number | boolean | undefined;

/** Prints rows as an aligned plain-text table (also valid Markdown). */
export function printTable(title: string, rows: Array<Record<string, Cell>>): void {
  if (rows.length === 0) return;
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const text = (cell: Cell): string => (cell === undefined ? '' : String(cell));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((row) => text(row[c]).length)));
  const line = (cells: string[]): string => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  console.log(`\n${title}`);
  console.log(line(columns));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(columns.map((c) => text(row[c]))));
}

export function log(message: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}

export interface BenchResult {
  /** Ratios and pass/fail against the targets: the lines a reader looks for first. */
  targets: Array<{ what: string; target: string; measured: string; met: boolean }>;
  [section: string]: unknown;
}

export const RESULTS_DIR = path.join(repoRoot, 'bench', 'results');

/**
 * Runs one benchmark: parses the flags, records machine and versions, writes
 * bench/results/<name>.json (or --out DIR) and prints the targets. Exit code 1 only when the benchmark
 * itself failed; a missed target is reported, not an error, as timings on shared machines vary.
 */
export function runBench(name: string, body: (args: BenchArgs) => Promise<BenchResult>): void {
  const started = new Date();
  const command = benchCommand(name, benchFlagsOf(name));
  let args: BenchArgs;
  try {
    const line = parseCommandLine(command, process.argv.slice(2));
    if (line.help || line.version) {
      console.log(line.help ? command.usage : `semflow ${command.name}`);
      process.exit(0);
    }
    args = benchArgs(line, RESULTS_DIR);
  } catch (error) {
    console.error(`semflow ${command.name}: ${(error as Error).message}\n${command.usage}`);
    process.exit(2);
  }
  log(`bench:${name} (--size ${args.size}) on ${machineInfo().cpus} CPUs`);
  body(args).then(
    (result) => {
      const durationS = Number(((Date.now() - started.getTime()) / 1000).toFixed(1));
      const file = path.join(args.outDir, `${name}.json`);
      mkdirSync(args.outDir, { recursive: true });
      const document = { name, size: args.size, startedAt: started.toISOString(), durationS, machine: machineInfo(), versions: versions(), ...result };
      writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
      printTable(
        `bench:${name} targets`,
        result.targets.map((t) => ({ what: t.what, target: t.target, measured: t.measured, met: t.met ? 'yes' : 'NO' })),
      );
      log(`bench:${name} finished in ${durationS} s; results in ${path.relative(process.cwd(), file) || file}`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(`bench:${name} failed:`, error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
}
