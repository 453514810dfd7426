/**
 * One scenario of the API benchmark, on one running service: talks ingested and embedded, users created;
 * then with 1 worker process and again after a second one was started beside it: reads under
 * autocannon, a re-embed backfill of every talk alone, and the same backfill with reads running.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Client } from 'pg';
import { waitForQueuesDrained } from '../../test/helpers/queues';
import type { DatabaseKind } from '../../test/helpers/test-database';
import { BenchService } from '../lib/bench-service';
import { cpuDelta, cpuSnapshot } from '../lib/process-cpu';
import { log } from '../lib/report';
import { round } from '../lib/stats';
import { createUsers, EVENTS_PAGE, EVENTS_QUERY, RECOMMENDED_PAGE, RECOMMENDED_QUERY, writeTalksFile } from './api-workload';
import { BackfillResult, measureBackfill, watchedProcesses } from './backfill';
import { GraphqlLoadOptions, graphqlLoad, LoadSummary } from './graphql-load';

export type ReadName = 'Events(limit: 20)' | 'RecommendedEvents';
export const READS: ReadName[] = ['Events(limit: 20)', 'RecommendedEvents'];
/** Worker processes of each phase: the service starts with the first, and is scaled out to the next. */
export const WORKER_COUNTS = [1, 2];

export interface ScenarioSpec {
  label: string;
  env: Record<string, string>;
  /** Measure reads with idle workers (default true). */
  idleReads?: boolean;
  /** Which reads to measure while a re-embed runs (default: RunSizes.readsDuringBackfill). */
  readsDuringBackfill?: ReadName[];
  /** Also measure the idle reads with one connection: latency without queueing behind other requests. */
  singleConnectionReads?: boolean;
  /** One core per worker process (see BenchService.pinWorkers). */
  pinWorkers?: boolean;
}

export interface RunSizes {
  talks: number;
  users: number;
  likesPerUser: number;
  connections: number;
  durationS: number;
  warmupS: number;
  readsDuringBackfill: ReadName[];
  /** Run the one-connection reads of the scenarios that have them. */
  singleConnectionReads: boolean;
}

/** A read run and the CPU seconds each process used meanwhile. */
export type ReadResult = LoadSummary & { cpuS: Record<string, number> };

/** The measurements with a given number of worker processes. */
export interface PhaseResult {
  label: string;
  workers: number;
  /** Time to start this phase's service (phase 1) or its added worker. */
  startMs: number;
  reads: Partial<Record<ReadName, ReadResult>>;
  /** The same reads with one connection. */
  singleConnectionReads: Partial<Record<ReadName, ReadResult>>;
  reembed: BackfillResult;
  /** Reads while a re-embed backfill of every talk runs, with that backfill. */
  duringBackfill: Array<{ read: ReadName; load: LoadSummary; backfill: BackfillResult; overlap: number }>;
}

export interface ScenarioResult {
  scenario: ScenarioSpec;
  database: DatabaseKind;
  /** Loading the talks into the service with 1 worker: ingest through the admin API until all are embedded. */
  ingest: BackfillResult;
  phases: PhaseResult[];
  /** Error and warning lines the service's processes logged (the first few of each process). */
  serviceProblems: string[];
}

const LOGGED_PROBLEMS = 5;

/** Warnings and errors from the service's logs: the cause of any failed request is there. */
function serviceProblems(service: BenchService): string[] {
  const processes = [{ name: 'api', p: service.api }, ...service.workers.map((p, i) => ({ name: `worker ${i + 1}`, p }))];
  return processes.flatMap(({ name, p }) =>
    p.output
      .filter((line) => /"level":"(warn|error)"/.test(line))
      .slice(0, LOGGED_PROBLEMS)
      .map((line) => `${name}: ${line.slice(0, 1000)}`),
  );
}

const isTalkList =
  (expected: number) =>
  (rows: unknown[]): string | undefined =>
    Array.isArray(rows) && rows.length === expected ? undefined : `expected ${expected} talks, got ${JSON.stringify(rows).slice(0, 200)}`;

type ReadLoad = Omit<GraphqlLoadOptions, 'title' | 'durationS'>;

function readLoads(service: BenchService, users: string[], sizes: RunSizes): Record<ReadName, ReadLoad> {
  const common = { baseUrl: service.baseUrl, connections: sizes.connections };
  return {
    'Events(limit: 20)': { ...common, field: 'Events', operations: [{ query: EVENTS_QUERY, variables: { limit: EVENTS_PAGE } }], check: isTalkList(EVENTS_PAGE) },
    RecommendedEvents: {
      ...common,
      field: 'RecommendedEvents',
      operations: users.map((userid) => ({ query: RECOMMENDED_QUERY, variables: { userid, limit: RECOMMENDED_PAGE } })),
      // Every user has a profile: an answer of POPULAR talks would mean the profile was not found.
      check: (rows) =>
        isTalkList(RECOMMENDED_PAGE)(rows) ?? (rows.every((r) => (r as { basis: string }).basis === 'PROFILE') ? undefined : 'a recommendation not based on the profile'),
    },
  };
}

/** Fraction of the read window during which the backfill was still running. */
function overlapOf(load: LoadSummary, backfill: BackfillResult, backfillStart: number): number {
  const readStart = Date.parse(load.start);
  const readEnd = Date.parse(load.finish);
  const backfillEnd = backfillStart + backfill.durationMs;
  return round(Math.max(0, Math.min(readEnd, backfillEnd) - Math.max(readStart, backfillStart)) / (readEnd - readStart));
}

