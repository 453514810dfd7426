/**
 * bench:pipeline — rows written into the finflow source tables by the data generator, until every row's
 * vector is stored, against the embedding engine's raw throughput on the same texts measured in the same
 * run (once before the pipeline and once after, averaged), on each database of --database. Where the
 * time goes comes from the CPU used by each process (service, database, Redis) and the engine's own
 * counters.
 */
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Client } from 'pg';
import { AccountHolderTextInput, accountHolderText } from '../../src/accountholders/accountholder-text';
import { ACCOUNT_HOLDER_TABLES } from '../../src/accountholders/accountholder-tables';
import { loadConfig } from '../../src/config/load-config';
import { createEmbedder } from '../../src/embedding/embedder-factory';
import type { OnnxEmbedderStats } from '../../src/embedding/onnx/onnx-embedder';
import { TransactionTextInput, transactionText } from '../../src/transactions/transaction-text';
import { TRANSACTION_TABLES } from '../../src/transactions/transaction-tables';
import { runCli } from '../../test/helpers/run-cli';
import { waitFor } from '../../test/helpers/wait-for';
import { databaseKinds, intFlag } from '../lib/bench-args';
import { BenchService } from '../lib/bench-service';
import { CpuMeter } from '../lib/process-cpu';
import { log, printTable, runBench } from '../lib/report';
import { round } from '../lib/stats';
import type { DatabaseKind } from '../../test/helpers/test-database';

const TARGET_RATIO = 0.9;
const SEED = 20231023;

interface EntityStatus {
  entity: string;
  rows: number;
  embedded: number;
  pending: number;
  failed: number;
}

interface PipelineRun {
  database: DatabaseKind;
  transactions: number;
  holders: number;
  rows: number;
  generatorSeconds: number;
  seconds: number;
  rowsPerSecond: number;
  engineBefore: number;
  engineAfter: number;
  engineRowsPerSecond: number;
  engineCpuMsPerText: number;
  ratio: number;
  /** Per process; no database entry when its processes cannot be seen from here. */
  cpuSeconds: Record<string, number>;
  engine: Partial<OnnxEmbedderStats>;
}

/** Every row's text as the service renders it with its default templates, read from the database. */
async function renderedTexts(db: Client): Promise<string[]> {
  const config = loadConfig({});
  const select = (table: string, json: string[]) => `SELECT s.*, ${json.map((c) => `s.${c}::text AS ${c}`).join(', ')} FROM ${table} s ORDER BY s._id`;
  const holders = (await db.query(select(ACCOUNT_HOLDER_TABLES.sourceTable, ACCOUNT_HOLDER_TABLES.jsonColumns))).rows as AccountHolderTextInput[];
  const legs = (await db.query(select(TRANSACTION_TABLES.sourceTable, TRANSACTION_TABLES.jsonColumns))).rows as TransactionTextInput[];
  return [...holders.map((row) => accountHolderText(row, config.ACCOUNTHOLDER_TEXT_TEMPLATE)), ...legs.map((row) => transactionText(row, config.TRANSACTION_TEXT_TEMPLATE))];
}

/** Evenly spaced texts, so a sample has the mix of the whole. */
function sample(texts: string[], size: number): string[] {
  if (texts.length <= size) return texts;
  return Array.from({ length: size }, (_, i) => texts[Math.floor((i * texts.length) / size)]);
}

interface EngineSide {
  textsPerSecond: number;
  /** Process CPU (all threads) per text: inference, tokenising, pooling and the engine's own messaging. */
  cpuMsPerText: number;
}

/** The engine as the service builds it, fed the way the worker feeds it (concurrent jobs of one row). */
async function engineRun(texts: string[]): Promise<EngineSide> {
  const config = loadConfig({ ...BenchService.DEFAULT_ENV });
  const embedder = await createEmbedder(config.EMBEDDING_MODEL, config);
  try {
    await embedder.embed(texts.slice(0, 16));
    const cpuBefore = process.cpuUsage();
    const start = performance.now();
    const concurrency = config.WORKER_CONCURRENCY;
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < texts.length) await embedder.embed([texts[next++]]);
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    return { textsPerSecond: texts.length / seconds, cpuMsPerText: (cpu.user + cpu.system) / 1000 / texts.length };
  } finally {
    await embedder.close();
  }
}

async function embeddingStatus(service: BenchService): Promise<EntityStatus[]> {
  const { status, body } = await service.api.request('GET', '/admin/embeddings/status');
  if (status !== 200) throw new Error(`GET /admin/embeddings/status answered ${status}`);
  return body as EntityStatus[];
}

