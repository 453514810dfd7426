import type { Client } from 'pg';
import type { CpuMeter } from '../lib/process-cpu';
import { waitFor } from '../../test/helpers/wait-for';
import { log } from '../lib/report';
import { Summary, round, roundSummary, summarize } from '../lib/stats';
import type { JobTimes } from './job-times';
import { sleep, wallClockMs } from './timing';
import { PacedRun, TransactionFeed } from './transaction-feed';

/** Backlog growth (rows/s) a step may show and still count as keeping up: 5% of its rate, at least 2 rows/s. */
const growthAllowance = (rate: number): number => Math.max(2, 0.05 * rate);

export interface BacklogSample {
  /** Seconds since the step started. */
  t: number;
  written: number;
  embedded: number;
  backlog: number;
}

export interface StepResult {
  rate: number;
  achievedRate: number;
  seconds: number;
  rows: number;
  /** Least-squares slope of the backlog over the step, the first quarter left out (rows/s). */
  backlogGrowth: number;
  backlogAtEnd: number;
  maxBacklog: number;
  sustained: boolean;
  /** Rows embedded per second while the step ran. */
  embeddedRate: number;
  /** Seconds until every row of the step was embedded after writing stopped, and the rate of that drain. */
  drainSeconds: number;
  drainRate: number;
  /** Rows of the first seconds, left out of the latencies. */
  warmupSeconds: number;
  latencyMs: Summary;
  /** CPU milliseconds per row of each process, from the start of the step until its rows were embedded. */
  cpuMsPerRow: Record<string, number>;
  /** First and last id of the rows the latencies are of. */
  measuredIds: [number, number];
  insertMs: Summary;
  samples: BacklogSample[];
}

