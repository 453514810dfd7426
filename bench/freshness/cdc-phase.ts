import { availableParallelism } from 'node:os';
import { waitFor } from '../../test/helpers/wait-for';
import type { BenchService } from '../lib/bench-service';
import { CpuMeter } from '../lib/process-cpu';
import { log, printTable } from '../lib/report';
import { round } from '../lib/stats';
import { CdcFreshness } from './cdc-freshness';
import { completedJobTimes } from './job-times';
import { TransactionFeed } from './transaction-feed';

/** The rate of the CDC latency target, and the target. */
export const CDC_TARGET_RATE = 50;
const CDC_P95_TARGET_MS = 100;
const RATE_STEP = 50;
/** Payers and payees, written (and embedded) before any payment. */
const HOLDERS = 40;
/** Payment legs generated once and written round-robin. */
const LEG_POOL = 2000;
/** Quiet time before each single row (the relay's poll backs off to CAPTURE_POLL_INTERVAL_MS within 0.7 s), plus a jitter. */
const LONELY_QUIET_MS = 1500;
const LONELY_JITTER_MS = 1000;

/**
 * Rows per second this machine's cores could carry at the CPU each row took (all processes together,
 * as if nothing else ran): a ceiling that does not depend on what else runs meanwhile.
 */
function cpuBoundRate(cpuMsPerRow: Record<string, number>): number {
  const total = Object.values(cpuMsPerRow).reduce((sum, ms) => sum + ms, 0);
  return total > 0 ? round((availableParallelism() * 1000) / total) : Number.NaN;
}

export interface CdcOptions {
  steadyRate: number;
  steadySeconds: number;
  warmupSeconds: number;
  stepSeconds: number;
  maxRate: number;
  refinements: number;
  lonelyRows: number;
}

/**
 * The CDC part of bench:freshness: single rows after a quiet spell, a steady stream at the target rate,
 * then rate steps to the sustained maximum. Prints its tables; returns its results and targets.
 */
export async function measureCdc(service: BenchService, options: CdcOptions) {
  const writer = await service.db();
  const monitor = await service.db();
  const feed = new TransactionFeed(writer, { holders: HOLDERS, pool: LEG_POOL });
  const holders = await feed.writeHolders();
  await waitFor('account holders embedded', async () => (await monitor.query('SELECT count(*)::int AS n FROM accountholder_embeddings')).rows[0].n >= holders, 60000, 50);
  const databaseProcess = service.databaseProcess();
  const cpu = new CpuMeter([
    { label: 'service', pid: service.api.child.pid!, childrenLabel: false },
    ...(databaseProcess ? [databaseProcess] : []),
    { label: 'redis', pid: service.redis.pid!, childrenLabel: false },
  ]);
  const cdc = new CdcFreshness(feed, monitor, cpu);
  const jobTimes = () => completedJobTimes(service, 'transactions', (data) => data?.rowId as number | undefined);

  const lonely = await cdc.lonelyRows(options.lonelyRows, LONELY_QUIET_MS, LONELY_JITTER_MS);
  const lonelyStages = await cdc.stages(lonely.ids[0], lonely.ids[lonely.ids.length - 1], await jobTimes());
  log(`CDC single rows after ${LONELY_QUIET_MS}-${LONELY_QUIET_MS + LONELY_JITTER_MS} ms of quiet: latency p50 ${lonely.latencyMs.p50} / max ${lonely.latencyMs.max} ms`);

  const { steadyRate, warmupSeconds } = options;
  const steady = await cdc.step(steadyRate, options.steadySeconds + warmupSeconds, 60000, warmupSeconds);
  const steadyStages = await cdc.stages(...steady.measuredIds, await jobTimes());
  log(`CDC at ${steadyRate} rows/s: latency p50 ${steady.latencyMs.p50} / p95 ${steady.latencyMs.p95} / p99 ${steady.latencyMs.p99} ms`);

  const rates: number[] = [];
  for (let rate = RATE_STEP; rate <= options.maxRate; rate += RATE_STEP) rates.push(rate);
  const stepped = await cdc.findSustainedMaximum(rates, options.stepSeconds, 120000, options.refinements);

  printTable(`CDC: INSERT commit -> embedding stored, ${steadyRate} rows/s for ${options.steadySeconds} s (ms)`, [
    { what: `latency (first ${warmupSeconds} s left out)`, ...steady.latencyMs },
    ...Object.entries(steadyStages).map(([stage, summary]) => ({ what: `  stage: ${stage}`, ...summary })),
    { what: 'writer INSERT round trip', ...steady.insertMs },
  ]);
  printTable(`CDC: single rows, each after ${LONELY_QUIET_MS}-${LONELY_QUIET_MS + LONELY_JITTER_MS} ms without writes (the relay back at its idle poll) (ms)`, [
    { what: 'latency', ...lonely.latencyMs },
    ...Object.entries(lonelyStages).map(([stage, summary]) => ({ what: `  stage: ${stage}`, ...summary })),
  ]);
  printTable(
    `CDC rate steps (${options.stepSeconds} s each, drained between; after the first that falls behind, bisected ${options.refinements} times)`,
    stepped.steps.map((s) => ({
      'rows/s asked': s.rate,
      achieved: s.achievedRate,
      'embedded/s': s.embeddedRate,
      'backlog growth/s': s.backlogGrowth,
      'backlog at end': s.backlogAtEnd,
      'latency p50 ms': s.latencyMs.p50,
      'latency p95 ms': s.latencyMs.p95,
      'drain s': s.drainSeconds,
      'CPU ms/row (service, db, redis)': `${s.cpuMsPerRow.service}, ${s.cpuMsPerRow.database ?? 'n/a'}, ${s.cpuMsPerRow.redis}`,
      'rows/s the CPUs allow': cpuBoundRate(s.cpuMsPerRow),
      'keeps up': s.sustained ? 'yes' : 'no',
    })),
  );
  return {
    result: {
      holders,
      legPool: LEG_POOL,
      lonely: { rows: options.lonelyRows, quietMs: [LONELY_QUIET_MS, LONELY_QUIET_MS + LONELY_JITTER_MS], latencyMs: lonely.latencyMs, stagesMs: lonelyStages },
      steady,
      steadyStages,
      stepSeconds: options.stepSeconds,
      steps: stepped.steps,
      sustainedMaxRate: stepped.sustainedMaxRate,
    },
    targets: [
      {
        what: `CDC insert -> embedded, p95 at ${steadyRate} rows/s`,
        target: `<= ${CDC_P95_TARGET_MS} ms`,
        measured: `${steady.latencyMs.p95} ms (p50 ${steady.latencyMs.p50}, p99 ${steady.latencyMs.p99})`,
        met: steadyRate >= CDC_TARGET_RATE && steady.latencyMs.p95 <= CDC_P95_TARGET_MS,
      },
      {
        what: 'CDC sustained maximum rate (backlog not growing)',
        target: `report; >= ${CDC_TARGET_RATE} rows/s`,
        measured: `${stepped.sustainedMaxRate} rows/s`,
        met: stepped.sustainedMaxRate >= CDC_TARGET_RATE,
      },
    ],
  };
}
