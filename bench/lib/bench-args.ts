import { CommandLine, CommandSpec, parseCommandLine, UsageError } from '../../src/cli/command-line';
import type { DatabaseKind } from '../../test/helpers/test-database';

/**
 * Command-line flags every benchmark takes: `--size quick|full` (quick, the default, finishes in under
 * two minutes; full is the run whose results the README quotes), `--database embedded|postgres|both`
 * (the service's database; both: every measurement on each, side by side in one run) and `--out DIR`
 * for the JSON result; then the flags of the benchmark itself (BENCH_FLAGS), all `--name value`.
 */
export type BenchSize = 'quick' | 'full';

export const DATABASE_CHOICES = { embedded: ['embedded'], postgres: ['postgres'], both: ['embedded', 'postgres'] } as const satisfies Record<string, readonly DatabaseKind[]>;
export type DatabaseChoice = keyof typeof DATABASE_CHOICES;

/** The flags of each benchmark beyond the common ones. */
export const BENCH_FLAGS = {
  embed: ['texts', 'rounds', 'tried'],
  pipeline: ['transactions', 'engine-sample', 'service-env'],
  query: ['vectors', 'queries', 'ef-search', 'ef-search-text', 'tune-build', 'tune-search'],
  freshness: ['phases', 'talks', 'likes', 'interests', 'poll-gap-ms', 'steady-rate', 'steady-seconds', 'step-seconds', 'max-rate', 'refinements', 'lonely-rows', 'service-env'],
  api: ['talks', 'users', 'likes', 'connections', 'duration', 'during-backfill', 'single-connection', 'scenarios'],
  sweep: ['rows'],
  tokenizer: ['texts', 'rounds'],
} as const satisfies Record<string, readonly string[]>;

export const COMMON_FLAGS = ['size', 'database', 'out'] as const;

export interface BenchArgs {
  size: BenchSize;
  database: DatabaseChoice;
  outDir: string;
  /** Flags the benchmark defines itself, as given (`--rounds 5` -> { rounds: '5' }). */
  extra: Record<string, string>;
}

export function benchCommand(name: string, flags: readonly string[]): CommandSpec {
  const own = flags.length ? `\n\nflags of this benchmark: ${flags.map((f) => `--${f} VALUE`).join(', ')}` : '';
  // The summary of every benchmark (bench/all.ts) is `npm run bench`.
  const script = name === 'summary' ? 'bench' : `bench:${name}`;
  return {
    name: script,
    usage: `usage: npm run ${script} -- [--size quick|full] [--database embedded|postgres|both] [--out DIR]${own}`,
    options: Object.fromEntries([...COMMON_FLAGS, ...flags].map((flag) => [flag, { type: 'string' as const }])),
  };
}

/** The flags of a benchmark; the summary run (bench/all.ts) takes every benchmark's. */
export function benchFlagsOf(name: string): readonly string[] {
  if (Object.hasOwn(BENCH_FLAGS, name)) return BENCH_FLAGS[name as keyof typeof BENCH_FLAGS];
  return [...new Set(Object.values(BENCH_FLAGS).flat())];
}

export function benchArgs({ values }: CommandLine, defaultOutDir: string): BenchArgs {
  const args: BenchArgs = { size: 'quick', database: 'embedded', outDir: defaultOutDir, extra: {} };
  for (const [name, value] of Object.entries(values)) {
    if (typeof value !== 'string') continue;
    if (name === 'size') {
      if (value !== 'quick' && value !== 'full') throw new UsageError(`--size must be quick or full, got "${value}"`);
      args.size = value;
    } else if (name === 'database') {
      if (!Object.hasOwn(DATABASE_CHOICES, value)) throw new UsageError(`--database must be embedded, postgres or both, got "${value}"`);
      args.database = value as DatabaseChoice;
    } else if (name === 'out') {
      args.outDir = value;
    } else {
      args.extra[name] = value;
    }
  }
  return args;
}

export const parseBenchArgs = (argv: string[], defaultOutDir: string, flags: readonly string[] = []): BenchArgs =>
  benchArgs(parseCommandLine(benchCommand('bench', flags), argv), defaultOutDir);

/** The command line that runs one benchmark with the flags of a summary run that concern it. */
export function benchArgvFor(name: keyof typeof BENCH_FLAGS, args: BenchArgs): string[] {
  const own: readonly string[] = BENCH_FLAGS[name];
  const extra = Object.entries(args.extra).filter(([flag]) => own.includes(flag));
  return ['--size', args.size, '--database', args.database, '--out', args.outDir, ...extra.flatMap(([flag, value]) => [`--${flag}`, value])];
}

/** The databases to measure on, in the order they are run and printed. */
export function databaseKinds(args: BenchArgs): DatabaseKind[] {
  return [...DATABASE_CHOICES[args.database]];
}

/** A positive integer flag, or its default. */
export function intFlag(args: BenchArgs, name: string, fallback: number): number {
  const raw = args.extra[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, got "${raw}"`);
  return value;
}
