import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { AppProcess, MODELS_DIR } from './helpers/app-process';
import { TestRedis } from './helpers/redis-server';
import { TestDatabase } from './helpers/test-database';
import { insertEventsDirectly, readSharedEvents } from './helpers/shared-events';
import { waitFor } from './helpers/wait-for';

const MODEL = 'wordpiece-bow-384';

/**
 * The foundation end to end: the real service process with its database (TEST_DATABASE), a real redis-server
 * and a built ONNX model. Rows written straight into the database are embedded through BullMQ jobs.
 */
describe('embedding pipeline (real app, database, Redis, ONNX)', () => {
  let redis: TestRedis;
  let database: TestDatabase;
  let app: AppProcess;
  let db: Client;
  let dataDir: string;
  let ids: number[];

  const embeddedCount = async () => Number((await db.query('SELECT count(*) FILTER (WHERE embedding IS NOT NULL AND embedded_hash = content_hash) AS n FROM events')).rows[0].n);

  beforeAll(async () => {
    redis = await TestRedis.start();
    dataDir = mkdtempSync(path.join(tmpdir(), 'semflow-e2e-'));
    database = await TestDatabase.create('pipeline', dataDir);
    app = await AppProcess.start({ DATA_DIR: dataDir, REDIS_URL: redis.url, MODELS_DIR, EMBEDDING_MODEL: MODEL, ...database.env });
    db = await database.connect();
    // The worker's start-up sweep has looked at the (still empty) table: the rows below wait for a request.
    await app.waitForLog(/"queued event embeddings"/);
    ids = await insertEventsDirectly(db, readSharedEvents('head-2026/events-test/events.jsonl'));
  });

  afterAll(async () => {
    await db?.end();
    await app?.stop();
    await redis?.destroy();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports database, Redis and the loaded model on /health', async () => {
    const { status, body } = await app.request('GET', '/health');
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.database).toEqual({ status: 'up', embedded: database.kind === 'embedded' });
    expect(body.redis).toEqual({ status: 'up' });
    expect(body.model.loaded).toBe(true);
    expect(body.model.models).toEqual([{ name: MODEL, dimensions: 384, entities: ['event', 'interest', 'accountholder', 'transaction'] }]);
  });

  it('embeds every row written by another program once a re-embed of missing rows is requested', async () => {
    expect(await embeddedCount()).toBe(0);
    const { status, body } = await app.request('POST', '/admin/embeddings/reembed', { entity: 'event', mode: 'missing' });
    expect(status).toBe(202);
    expect(body).toEqual({ entity: 'event', mode: 'missing', model: MODEL, jobId: expect.stringMatching(/^\d+$/), queued: true });

    await waitFor('all events embedded', async () => (await embeddedCount()) === ids.length, 120000);
    // The fan-out job that was answered with reports what it queued.
    const progress = await waitFor('the fan-out job finished', async () => {
      const answer = await app.request('GET', `/admin/embeddings/reembed/event/${body.jobId}`);
      return answer.body.state === 'completed' && answer;
    });
    expect(progress.status).toBe(200);
    expect(progress.body).toMatchObject({ entity: 'event', jobId: body.jobId, mode: 'missing', progress: { selected: ids.length, queued: ids.length } });
    const { rows } = await db.query(
      `SELECT vector_dims(embedding) AS dims, round(vector_norm(embedding)::numeric, 4) AS norm, embedding_model, embedding_truncated
         FROM events`,
    );
    for (const row of rows) {
      expect(row.dims).toBe(384);
      expect(Number(row.norm)).toBeCloseTo(1, 3);
      expect(row.embedding_model).toBe(MODEL);
    }
    // The long abstracts of this data set exceed 256 word pieces: those rows say so.
    expect(rows.some((row) => row.embedding_truncated === true)).toBe(true);
    expect(rows.some((row) => row.embedding_truncated === false)).toBe(true);
  });

  it("counts the engine's work on /admin/embeddings/engine", async () => {
    const { status, body } = await app.request('GET', '/admin/embeddings/engine');
    expect(status).toBe(200);
    expect(body).toHaveLength(1);
    const [engine] = body;
    expect(engine.model).toBe(MODEL);
    expect(engine.texts).toBeGreaterThanOrEqual(ids.length);
    expect(engine.tokens).toBeGreaterThan(engine.texts * 2); // [CLS] and [SEP] at least
    expect(engine.paddedTokens).toBeGreaterThanOrEqual(engine.tokens);
    expect(engine.inferenceMs).toBeGreaterThan(0);
    expect(engine.sessions).toBeGreaterThanOrEqual(1);
    expect(engine.microBatchesPerSession.reduce((a: number, b: number) => a + b, 0)).toBe(engine.microBatches);
  });

  it('gives texts that share informative words closer vectors than unrelated texts', async () => {
    // Two talks about the same topic are nearer each other than the average pair.
    const { rows } = await db.query(
      `SELECT a.id, (SELECT b.id FROM events b WHERE b.id <> a.id ORDER BY b.embedding <=> a.embedding LIMIT 1) AS nearest,
              (SELECT avg(1 - (b.embedding <=> a.embedding)) FROM events b WHERE b.id <> a.id) AS mean_similarity,
              (SELECT max(1 - (b.embedding <=> a.embedding)) FROM events b WHERE b.id <> a.id) AS best_similarity
         FROM events a`,
    );
    for (const row of rows) expect(Number(row.best_similarity)).toBeGreaterThan(Number(row.mean_similarity));
  });

  it('serves the rows over GraphQL, ordered by id, and rejects an out-of-range limit with a typed error', async () => {
    const page = await app.graphql('{ Events(limit: 5) { id title startTimestamp speakers { name } } }');
    expect(page.errors).toBeUndefined();
    expect(page.data.Events.map((e: { id: number }) => e.id)).toEqual([...ids].sort((a, b) => a - b).slice(0, 5));

    const bad = await app.graphql('{ Events(limit: -1) { id } }');
    expect(bad.data).toBeNull();
    expect(bad.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].message).toMatch(/limit/);
  });

  it('re-embeds exactly the row whose text changed when mode=stale is requested', async () => {
    const before = new Map<number, string>((await db.query('SELECT id, embedded_at::text AS at FROM events')).rows.map((r) => [r.id, r.at]));
    const changed = ids[3];
    await db.query(`UPDATE events SET full_text = full_text || ' Apache Flink.' WHERE id = $1`, [changed]);
    expect(await embeddedCount()).toBe(ids.length - 1);

    expect((await app.request('POST', '/admin/embeddings/reembed', { entity: 'event', mode: 'stale' })).status).toBe(202);
    await waitFor('changed event re-embedded', async () => (await embeddedCount()) === ids.length, 60000);

    const after = (await db.query('SELECT id, embedded_at::text AS at FROM events')).rows;
    for (const row of after) {
      if (row.id === changed) expect(row.at).not.toBe(before.get(row.id));
      else expect(row.at).toBe(before.get(row.id));
    }
  });

  it('rejects bad admin requests with 400 and queues nothing', async () => {
    const before = await app.request('GET', '/admin/queues/events');
    const bad = [
      { entity: 'planet', mode: 'missing' },
      { entity: 'event', mode: 'sometimes' },
      { entity: 'event', extra: 1 },
      // Talks follow the configured model; only captured entity types take a model per request.
      { entity: 'event', mode: 'stale', model: 'wordpiece-bow-384' },
      { entity: 'event', mode: 'stale', model: '../etc' },
    ];
    for (const body of bad) {
      const { status, body: answer } = await app.request('POST', '/admin/embeddings/reembed', body);
      expect(status).toBe(400);
      expect(JSON.stringify(answer.message)).toMatch(/entity|mode|extra|model/);
    }
    expect((await app.request('GET', '/admin/embeddings/reembed/event/999999')).status).toBe(404);
    expect((await app.request('GET', '/admin/embeddings/reembed/planet/1')).status).toBe(400);
    expect((await app.request('GET', '/admin/queues/nope')).status).toBe(400);
    const after = await app.request('GET', '/admin/queues/events');
    expect(after.body.waiting + after.body.active + after.body.completed).toBe(before.body.waiting + before.body.active + before.body.completed);
  });

  it('answers 503 naming Redis while Redis is down, and recovers when it is back', async () => {
    await redis.stop();
    const down = await app.request('GET', '/health');
    expect(down.status).toBe(503);
    expect(down.body.redis.status).toBe('down');
    expect(down.body.database.status).toBe('up');

    await redis.startProcess();
    await waitFor('health back to 200', async () => (await app.request('GET', '/health')).status === 200, 30000);
  });

  // Right after a Redis restart the workers' blocking connection may still be reconnecting; the stop
  // must not wait for it forever.
  it('stops gracefully on SIGTERM with exit code 0, also right after a Redis restart', async () => {
    const exit = await app.stop();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(app.output.some((line) => line.includes('"stopped"'))).toBe(true);
  });
});
