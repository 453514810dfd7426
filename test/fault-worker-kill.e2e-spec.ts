import type { Client } from 'pg';
import type { AppProcess } from './helpers/app-process';
import { embeddedSnapshot, embeddingWriteCounts, embeddingWritesAfter, logEmbeddingWrites } from './helpers/embedding-write-log';
import { waitForQueuesDrained } from './helpers/queues';
import { runCli } from './helpers/run-cli';
import { SplitService } from './helpers/split-service';
import { waitFor } from './helpers/wait-for';

const HOLDERS = 1000;
const TRANSACTIONS = 9000;
const ROWS = HOLDERS + TRANSACTIONS;

/**
 * A worker SIGKILLed in the middle of a 10,000-row backfill. The rows are written by the data
 * generator while only the api process runs, so the whole backlog waits in the capture outbox; the
 * worker then relays it and its start-up sweep queues every row without an embedding, both at once.
 * Partway through, the worker's process group is killed; a new worker must finish the job so that
 * every row has its embedding and no row's vector was written twice. The write log (a trigger the test
 * adds) counts each vector written, so "exactly once" is counted, not inferred.
 */
describe('worker killed during a 10,000-row backfill', () => {
  let service: SplitService;
  let api: AppProcess;
  let worker: AppProcess;
  let db: Client;

  const count = async (sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows[0].n as number;
  const embedded = () => count('SELECT ((SELECT count(*) FROM accountholder_embeddings) + (SELECT count(*) FROM transaction_embeddings))::int AS n');

  beforeAll(async () => {
    service = await SplitService.start('fault-worker', {
      // The killed worker's jobs are handed on once their locks lapse; the default (2 minutes) would be
      // most of this test's time. Still far above one embedding batch of the stand-in model.
      QUEUE_LOCK_DURATION_MS: '10000',
      CAPTURE_LEASE_MS: '5000',
    });
    ({ api, db } = service);
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('embeds every row exactly once after the worker is SIGKILLed between 20% and 80% of the way', async () => {
    await logEmbeddingWrites(db);
    const generated = await runCli('generate', ['--holders', String(HOLDERS), '--transactions', String(TRANSACTIONS), '--seed', '7', '--json'], {
      DATABASE_URL: service.database.url(),
      MIGRATIONS_RUN: 'false',
    });
    if (generated.code !== 0) throw new Error(`the generator failed (${generated.code}): ${generated.stderr.slice(-2000)}`);
    expect(await count('SELECT count(*)::int AS n FROM capture_outbox')).toBe(ROWS);
    expect(await embedded()).toBe(0);

    const started = Date.now();
    worker = await service.startWorker();
    await waitFor('a fifth of the rows embedded', async () => (await embedded()) >= ROWS / 5, 300000, 20);
    await worker.crash();
    const killedAt = Date.now();
    // What was embedded at the kill: these vectors must never be written again.
    const atKillSnapshot = await embeddedSnapshot(db);
    const atKill = atKillSnapshot.rows.size;
    expect(atKill).toBeGreaterThanOrEqual(ROWS / 5);
    expect(atKill).toBeLessThanOrEqual((ROWS * 4) / 5);

    const restarted = Date.now();
    worker = await service.startWorker();
    // Progress as it happens: a long pause would be rows waiting for the locks of jobs cut off by the kill.
    const progress: Array<{ at: number; embedded: number }> = [{ at: restarted, embedded: atKill }];
    await waitFor(
      'every row embedded',
      async () => {
        const n = await embedded();
        if (n !== progress[progress.length - 1].embedded) progress.push({ at: Date.now(), embedded: n });
        return n === ROWS;
      },
      300000,
      250,
    );
    const recovered = Date.now();
    const pause = progress
      .slice(1)
      .reduce((longest, step, i) => (step.at - progress[i].at > longest.ms ? { ms: step.at - progress[i].at, at: progress[i].embedded } : longest), { ms: 0, at: 0 });
    // The jobs cut off by the kill still hold their locks; once those lapse they are re-run, find their
    // rows embedded and write nothing.
    await waitForQueuesDrained(api, 180000);
    const drained = Date.now();
    await waitFor('outbox drained', async () => (await count('SELECT count(*)::int AS n FROM capture_outbox')) === 0, 60000);

    // Every source row has exactly one embedding row (row_id is the primary key, so "one" is the join).
    for (const [source, embeddings] of [
      ['accountholders', 'accountholder_embeddings'],
      ['transactions', 'transaction_embeddings'],
    ]) {
      expect(await count(`SELECT count(*)::int AS n FROM ${source} s LEFT JOIN ${embeddings} e ON e.row_id = s._id WHERE e.row_id IS NULL`)).toBe(0);
      expect(await count(`SELECT count(*)::int AS n FROM ${embeddings} WHERE embedding_model <> 'wordpiece-bow-384' OR vector_dims(embedding_vector) <> 384`)).toBe(0);
    }
    expect(await count('SELECT ((SELECT count(*) FROM accountholders) + (SELECT count(*) FROM transactions))::int AS n')).toBe(ROWS);
    // Exactly once: one vector written per row, none rewritten, before or after the kill.
    const writes = await embeddingWriteCounts(db);
    const writesAfterKill = await embeddingWritesAfter(db, atKillSnapshot.lastWrite);
    expect(writes).toEqual({ writes: ROWS, rows: ROWS, rowsWrittenTwice: 0 });
    expect(writesAfterKill).toBe(ROWS - atKill);
    const now = (await embeddedSnapshot(db)).rows;
    expect([...atKillSnapshot.rows].filter(([key, at]) => now.get(key) !== at)).toEqual([]);
    // Nothing failed on the way: no recorded row failure, no failed job.
    expect(await count('SELECT count(*)::int AS n FROM embedding_errors')).toBe(0);
    const queues = (await api.request('GET', '/admin/queues')).body as Array<{ queue: string; failed: number }>;
    expect(queues.filter((q) => q.failed > 0)).toEqual([]);

    const seconds = (ms: number) => (ms / 1000).toFixed(1);
    console.log(
      [
        `worker kill during backfill: ${ROWS} rows (${HOLDERS} account holders, ${TRANSACTIONS} transaction legs), written by the generator in ${seconds(generated.ms)} s`,
        `  embedded at the kill: ${atKill} (${Math.round((100 * atKill) / ROWS)}%), ${seconds(killedAt - started)} s after the first worker was started`,
        `  after restart: all ${ROWS} embedded in ${seconds(recovered - restarted)} s (longest pause in progress ${seconds(pause.ms)} s, at ${pause.at} rows); queues idle ${seconds(drained - recovered)} s later`,
        `  vectors written: ${writes.writes} (${writesAfterKill} after the kill), rows written twice: ${writes.rowsWrittenTwice}`,
        `  total from first worker start: ${seconds(recovered - started)} s`,
      ].join('\n'),
    );
  }, 900000);
});
