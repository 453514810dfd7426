/**
 * bench:api — GraphQL requests/s and latency of Events(limit: 20) and RecommendedEvents under autocannon
 * against the running service (an api process + 1 worker process, then with a second worker process
 * started beside it, all sharing one database and Redis; each scenario on each database of --database),
 * and what the worker pool adds: a
 * re-embed backfill of every talk with 1 vs 2 workers (jobs/s, how BullMQ split the jobs, where the CPU
 * went), and the reads again while such a backfill runs.
 *
 * Flags: --size quick|full, --scenarios default,one-thread,pinned, --talks N, --users N, --likes N,
 * --connections N, --duration S (per autocannon run), --during-backfill none|recommended|all,
 * --single-connection yes.
 */
import { databaseKinds, intFlag } from '../lib/bench-args';
import { log, runBench } from '../lib/report';
import { measureScenario, ReadName, READS, RunSizes, ScenarioResult, ScenarioSpec } from './api-setup';
import { printReport, targetsOf } from './api-report';

/**
 * The embedded database accepts PGLITE_MAX_CONNECTIONS (default 32) connections from all processes
 * together, and resets the ones beyond. An api process (pool of 10) and two workers (pool of 10 + one
 * LISTEN connection each) already hold 32 under load, so this benchmark's own progress connection would
 * make requests fail with "Connection terminated unexpectedly": the database gets room for them all.
 * Postgres does not read it (the test server allows 300 connections).
 */
const DATABASE_ENV = { PGLITE_MAX_CONNECTIONS: '64' };
/** One inference session of one thread per worker process: two workers use one thread per core. */
const ONE_THREAD = { EMBEDDING_SESSIONS: '1', EMBEDDING_THREADS: '1' };

const SCENARIOS: Record<string, ScenarioSpec> = {
  // As configured by default: each worker process runs one inference session per CPU core.
  default: { label: 'default', env: DATABASE_ENV, singleConnectionReads: true },
  'one-thread': { label: '1 session x 1 thread per worker', env: { ...DATABASE_ENV, ...ONE_THREAD }, idleReads: false, readsDuringBackfill: ['RecommendedEvents'] },
  // One core per worker process, as if each worker had a machine of its own: does the pool scale?
  pinned: { label: 'each worker pinned to its own core', env: { ...DATABASE_ENV, ...ONE_THREAD }, pinWorkers: true, idleReads: false, readsDuringBackfill: [] },
};

function duringReadsFlag(value: string | undefined, full: boolean): ReadName[] {
  if (value === undefined) return full ? READS : ['RecommendedEvents'];
  if (value === 'none') return [];
  if (value === 'all') return READS;
  if (value === 'recommended') return ['RecommendedEvents'];
  throw new Error(`--during-backfill must be none, recommended or all, got "${value}"`);
}

runBench('api', async (args) => {
  const full = args.size === 'full';
  const sizes: RunSizes = {
    talks: intFlag(args, 'talks', full ? 1000 : 300),
    users: intFlag(args, 'users', full ? 16 : 8),
    likesPerUser: intFlag(args, 'likes', 5),
    connections: intFlag(args, 'connections', 10),
    durationS: intFlag(args, 'duration', full ? 15 : 5),
    warmupS: full ? 2 : 1,
    readsDuringBackfill: duringReadsFlag(args.extra['during-backfill'], full),
    singleConnectionReads: full || args.extra['single-connection'] === 'yes',
  };
  const names = (args.extra.scenarios ?? (full ? 'default,one-thread,pinned' : 'default')).split(',');
  for (const name of names) if (!SCENARIOS[name]) throw new Error(`--scenarios: unknown scenario "${name}" (known: ${Object.keys(SCENARIOS).join(', ')})`);
  log(
    `${sizes.talks} talks, ${sizes.users} users x ${sizes.likesPerUser} likes + 1 interest; autocannon ${sizes.connections} connections x ` +
      `${sizes.durationS} s per run; scenarios ${names.join(', ')}`,
  );

  const results: ScenarioResult[] = [];
  for (const name of names) for (const database of databaseKinds(args)) results.push(await measureScenario(SCENARIOS[name], sizes, database));
  printReport(sizes, results);
  return { targets: targetsOf(results), sizes, scenarios: results };
});
