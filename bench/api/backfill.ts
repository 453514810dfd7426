/**
 * The workers' part of the API benchmark: a backfill of N talks (an ingest of new talks, or a re-embed
 * of all of them through the admin API), timed from the request until the database holds every new
 * vector, with how BullMQ spread the jobs over the worker processes and where the CPU went.
 */
import type { Client } from 'pg';
import type { BenchService } from '../lib/bench-service';
import { cpuDelta, cpuSnapshot, WatchedProcess } from '../lib/process-cpu';
import { round } from '../lib/stats';
import { JobSplit, JobSplitSampler } from './job-split';

const POLL_MS = 50;

export type BackfillKind = 'ingest' | 'reembed';

export interface BackfillResult {
  kind: BackfillKind;
  talks: number;
  /** From the request to the last vector's commit (database clock). */
  durationMs: number;
  jobsPerSecond: number;
  jobSplit: JobSplit;
  /** CPU seconds per process during the backfill. */
  cpuS: Record<string, number>;
}

/** The service's processes, for CPU accounting; the benchmark itself is the load generator. */
export function watchedProcesses(service: BenchService): WatchedProcess[] {
  const redisPid = service.redis.pid;
  const database = service.databaseProcess();
  return [
    { label: 'api', pid: service.api.child.pid!, childrenLabel: false },
    ...(database ? [database] : []),
    ...service.workers.map((w, i) => ({ label: `worker ${i + 1}`, pid: w.child.pid! })),
    ...(redisPid ? [{ label: 'redis', pid: redisPid }] : []),
    { label: 'load generator', pid: process.pid, childrenLabel: false as const },
  ];
}

async function startBackfill(service: BenchService, kind: BackfillKind, talksFile: string): Promise<void> {
  const { status, body } =
    kind === 'ingest'
      ? await service.api.request('POST', '/admin/events/reingest', { source: talksFile })
      : await service.api.request('POST', '/admin/embeddings/reembed', { entity: 'event', mode: 'all' });
  if (status !== (kind === 'ingest' ? 200 : 202)) throw new Error(`${kind} answered ${status}: ${JSON.stringify(body)}`);
}

/**
 * Runs one backfill; `alongside` (e.g. a read load) starts right after the request was sent and is
 * awaited too. Every talk's embedded_at moves past the start once its new vector is stored.
 */
export async function measureBackfill<T>(
  service: BenchService,
  db: Client,
  options: { kind: BackfillKind; talks: number; talksFile: string; timeoutMs: number; alongside?: () => Promise<T> },
): Promise<{ backfill: BackfillResult; alongside?: T }> {
  const processes = watchedProcesses(service);
  const { rows } = await db.query<{ t: Date }>('SELECT clock_timestamp() AS t');
  const startedAt = rows[0].t;
  const cpuBefore = cpuSnapshot(processes);
  const sampler = JobSplitSampler.start(service.redis.url, 'semflow:events', 'embed-event');
  let alongside: Promise<T> | undefined;
  try {
    const request = startBackfill(service, options.kind, options.talksFile);
    alongside = options.alongside?.();
    await request;
    const deadline = Date.now() + options.timeoutMs;
    let last: Date | undefined;
    for (;;) {
      const { rows: progress } = await db.query<{ done: string; last: Date | null }>('SELECT count(*) AS done, max(embedded_at) AS last FROM events WHERE embedded_at >= $1', [
        startedAt,
      ]);
      if (Number(progress[0].done) >= options.talks) {
        last = progress[0].last!;
        break;
      }
      if (Date.now() > deadline) throw new Error(`${options.kind} backfill: ${progress[0].done} of ${options.talks} talks embedded after ${options.timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    const cpuS = cpuDelta(cpuBefore, cpuSnapshot(processes));
    const jobSplit = await sampler.stop();
    const durationMs = last.getTime() - startedAt.getTime();
    return {
      backfill: { kind: options.kind, talks: options.talks, durationMs, jobsPerSecond: round((options.talks * 1000) / durationMs), jobSplit, cpuS },
      alongside: alongside ? await alongside : undefined,
    };
  } finally {
    await sampler.stop();
    await alongside?.catch(() => undefined);
  }
}
