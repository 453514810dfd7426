import type { DatabaseKind } from '../../test/helpers/test-database';

/**
 * Command-line flags every benchmark takes: `--size quick|full` (quick, the default, finishes in under
 * two minutes; full is the run whose results the README quotes), `--database embedded|postgres|both`
 * (the service's database; both: every measurement on each, side by side in one run) and `--out DIR`
 * for the JSON result.
 */
export type BenchSize = 'quick' | 'full';

export const DATABASE_CHOICES = { embedded: ['embedded'], postgres: ['postgres'], both: ['embedded', 'postgres'] } as const satisfies Record<string, readonly DatabaseKind[]>;
export type DatabaseChoice = keyof typeof DATABASE_CHOICES;

export interface BenchArgs {
  size: BenchSize;
  database: DatabaseChoice;
  outDir: string;
  /** Flags the benchmark defines itself, as given (`--rounds 5` -> { rounds: '5' }). */
  extra: Record<string, string>;
}

export function parseBenchArgs(argv: string[], defaultOutDir: string): BenchArgs {
  const args: BenchArgs = { size: 'quick', database: 'embedded', outDir: defaultOutDir, extra: {} };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (!flag.startsWith('--')) throw new Error(`unexpected argument "${flag}" (flags look like --size full)`);
    const [name, inline] = flag.slice(2).split('=', 2);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    if (name === 'size') {
      if (value !== 'quick' && value !== 'full') throw new Error(`--size must be quick or full, got "${value}"`);
      args.size = value;
    } else if (name === 'database') {
      if (!Object.hasOwn(DATABASE_CHOICES, value)) throw new Error(`--database must be embedded, postgres or both, got "${value}"`);
      args.database = value as DatabaseChoice;
    } else if (name === 'out') {
      args.outDir = value;
    } else {
      args.extra[name] = value;
    }
  }
  return args;
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