/** A read load and the CPU seconds each process used meanwhile. */
async function measureRead(service: BenchService, label: string, options: GraphqlLoadOptions): Promise<ReadResult> {
  const processes = watchedProcesses(service);
  const before = cpuSnapshot(processes);
  const load = await graphqlLoad(options);
  log(`${label}: ${options.title}: ${load.requestsPerSecond} req/s, p50 ${load.latencyMs.p50} ms, p99 ${load.latencyMs.p99} ms, failures ${load.failures}`);
  return { ...load, cpuS: cpuDelta(before, cpuSnapshot(processes)) };
}

interface PhaseContext {
  service: BenchService;
  db: Client;
  scenario: ScenarioSpec;
  sizes: RunSizes;
  loads: Record<ReadName, ReadLoad>;
  talksFile: string;
  timeoutMs: number;
}

async function measurePhase(ctx: PhaseContext, label: string, startMs: number): Promise<PhaseResult> {
  const { service, db, scenario, sizes, loads, talksFile, timeoutMs } = ctx;
  const reads: PhaseResult['reads'] = {};
  const singleConnectionReads: PhaseResult['singleConnectionReads'] = {};
  for (const name of scenario.idleReads === false ? [] : READS) {
    await graphqlLoad({ ...loads[name], title: `${name} warm-up`, durationS: sizes.warmupS });
    reads[name] = await measureRead(service, label, { ...loads[name], title: name, durationS: sizes.durationS });
    // Latency without queueing does not depend on the workers: measured in the first phase only.
    if (scenario.singleConnectionReads && sizes.singleConnectionReads && service.workers.length === WORKER_COUNTS[0]) {
      singleConnectionReads[name] = await measureRead(service, label, { ...loads[name], connections: 1, title: `${name}, 1 connection`, durationS: sizes.durationS });
    }
  }

  const { backfill: reembed } = await measureBackfill(service, db, { kind: 'reembed', talks: sizes.talks, talksFile, timeoutMs });
  log(`${label}: re-embedded ${sizes.talks} talks in ${reembed.durationMs} ms (${reembed.jobsPerSecond}/s), jobs per worker ${reembed.jobSplit.jobsByWorker.join(' / ')}`);

  const duringBackfill: PhaseResult['duringBackfill'] = [];
  // Reads no longer than the backfill alone took: it only slows down under reads, so they overlap.
  const durationS = Math.max(2, Math.min(sizes.durationS, Math.floor(reembed.durationMs / 1000)));
  for (const name of scenario.readsDuringBackfill ?? sizes.readsDuringBackfill) {
    const backfillStart = Date.now();
    const { backfill, alongside } = await measureBackfill(service, db, {
      kind: 'reembed',
      talks: sizes.talks,
      talksFile,
      timeoutMs,
      alongside: () => graphqlLoad({ ...loads[name], title: `${name} during re-embed`, durationS }),
    });
    const load = alongside!;
    const overlap = overlapOf(load, backfill, backfillStart);
    duringBackfill.push({ read: name, load, backfill, overlap });
    log(
      `${label}: ${name} during re-embed: ${load.requestsPerSecond} req/s, p99 ${load.latencyMs.p99} ms (overlap ${Math.round(overlap * 100)}%); ` +
        `re-embed ${backfill.jobsPerSecond}/s`,
    );
  }
  return { label, workers: service.workers.length, startMs, reads, singleConnectionReads, reembed, duringBackfill };
}

export async function measureScenario(scenario: ScenarioSpec, sizes: RunSizes, database: DatabaseKind): Promise<ScenarioResult> {
  const work = mkdtempSync(path.join(tmpdir(), 'semflow-bench-api-'));
  const talksFile = path.join(work, 'talks.jsonl');
  const talkIds = writeTalksFile(talksFile, sizes.talks);
  const timeoutMs = 60000 + sizes.talks * 200;
  const phaseLabel = (workers: number) => `${database}, ${scenario.label}: api + ${workers} worker${workers > 1 ? 's' : ''}`;
  let started = Date.now();
  const service = await BenchService.start({ name: 'api', database, workers: WORKER_COUNTS[0], env: scenario.env }).catch((error: unknown) => {
    rmSync(work, { recursive: true, force: true });
    throw error;
  });
  let startMs = Date.now() - started;
  try {
    log(`${phaseLabel(WORKER_COUNTS[0])}: started in ${startMs} ms`);
    if (scenario.pinWorkers) service.pinWorkers();
    const db = await service.db();
    const { backfill: ingest } = await measureBackfill(service, db, { kind: 'ingest', talks: sizes.talks, talksFile, timeoutMs });
    log(`${phaseLabel(WORKER_COUNTS[0])}: ingested and embedded ${sizes.talks} talks in ${ingest.durationMs} ms (${ingest.jobsPerSecond}/s)`);
    const users = await createUsers(service, talkIds, sizes.users, sizes.likesPerUser);
    await waitForQueuesDrained(service.api, timeoutMs);
    const ctx: PhaseContext = { service, db, scenario, sizes, loads: readLoads(service, users, sizes), talksFile, timeoutMs };

    const phases: PhaseResult[] = [];
    for (const workers of WORKER_COUNTS) {
      if (service.workers.length < workers) {
        started = Date.now();
        while (service.workers.length < workers) await service.addWorker();
        startMs = Date.now() - started;
        if (scenario.pinWorkers) service.pinWorkers();
        log(`${phaseLabel(workers)}: worker added in ${startMs} ms`);
      }
      phases.push(await measurePhase(ctx, phaseLabel(workers), startMs));
    }
    const problems = serviceProblems(service);
    for (const line of problems) log(`${database}, ${scenario.label}: service logged ${line}`);
    return { scenario, database, ingest, phases, serviceProblems: problems };
  } finally {
    await service.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