async function pipelineIdle(service: BenchService, db: Client): Promise<boolean> {
  const [outbox] = (await db.query('SELECT count(*)::int AS n FROM capture_outbox')).rows;
  if (outbox.n > 0) return false;
  const { body } = await service.api.request('GET', '/admin/queues');
  return (body as Array<{ waiting: number; active: number; delayed: number }>).every((q) => q.waiting + q.active + q.delayed === 0);
}

async function engineStats(service: BenchService): Promise<OnnxEmbedderStats | undefined> {
  const { body } = await service.api.request('GET', '/admin/embeddings/engine');
  return (body as OnnxEmbedderStats[]).find((s) => s.model === BenchService.DEFAULT_ENV.EMBEDDING_MODEL);
}

async function runPipeline(database: DatabaseKind, transactions: number, engineSample: number, env: Record<string, string>): Promise<PipelineRun> {
  const holders = Math.max(10, Math.round(transactions / 10));
  const service = await BenchService.start({ name: 'pipeline', database, env: { EMBEDDING_SWEEP_INTERVAL_MS: '3600000', ...env } });
  let texts: string[];
  let run: Omit<PipelineRun, keyof Awaited<ReturnType<typeof engineSide>>>;
  try {
    const databaseProcess = service.databaseProcess();
    const meter = new CpuMeter([
      { label: 'service', pid: service.api.child.pid!, childrenLabel: false },
      ...(databaseProcess ? [databaseProcess] : []),
      { label: 'redis', pid: service.redis.pid!, childrenLabel: false },
    ]);
    const before = await engineStats(service);
    meter.begin();
    const start = performance.now();
    log(`${database}: generator: ${holders} account holders, ${transactions} transaction legs (seed ${SEED})`);
    const generated = await runCli('generate', ['--holders', String(holders), '--transactions', String(transactions), '--seed', String(SEED), '--json'], {
      DATABASE_URL: service.database.url(),
      MIGRATIONS_RUN: 'false',
    });
    if (generated.code !== 0) throw new Error(`generator failed (${generated.code}): ${generated.stderr.slice(-2000)}`);
    const rows = holders + transactions;
    const db = await service.db();
    let lastReport = performance.now();
    // Counting every table on each poll would load the database being measured: poll what is cheap (the
    // outbox, which is empty once everything is relayed, and the queue counts in Redis), count when idle.
    // Every 250 ms: polling every 50 ms cost the database and the service about 1 ms of CPU per row at
    // 60 rows/s, charged to the pipeline; 250 ms adds at most 0.25 s to the measured time.
    await waitFor(
      `all ${rows} rows embedded`,
      async () => {
        const report = performance.now() - lastReport > 10000;
        if (!report && !(await pipelineIdle(service, db))) return false;
        const status = await embeddingStatus(service);
        const embedded = status.reduce((n, s) => n + s.embedded, 0);
        const failed = status.reduce((n, s) => n + s.failed, 0);
        if (failed > 0) throw new Error(`${failed} rows failed to embed: ${JSON.stringify(status)}`);
        if (report) {
          lastReport = performance.now();
          log(`  ${embedded}/${rows} embedded after ${round((performance.now() - start) / 1000)} s`);
        }
        return embedded === rows;
      },
      3 * 3600 * 1000,
      250,
    );
    const seconds = (performance.now() - start) / 1000;
    const cpuSeconds = meter.used();
    const after = await engineStats(service);
    const engine: Partial<OnnxEmbedderStats> = {};
    for (const key of ['texts', 'tokens', 'paddedTokens', 'microBatches', 'batches', 'inferenceMs', 'poolMs', 'tokenizeMs'] as const) {
      engine[key] = (after?.[key] ?? 0) - (before?.[key] ?? 0);
    }
    engine.sessions = after?.sessions;
    texts = await renderedTexts(db);
    run = { database, transactions, holders, rows, generatorSeconds: generated.ms / 1000, seconds, rowsPerSecond: rows / seconds, cpuSeconds, engine };
  } finally {
    await service.stop();
  }
  return { ...run, ...(await engineSide(texts, engineSample, run.rowsPerSecond)) };
}

/** Engine throughput on a sample of the pipeline's own texts, twice (a fresh embedder each time), averaged. */
async function engineSide(texts: string[], size: number, pipelineRate: number) {
  const chosen = sample(texts, size);
  const first = await engineRun(chosen);
  const second = await engineRun(chosen);
  const engineRate = (first.textsPerSecond + second.textsPerSecond) / 2;
  return {
    engineBefore: first.textsPerSecond,
    engineAfter: second.textsPerSecond,
    engineRowsPerSecond: engineRate,
    engineCpuMsPerText: (first.cpuMsPerText + second.cpuMsPerText) / 2,
    ratio: pipelineRate / engineRate,
  };
}

