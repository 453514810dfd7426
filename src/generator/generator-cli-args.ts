import { parseIsoInstant } from '../events/ingest/iso-instant';
import { CommandLine, CommandSpec, flagOption, parseCommandLine, stringOption, UsageError } from '../cli/command-line';

/**
 * Command line of `npm run generate -- --holders N --transactions M [--rate R/s] [--seed S]
 * [--start ISO] [--database-url URL] [--json]`.
 */
export interface GeneratorCliArgs {
  holders: number;
  /** Transaction rows: two legs per payment, so always even. */
  transactions: number;
  /** Rows per second; undefined: as fast as possible. */
  rate?: number;
  seed?: number;
  /** First instant of the simulated clock, Unix milliseconds. */
  startMs?: number;
  databaseUrl?: string;
  json: boolean;
}

/** Without --start, a seeded run starts its clock here, so the seed alone fixes every row. */
export const SEEDED_DEFAULT_START = '2026-01-01T00:00:00Z';
export const MAX_SEED = 4294967295;

export const GENERATE_USAGE = `usage: npm run generate -- --holders N --transactions M [--rate R/s] [--seed S] [--start ISO]
                           [--database-url URL] [--json]

Writes made-up South African account holders and payments straight into the source tables
accountholders and transactions with plain SQL INSERTs, as any other program would (not through the
API), by the rules and weights of the reference generator. A running service captures and embeds them.

  --holders N         account holders to write (0 or more)
  --transactions M    transaction rows to write: M/2 payments, each an outbound leg followed by its
                      mirrored inbound leg (same transactionid, new eventid). M must be even, and
                      M > 0 needs N >= 1
  --rate R/s          rows per second over the whole run, holders and transactions together (R or
                      R/s, decimals allowed), written in small paced batches (about 10 a second).
                      Absent or 0: as fast as the database takes them, 250 rows per INSERT batch
  --seed S            an integer 0..${MAX_SEED}; the same seed (and --start) writes identical rows
                      (all columns but _id and created_at). Default: a random seed, printed in the summary
  --start ISO         the first instant of the simulated clock, with its zone (2026-01-01T00:00:00Z).
                      The clock moves 125 ms per row (the reference's pace) and gives every time field:
                      event times, creation dates, dates of birth, expiry dates, UUIDv7 timestamps.
                      Default: ${SEEDED_DEFAULT_START} with --seed, the current time without
  --database-url URL  the Postgres to write to (default: DATABASE_URL; unset: the embedded database
                      of DATA_DIR, the running service's if one runs there, else one started for the run)
  --json              print the summary as one JSON object instead of text
  --help              print this text (--version: the version)

Account holders are spread over the payments in proportion (at least 2 before the first payment);
a payment's payer and payee are random holders written before it, one bank account each.
Pending migrations are applied first (unless MIGRATIONS_RUN=false). Progress goes to stderr, the
summary (holders, transactions, payments, seed, start, duration, rows/s) to stdout.
Exit codes: 0 done, 1 database problem, 2 usage error, 130 interrupted (SIGINT/SIGTERM stop after the
batch being written; the rows written so far stay).`;

export const GENERATE_COMMAND: CommandSpec = {
  name: 'generate',
  usage: GENERATE_USAGE,
  options: {
    holders: { type: 'string' },
    transactions: { type: 'string' },
    rate: { type: 'string' },
    seed: { type: 'string' },
    start: { type: 'string' },
    'database-url': { type: 'string' },
    json: { type: 'boolean' },
  },
};

function count(option: string, text: string): number {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw new UsageError(`${option} must be a whole number, got ${JSON.stringify(text)}`);
  return Number(text);
}

function rate(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(?:\/s)?$/.exec(text);
  if (!match) throw new UsageError(`--rate must be rows per second like 50/s or 50, got ${JSON.stringify(text)}`);
  return Number(match[1]);
}

function startInstant(text: string): number {
  const instant = parseIsoInstant(text);
  if (!instant) throw new UsageError(`--start must be an ISO-8601 instant with a zone like ${SEEDED_DEFAULT_START}, got ${JSON.stringify(text)}`);
  const ms = Number(instant.micros / 1000n);
  // A later start would put expiry dates (up to 1052 days on) past the years a Date can hold.
  if (ms < 0 || ms > Date.UTC(9990, 0, 1)) throw new UsageError(`--start must lie between 1970 and 9990, got ${JSON.stringify(text)}`);
  return ms;
}

export function generatorArgs(line: CommandLine): GeneratorCliArgs {
  const given = (name: string) => stringOption(line, name);
  const json = flagOption(line, 'json');
  const holdersText = given('holders');
  const transactionsText = given('transactions');
  if (holdersText === undefined) throw new UsageError('--holders is required');
  if (transactionsText === undefined) throw new UsageError('--transactions is required');
  const args: GeneratorCliArgs = { holders: count('--holders', holdersText), transactions: count('--transactions', transactionsText), json };
  if (args.transactions % 2 !== 0) {
    throw new UsageError(`--transactions counts rows, two per payment (an outbound and an inbound leg), so it must be even; got ${args.transactions}`);
  }
  if (args.transactions > 0 && args.holders < 1) throw new UsageError('--transactions needs --holders 1 or more: payments are made between account holders');

  const rateText = given('rate');
  if (rateText !== undefined) args.rate = rate(rateText) || undefined;
  const seedText = given('seed');
  if (seedText !== undefined) {
    args.seed = count('--seed', seedText);
    if (args.seed > MAX_SEED) throw new UsageError(`--seed must be at most ${MAX_SEED}, got ${seedText}`);
  }
  const start = given('start');
  if (start !== undefined) args.startMs = startInstant(start);
  const url = given('database-url');
  if (url !== undefined) {
    if (!/^postgres(ql)?:\/\/.+/.test(url)) throw new UsageError('--database-url must be a postgres:// or postgresql:// URL');
    args.databaseUrl = url;
  }
  return args;
}

export const parseGeneratorArgs = (argv: string[]): GeneratorCliArgs => generatorArgs(parseCommandLine(GENERATE_COMMAND, argv));