/** Least-squares slope of y over x. */
function slope(points: Array<{ x: number; y: number }>): number {
  if (points.length < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / points.length;
  const my = points.reduce((s, p) => s + p.y, 0) / points.length;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

/**
 * The CDC path as an outside writer sees it: rows INSERTed into `transactions` at a steady rate, each
 * one's latency = its embedding's embedding_timestamp minus the row's created_at (both the database's
 * clock; created_at is the INSERT's transaction time, i.e. its commit to within a millisecond).
 */
export class CdcFreshness {
  constructor(
    private readonly feed: TransactionFeed,
    /** A connection of its own for the backlog and latency queries. */
    private readonly monitor: Client,
    private readonly cpu: CpuMeter,
  ) {}

  private async embeddedSince(firstId: number): Promise<number> {
    return (await this.monitor.query('SELECT count(*)::int AS n FROM transaction_embeddings WHERE row_id >= $1', [firstId])).rows[0].n;
  }

  /** Per-row latencies (ms) of the rows with ids in [firstId, lastId]; rows not embedded are left out. */
  async latencies(firstId: number, lastId: number): Promise<number[]> {
    const result = await this.monitor.query(
      `SELECT (extract(epoch FROM e.embedding_timestamp - t.created_at) * 1000)::float8 AS ms
         FROM transactions t JOIN transaction_embeddings e ON e.row_id = t._id
        WHERE t._id BETWEEN $1 AND $2`,
      [firstId, lastId],
    );
    return result.rows.map((row: { ms: number }) => row.ms);
  }

  /**
   * Single rows, each written after `quietMs` (plus up to `jitterMs`) without writes, so the relay is
   * back at its idle poll (CAPTURE_POLL_INTERVAL_MS) when the row commits: the latency a lone write
   * sees. The jitter (a fixed low-discrepancy sequence) keeps the writes from locking onto the relay's
   * poll phase. Returns the ids and the latencies (ms).
   */
  async lonelyRows(count: number, quietMs: number, jitterMs: number): Promise<{ ids: number[]; latencyMs: Summary }> {
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      await sleep(quietMs + (((i + 1) * 0.6180339887) % 1) * jitterMs);
      const [id] = await this.feed.write(1);
      ids.push(id);
      await waitFor(`row ${id} embedded`, async () => (await this.monitor.query('SELECT 1 FROM transaction_embeddings WHERE row_id = $1', [id])).rowCount === 1, 30000, 5);
    }
    const latencies = await this.latencies(ids[0], ids[ids.length - 1]);
    return { ids, latencyMs: roundSummary(summarize(latencies)) };
  }

  /**
   * Where a row's time goes, per stage (each from the end of the previous one), for the rows in
   * [firstId, lastId] whose embedding job BullMQ still keeps a record of.
   */
  async stages(firstId: number, lastId: number, jobs: Map<number, JobTimes>): Promise<Record<string, Summary>> {
    const result = await this.monitor.query(
      `SELECT t._id AS id, (extract(epoch FROM t.created_at) * 1000)::float8 AS committed,
              (extract(epoch FROM e.embedding_timestamp) * 1000)::float8 AS stored
         FROM transactions t JOIN transaction_embeddings e ON e.row_id = t._id
        WHERE t._id BETWEEN $1 AND $2`,
      [firstId, lastId],
    );
    const stages: Record<string, number[]> = {
      'commit -> job queued (relay)': [],
      'job queued -> picked by worker': [],
      'picked -> embedding stored': [],
      'embedding stored -> job done': [],
    };
    for (const row of result.rows as Array<{ id: number; committed: number; stored: number }>) {
      const job = jobs.get(row.id);
      if (!job) continue;
      stages['commit -> job queued (relay)'].push(job.added - row.committed);
      stages['job queued -> picked by worker'].push(job.processedOn - job.added);
      stages['picked -> embedding stored'].push(row.stored - job.processedOn);
      stages['embedding stored -> job done'].push(job.finishedOn - row.stored);
    }
    return Object.fromEntries(Object.entries(stages).map(([stage, values]) => [stage, roundSummary(summarize(values))]));
  }

  /** Waits until every row from firstId on is embedded; returns the seconds it took. */
  async drain(firstId: number, rows: number, timeoutMs: number): Promise<number> {
    const started = wallClockMs();
    await waitFor(`${rows} captured rows embedded`, async () => (await this.embeddedSince(firstId)) >= rows, timeoutMs, 20);
    return (wallClockMs() - started) / 1000;
  }

  /**
   * Writes at `rate` for `seconds` while sampling the backlog every second, then drains. Latencies leave
   * out the rows of the first `warmupSeconds` (the relay wakes from its idle poll on the first one).
   */
  async step(rate: number, seconds: number, drainTimeoutMs: number, warmupSeconds = 0): Promise<StepResult> {
    const floorId: number = (await this.monitor.query('SELECT coalesce(max(_id), 0)::int AS id FROM transactions')).rows[0].id;
    const samples: BacklogSample[] = [];
    this.cpu.begin();
    let run: PacedRun | undefined;
    const writing = this.feed.paced(rate, seconds).then((r) => (run = r));
    const started = wallClockMs();
    while (!run) {
      await Promise.race([sleep(1000), writing]);
      if (run) break;
      const t = (wallClockMs() - started) / 1000;
      const written: number = (await this.monitor.query('SELECT count(*)::int AS n FROM transactions WHERE _id > $1', [floorId])).rows[0].n;
      const embedded = await this.embeddedSince(floorId + 1);
      samples.push({ t: round(t), written, embedded, backlog: written - embedded });
    }
    const done = run as PacedRun;
    const embeddedAtStop = await this.embeddedSince(done.firstId);
    const backlogAtEnd = done.rows - embeddedAtStop;
    const drainSeconds = await this.drain(done.firstId, done.rows, drainTimeoutMs);
    const cpuMsPerRow = Object.fromEntries(Object.entries(this.cpu.used()).map(([name, seconds]) => [name, round((seconds * 1000) / done.rows)]));
    const measuredFrom = done.firstId + Math.round(rate * warmupSeconds);
    const latencies = await this.latencies(measuredFrom, done.lastId);
    const growth = slope(samples.filter((s) => s.t >= seconds / 4).map((s) => ({ x: s.t, y: s.backlog })));
    return {
      rate,
      achievedRate: round(done.achievedRate),
      seconds,
      rows: done.rows,
      backlogGrowth: round(growth),
      backlogAtEnd,
      maxBacklog: Math.max(backlogAtEnd, ...samples.map((s) => s.backlog)),
      sustained: growth <= growthAllowance(rate),
      embeddedRate: round((embeddedAtStop * 1000) / (done.endedAt - done.startedAt)),
      drainSeconds: round(drainSeconds),
      drainRate: drainSeconds > 0 ? round(backlogAtEnd / drainSeconds) : 0,
      warmupSeconds,
      latencyMs: roundSummary(summarize(latencies)),
      cpuMsPerRow,
      measuredIds: [measuredFrom, done.lastId],
      insertMs: roundSummary(summarize(done.insertMs)),
      samples,
    };
  }

  /**
   * Steps the rate up until a step's backlog keeps growing (or the last rate is reached), then bisects
   * between the last rate that kept up and the first that did not, `refinements` times (to multiples of
   * 5 rows/s). The service drains between steps, so each starts from an empty backlog.
   */
  async findSustainedMaximum(rates: number[], seconds: number, drainTimeoutMs: number, refinements: number): Promise<{ steps: StepResult[]; sustainedMaxRate: number }> {
    const steps: StepResult[] = [];
    const run = async (rate: number): Promise<boolean> => {
      const result = await this.step(rate, seconds, drainTimeoutMs);
      steps.push(result);
      log(
        `CDC step ${rate} rows/s: achieved ${result.achievedRate}, embedded ${result.embeddedRate}/s, backlog growth ${result.backlogGrowth} rows/s ` +
          `(end ${result.backlogAtEnd}), latency p50 ${result.latencyMs.p50} / p95 ${result.latencyMs.p95} ms, drain ${result.drainSeconds} s -> ${result.sustained ? 'keeps up' : 'falls behind'}`,
      );
      return result.sustained;
    };
    let keptUp = 0;
    let fellBehind: number | undefined;
    for (const rate of rates) {
      if (!(await run(rate))) {
        fellBehind = rate;
        break;
      }
      keptUp = rate;
    }
    for (let i = 0; i < refinements && fellBehind !== undefined; i++) {
      const middle = Math.round((keptUp + fellBehind) / 2 / 5) * 5;
      if (middle <= keptUp || middle >= fellBehind) break;
      if (await run(middle)) keptUp = middle;
      else fellBehind = middle;
    }
    return { steps, sustainedMaxRate: keptUp };
  }
}