/** Where each run's CPU went, per row; runs of one size side by side, one group of columns per database. */
function breakdown(runs: PipelineRun[]): Array<Record<string, string | number>> {
  const cores = os.availableParallelism();
  const lines = runs.map((run) => {
    const budget = run.seconds * cores;
    // The engine's CPU per text, measured alone on the same texts, stands for the service's engine work;
    // the service's remaining CPU is its own JavaScript around it.
    const engineCpu = (run.engineCpuMsPerText * run.rows) / 1000;
    const database = run.cpuSeconds.database;
    const used = run.cpuSeconds.service + (database ?? 0) + run.cpuSeconds.redis;
    const cells = (cpu: number | undefined) =>
      cpu === undefined
        ? { 'CPU s': 'n/a', '% of CPU budget': 'n/a', 'ms per row': 'n/a' }
        : { 'CPU s': round(cpu), '% of CPU budget': round((100 * cpu) / budget), 'ms per row': round((1000 * cpu) / run.rows) };
    return [engineCpu, run.cpuSeconds.service - engineCpu, database, run.cpuSeconds.redis, budget - used].map(cells);
  });
  const where = [
    'embedding engine (tokenize, inference, pooling), as measured alone',
    'service JS around it: relay, queue client, row reads and writes',
    'database: source rows, outbox, vectors + HNSW index',
    'redis: the queue',
    'idle, the generator, anything else on the machine (and the database when n/a)',
  ];
  return where.map((label, i) => ({
    where: label,
    ...Object.fromEntries(runs.flatMap((run, r) => Object.entries(lines[r][i]).map(([column, value]) => [runs.length > 1 ? `${run.database} ${column}` : column, value]))),
  }));
}

runBench('pipeline', async (args) => {
  const full = args.size === 'full';
  const sizes = args.extra.transactions ? [intFlag(args, 'transactions', 1000)] : full ? [10000, 100000] : [1000];
  const engineSample = intFlag(args, 'engine-sample', full ? 4000 : 1100);
  // --service-env A=1,B=2: settings for the service under test, to try a change side by side.
  const env = Object.fromEntries(
    (args.extra['service-env'] ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair) => pair.split('=', 2) as [string, string]),
  );
  const runs: PipelineRun[] = [];
  const breakdowns: Record<number, Array<Record<string, string | number>>> = {};
  for (const transactions of sizes) {
    const ofSize: PipelineRun[] = [];
    for (const database of databaseKinds(args)) {
      const run = await runPipeline(database, transactions, engineSample, env);
      ofSize.push(run);
      log(`${database}, ${run.rows} rows: pipeline ${round(run.rowsPerSecond)} rows/s, engine ${round(run.engineRowsPerSecond)} texts/s -> ${round(run.ratio)}x`);
    }
    runs.push(...ofSize);
    breakdowns[transactions] = breakdown(ofSize);
    const seconds = ofSize.map((r) => `${r.database} ${round(r.seconds)} s`).join(', ');
    printTable(`Where the time went (${ofSize[0].rows} rows; ${seconds} on ${os.availableParallelism()} CPUs)`, breakdowns[transactions]);
  }
  const embeddedRate = (transactions: number) => runs.find((r) => r.transactions === transactions && r.database === 'embedded')?.rowsPerSecond;
  printTable(
    'Pipeline: generator -> capture -> queue -> embed -> store, until every vector is stored',
    runs.map((r) => ({
      'transactions + holders': `${r.transactions} + ${r.holders}`,
      database: r.database,
      'generator s': round(r.generatorSeconds),
      'all embedded s': round(r.seconds),
      'pipeline rows/s': round(r.rowsPerSecond),
      'engine texts/s (same texts)': round(r.engineRowsPerSecond),
      'pipeline / engine': round(r.ratio),
      'rows/s vs embedded': r.database === 'embedded' || !embeddedRate(r.transactions) ? '' : `${round(r.rowsPerSecond / embeddedRate(r.transactions)!)}x`,
    })),
  );
  return {
    targets: runs.map((r) => ({
      what: `${r.database}, ${r.transactions} transactions: pipeline / engine throughput`,
      target: `>= ${TARGET_RATIO}x`,
      measured: `${round(r.ratio)}x`,
      met: r.ratio >= TARGET_RATIO,
    })),
    serviceEnv: env,
    runs,
    breakdowns,
  };
});
