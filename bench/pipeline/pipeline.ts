/**
 * bench:pipeline — rows written into the finflow source tables by the data generator, until every row's
 * vector is stored, against the embedding engine's raw throughput on the same texts measured in the same
 * run (once before the pipeline and once after, averaged). Where the time goes comes from the CPU used by
 * each process (service, embedded database, Redis) and the engine's own counters.
 */
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Client } from 'pg';
import { AccountHolderTextInput, accountHolderText } from '../../src/accountholders/accountholder-text';
import { ACCOUNT_HOLDER_TABLES } from '../../src/accountholders/accountholder-tables';
import { loadConfig } from '../../src/config/load-config';
import { embeddedDatabaseLock, embeddedDatabaseUrl } from '../../src/database/embedded-postgres';
import { createEmbedder } from '../../src/embedding/embedder-factory';
import type { OnnxEmbedderStats } from '../../src/embedding/onnx/onnx-embedder';
import { TransactionTextInput, transactionText } from '../../src/transactions/transaction-text';
import { TRANSACTION_TABLES } from '../../src/transactions/transaction-tables';
import { runCli } from '../../test/helpers/run-cli';
import { waitFor } from '../../test/helpers/wait-for';
import { intFlag } from '../lib/bench-args';
import { BenchService } from '../lib/bench-service';
import { CpuMeter } from '../lib/process-cpu';
import { log, printTable, runBench } from '../lib/report';
import { round } from '../lib/stats';

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
  cpuSeconds: Record<string, number>;
  engine: Partial<OnnxEmbedderStats>;
}

/** Every row's text as the service renders it with its default templates, read from the database. */
async function renderedTexts(db: Client): Promise<string[]> {
  const config = loadConfig({});
  const select = (table: string, json: string[]) => `SELECT s.*, ${json.map((c) => `s.${c}::text AS ${c}`).join(', ')} FROM ${table} s ORDER BY s._id`;
  const holders = (await db.query(select(ACCOUNT_HOLDER_TABLES.sourceTable, ACCOUNT_HOLDER_TABLES.jsonColumns))).rows as AccountHolderTextInput[];
  const legs = (await db.query(select(TRANSACTION_TABLES.sourceTable, TRANSACTION_TABLES.jsonColumns))).rows as TransactionTextInput[];
  return [
    ...holders.map((row) => accountHolderText(row, config.ACCOUNTHOLDER_TEXT_TEMPLATE)),
    ...legs.map((row) => transactionText(row, config.TRANSACTION_TEXT_TEMPLATE)),
  ];
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

async function runPipeline(transactions: number, engineSample: number, env: Record<string, string>): Promise<PipelineRun> {
  const holders = Math.max(10, Math.round(transactions / 10));
  const service = await BenchService.start({ name: 'pipeline', env: { EMBEDDING_SWEEP_INTERVAL_MS: '3600000', ...env } });
  let texts: string[];
  let run: Omit<PipelineRun, keyof Awaited<ReturnType<typeof engineSide>>>;
  try {
    const database = embeddedDatabaseLock(service.dataDir).holder()!;
    const meter = new CpuMeter({ service: service.api.child.pid!, database: database.pid, redis: service.redis.pid! });
    const before = await engineStats(service);
    meter.begin();
    const start = performance.now();
    log(`generator: ${holders} account holders, ${transactions} transaction legs (seed ${SEED})`);
    const generated = await runCli('generate', ['--holders', String(holders), '--transactions', String(transactions), '--seed', String(SEED), '--json'], {
      DATABASE_URL: embeddedDatabaseUrl(database.port!),
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
    run = { transactions, holders, rows, generatorSeconds: generated.ms / 1000, seconds, rowsPerSecond: rows / seconds, cpuSeconds, engine };
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

function breakdown(run: PipelineRun): Array<Record<string, string | number>> {
  const cores = os.availableParallelism();
  const budget = run.seconds * cores;
  // The engine's CPU per text, measured alone on the same texts, stands for the service's engine work;
  // the service's remaining CPU is its own JavaScript around it.
  const engineCpu = (run.engineCpuMsPerText * run.rows) / 1000;
  const serviceOther = run.cpuSeconds.service - engineCpu;
  const used = run.cpuSeconds.service + run.cpuSeconds.database + run.cpuSeconds.redis;
  const line = (what: string, cpu: number) => ({ where: what, 'CPU s': round(cpu), '% of CPU budget': round((100 * cpu) / budget), 'ms per row': round((1000 * cpu) / run.rows) });
  return [
    line('embedding engine (tokenize, inference, pooling), as measured alone', engineCpu),
    line('service JS around it: relay, queue client, row reads and writes', serviceOther),
    line('embedded database: source rows, outbox, vectors + HNSW index', run.cpuSeconds.database),
    line('redis: the queue', run.cpuSeconds.redis),
    line('idle, the generator, anything else on the machine', budget - used),
  ];
}

runBench('pipeline', async (args) => {
  const full = args.size === 'full';
  const sizes = args.extra.transactions ? [intFlag(args, 'transactions', 1000)] : full ? [10000, 100000] : [1000];
  const engineSample = intFlag(args, 'engine-sample', full ? 4000 : 1100);
  // --service-env A=1,B=2: settings for the service under test, to try a change side by side.
  const env = Object.fromEntries((args.extra['service-env'] ?? '').split(',').filter(Boolean).map((pair) => pair.split('=', 2) as [string, string]));
  const runs: PipelineRun[] = [];
  for (const transactions of sizes) {
    const run = await runPipeline(transactions, engineSample, env);
    runs.push(run);
    log(`${run.rows} rows: pipeline ${round(run.rowsPerSecond)} rows/s, engine ${round(run.engineRowsPerSecond)} texts/s -> ${round(run.ratio)}x`);
    printTable(`Where the time went (${run.rows} rows, ${round(run.seconds)} s on ${os.availableParallelism()} CPUs)`, breakdown(run));
  }
  printTable(
    'Pipeline: generator -> capture -> queue -> embed -> store, until every vector is stored',
    runs.map((r) => ({
      'transactions + holders': `${r.transactions} + ${r.holders}`,
      'generator s': round(r.generatorSeconds),
      'all embedded s': round(r.seconds),
      'pipeline rows/s': round(r.rowsPerSecond),
      'engine texts/s (same texts)': round(r.engineRowsPerSecond),
      'pipeline / engine': round(r.ratio),
    })),
  );
  return {
    targets: runs.map((r) => ({ what: `${r.transactions} transactions: pipeline / engine throughput`, target: `>= ${TARGET_RATIO}x`, measured: `${round(r.ratio)}x`, met: r.ratio >= TARGET_RATIO })),
    serviceEnv: env,
    runs: runs.map((r) => ({ ...r, breakdown: breakdown(r) })),
  };
});
