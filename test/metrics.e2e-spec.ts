import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../src/common/free-port';
import { JobName, QUEUE_OF_JOB } from '../src/queue/queue.types';
import { AppProcess, MODELS_DIR } from './helpers/app-process';
import { Scrape } from './helpers/prometheus-text';
import { waitForQueuesDrained } from './helpers/queues';
import { TestRedis } from './helpers/redis-server';
import { TestDatabase } from './helpers/test-database';
import { insertEventsDirectly, readSharedEvents, RawEvent } from './helpers/shared-events';
import { TestService } from './helpers/test-service';
import { waitFor } from './helpers/wait-for';

const MODEL = 'wordpiece-bow-384';
const STATES = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;

/** GET /metrics without the admin key: Prometheus sends none. */
async function scrape(baseUrl: string): Promise<Scrape> {
  const response = await fetch(`${baseUrl}/metrics`);
  expect(response.status).toBe(200);
  return Scrape.parse(await response.text());
}

const completed = (s: Scrape, job: JobName) => s.value('semflow_jobs_completed_total', { queue: QUEUE_OF_JOB[job], job });
const failed = (s: Scrape, job: JobName) => s.value('semflow_jobs_failed_total', { queue: QUEUE_OF_JOB[job], job });
const batchTexts = (s: Scrape) => s.sum('semflow_embedding_batch_size_sum');
const batchRounds = (s: Scrape) => s.sum('semflow_embedding_batch_size_count');
const graphqlCount = (s: Scrape, labels: Record<string, string> = {}) => s.sum('semflow_graphql_request_seconds_count', labels);

/** Every queue gauge of a scrape equals what /admin/queues reports at the same time. */
async function expectQueueGaugesMatchAdmin(app: AppProcess, metrics: Scrape): Promise<void> {
  const { body: admin } = await app.request('GET', '/admin/queues');
  expect(admin).toHaveLength(4);
  for (const counts of admin) {
    for (const state of STATES) expect([counts.queue, state, metrics.value('semflow_queue_jobs', { queue: counts.queue, state })]).toEqual([counts.queue, state, counts[state]]);
    expect(metrics.value('semflow_queue_paused', { queue: counts.queue })).toBe(counts.paused ? 1 : 0);
  }
  expect(metrics.find('semflow_queue_jobs')).toHaveLength(admin.length * STATES.length);
}

/** The talks of the 26-talk test set, a slice per test so that none is inserted twice. */
const TALKS: RawEvent[] = readSharedEvents('head-2026/events-test/events.jsonl');

describe('GET /metrics of an all-role process', () => {
  let service: TestService;
  let app: AppProcess;
  let db: Client;
  const embedded = async () => (await db.query('SELECT count(*)::int AS n FROM events WHERE embedding IS NOT NULL')).rows[0].n as number;

  beforeAll(async () => {
    // No periodic sweep: every embedding job below is one the test asked for.
    service = await TestService.start('metrics', { EMBEDDING_SWEEP_INTERVAL_MS: '0' });
    app = service.app;
    db = await service.db();
    await waitForQueuesDrained(app); // the sweep at start
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('answers in the Prometheus text format, without the admin key, with every job counter from 0', async () => {
    const response = await fetch(`${app.baseUrl}/metrics`);
    expect(response.status).toBe(200);
    // The exposition format's media type; Express may list its parameters in another order.
    const [mediaType, ...parameters] = response.headers.get('content-type')!.split(/;\s*/);
    expect([mediaType, parameters.sort()]).toEqual(['text/plain', ['charset=utf-8', 'version=0.0.4']]);
    expect(response.headers.get('x-request-id')).toBeTruthy();
    const metrics = Scrape.parse(await response.text());
    expect(metrics.find('semflow_process_cpu_user_seconds_total')).toHaveLength(1);
    expect(metrics.find('semflow_nodejs_heap_size_used_bytes')).toHaveLength(1);
    for (const job of Object.values(JobName)) {
      expect(failed(metrics, job)).toBe(0);
      // The sweep at start ran one fan-out job per entity type, and nothing else ran yet.
      expect(completed(metrics, job)).toBe(job.startsWith('queue-') ? 1 : 0);
    }
    expect(metrics.value('semflow_scrape_errors_total', { source: 'queues' })).toBe(0);
    expect(metrics.value('semflow_scrape_errors_total', { source: 'outbox' })).toBe(0);
  });

  it('counts the jobs and inference rounds that embed N talks', async () => {
    const talks = TALKS.slice(0, 8);
    const before = await scrape(app.baseUrl);
    await insertEventsDirectly(db, talks);
    expect((await app.request('POST', '/admin/embeddings/reembed', { entity: 'event', mode: 'missing' })).status).toBe(202);
    await service.waitFor('the talks embedded', async () => (await embedded()) === talks.length, 60000);
    await waitForQueuesDrained(app);
    const after = await scrape(app.baseUrl);

    // One fan-out job, then one embedding job per talk; none failed.
    expect(completed(after, JobName.QueueEventEmbeddings) - completed(before, JobName.QueueEventEmbeddings)).toBe(1);
    expect(completed(after, JobName.EmbedEvent) - completed(before, JobName.EmbedEvent)).toBe(talks.length);
    expect(failed(after, JobName.EmbedEvent)).toBe(0);
    const durations = { queue: 'events', job: JobName.EmbedEvent, outcome: 'completed' };
    expect(after.value('semflow_job_duration_seconds_count', durations) - before.sum('semflow_job_duration_seconds_count', durations)).toBe(talks.length);
    expect(after.value('semflow_job_duration_seconds_sum', durations)).toBeGreaterThan(before.sum('semflow_job_duration_seconds_sum', durations));

    // Each talk's text went through exactly one inference round of the model, alone or with others.
    const texts = batchTexts(after) - batchTexts(before);
    const rounds = batchRounds(after) - batchRounds(before);
    expect(texts).toBe(talks.length);
    expect(after.value('semflow_embedding_batch_size_sum', { model: MODEL }) - before.sum('semflow_embedding_batch_size_sum', { model: MODEL })).toBe(talks.length);
    expect(rounds).toBeGreaterThanOrEqual(1);
    expect(rounds).toBeLessThanOrEqual(talks.length);
    expect(after.value('semflow_embedding_batch_seconds_count', { model: MODEL }) - before.sum('semflow_embedding_batch_seconds_count', { model: MODEL })).toBe(rounds);
    expect(after.value('semflow_embedding_batch_seconds_sum', { model: MODEL })).toBeGreaterThan(before.sum('semflow_embedding_batch_seconds_sum', { model: MODEL }));
    // Every round fits the largest bucket; the buckets count rounds, not texts.
    expect(after.value('semflow_embedding_batch_size_bucket', { model: MODEL, le: '+Inf' })).toBe(after.value('semflow_embedding_batch_size_count', { model: MODEL }));
  });

  it('times every GraphQL request once, labelled by operation type, root field and outcome', async () => {
    const [talk] = (await app.graphql('{ Events(limit: 1) { id } }')).data.Events;
    const before = await scrape(app.baseUrl);
    expect((await app.graphql('{ Events(limit: 2) { id } }')).data.Events).toHaveLength(2);
    expect((await app.graphql('query ClientName { first: Events(limit: 1) { id } }')).data.first).toHaveLength(1);
    expect((await app.graphql('{ NoSuchField }')).errors).toHaveLength(1);
    const liked = await app.graphql('mutation($l: LikedInput!) { Likes(liked: $l) { liked } }', { l: { userid: 'metrics', eventId: talk.id, liked: true } });
    expect(liked.errors).toBeUndefined();
    const after = await scrape(app.baseUrl);

    const delta = (labels: Record<string, string>) => graphqlCount(after, labels) - graphqlCount(before, labels);
    expect(delta({})).toBe(4);
    expect(delta({ operation_type: 'query', field: 'Events', outcome: 'success' })).toBe(2);
    expect(delta({ operation_type: 'none', field: 'none', outcome: 'error' })).toBe(1);
    expect(delta({ operation_type: 'mutation', field: 'Likes', outcome: 'success' })).toBe(1);
    expect(after.find('semflow_graphql_request_seconds_count').flatMap((s) => Object.values(s.labels))).not.toContain('ClientName');
  });

  it('reports the queue gauges /admin/queues reports, paused or running', async () => {
    expect((await app.request('POST', '/admin/queues/events/pause')).status).toBe(204);
    try {
      expect((await app.request('POST', '/admin/embeddings/reembed', { entity: 'event', mode: 'all' })).status).toBe(202);
      const paused = await scrape(app.baseUrl);
      await expectQueueGaugesMatchAdmin(app, paused);
      expect(paused.value('semflow_queue_paused', { queue: 'events' })).toBe(1);
      expect(paused.value('semflow_queue_paused', { queue: 'interests' })).toBe(0);
      expect(paused.value('semflow_queue_jobs', { queue: 'events', state: 'waiting' })).toBe(1); // the fan-out job
    } finally {
      expect((await app.request('POST', '/admin/queues/events/resume')).status).toBe(204);
    }
    await waitForQueuesDrained(app);
    const drained = await scrape(app.baseUrl);
    await expectQueueGaugesMatchAdmin(app, drained);
    expect(drained.sum('semflow_queue_jobs', { state: 'waiting' })).toBe(0);
    expect(drained.value('semflow_queue_paused', { queue: 'events' })).toBe(0);
    // The outbox is relayed in this process, and nothing was captured: empty.
    expect(drained.value('semflow_outbox_backlog', { entity: 'accountholder' })).toBe(0);
    expect(drained.value('semflow_outbox_backlog', { entity: 'transaction' })).toBe(0);
  });

  it('still answers while Redis is down, without the queue gauges and with a scrape error, and recovers', async () => {
    const before = await scrape(app.baseUrl);
    await service.redis.stop();
    try {
      const started = Date.now();
      const during = await scrape(app.baseUrl);
      expect(Date.now() - started).toBeLessThan(8000);
      expect(during.find('semflow_queue_jobs')).toEqual([]);
      expect(during.find('semflow_queue_paused')).toEqual([]);
      expect(during.value('semflow_scrape_errors_total', { source: 'queues' })).toBe(before.value('semflow_scrape_errors_total', { source: 'queues' }) + 1);
      expect(during.value('semflow_scrape_errors_total', { source: 'outbox' })).toBe(0);
      // What this process counted and what the database holds is still there.
      expect(completed(during, JobName.EmbedEvent)).toBe(completed(before, JobName.EmbedEvent));
      expect(during.value('semflow_outbox_backlog', { entity: 'accountholder' })).toBe(0);
    } finally {
      await service.redis.startProcess();
    }
    const recovered = await service.waitFor(
      'queue gauges back',
      async () => {
        const metrics = await scrape(app.baseUrl);
        return metrics.find('semflow_queue_jobs').length > 0 ? metrics : undefined;
      },
      30000,
      500,
    );
    await expectQueueGaugesMatchAdmin(app, recovered);
  });
});

/**
 * An api process and a worker process on one database and Redis: each reports what it did itself, both
 * report the shared queues and outbox, and the worker serves /metrics on METRICS_PORT only.
 */
describe('GET /metrics of api and worker processes', () => {
  let redis: TestRedis;
  let dataDir: string;
  let database: TestDatabase;
  let db: Client | undefined;
  const processes: AppProcess[] = [];

  beforeAll(async () => {
    redis = await TestRedis.start();
    dataDir = mkdtempSync(path.join(tmpdir(), 'semflow-metrics-roles-'));
    database = await TestDatabase.create('metrics-roles', dataDir);
  });

  afterAll(async () => {
    await db?.end();
    for (const app of processes.reverse()) await app.stop().catch(() => undefined);
    await redis.destroy();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports the outbox backlog from the api, and the jobs and rounds of the worker on METRICS_PORT', async () => {
    const env = { DATA_DIR: dataDir, REDIS_URL: redis.url, MODELS_DIR, EMBEDDING_MODEL: MODEL, EMBEDDING_SWEEP_INTERVAL_MS: '0', ...database.env };
    const api = await AppProcess.start({ ...env, APP_ROLE: 'api' });
    processes.push(api);
    db = await database.connect();

    // No relay runs in an api process: the captured changes stay in the outbox, and the gauge shows them.
    await db.query(
      `INSERT INTO accountholders (nationalid, firstname, lastname) VALUES ('800101-0101-081', 'Ayanda', 'Khumalo'), ('800202-0202-082', 'Bongani', 'Nkosi'), ('800303-0303-083', 'Chloe', 'Naidoo')`,
    );
    const waiting = await scrape(api.baseUrl);
    expect(waiting.value('semflow_outbox_backlog', { entity: 'accountholder' })).toBe(3);
    expect(waiting.value('semflow_outbox_backlog', { entity: 'transaction' })).toBe(0);

    const metricsPort = await freePort();
    const worker = await AppProcess.start({ ...env, APP_ROLE: 'worker', METRICS_PORT: String(metricsPort) });
    processes.push(worker);
    const workerUrl = `http://127.0.0.1:${metricsPort}`;
    await expect(fetch(`${worker.baseUrl}/metrics`)).rejects.toThrow(); // no HTTP server on PORT
    expect((await fetch(`${workerUrl}/health`)).status).toBe(404); // nothing but /metrics on METRICS_PORT

    await waitFor('the outbox relayed by the worker', async () => (await scrape(api.baseUrl)).value('semflow_outbox_backlog', { entity: 'accountholder' }) === 0, 60000);
    await waitForQueuesDrained(api);
    await waitFor('the holders embedded', async () => (await db!.query('SELECT count(*)::int AS n FROM accountholder_embeddings')).rows[0].n === 3, 60000);
    const relayed = await scrape(workerUrl);
    expect(relayed.value('semflow_outbox_backlog', { entity: 'accountholder' })).toBe(0);
    // The relay and the sweep at start may both have queued a holder; every job ran in the worker, which
    // counted as many as Redis keeps as completed.
    const holderJobs = completed(relayed, JobName.EmbedAccountHolder) + completed(relayed, JobName.QueueAccountHolderEmbeddings);
    expect(completed(relayed, JobName.EmbedAccountHolder)).toBeGreaterThanOrEqual(3);
    expect(relayed.value('semflow_queue_jobs', { queue: 'accountholders', state: 'completed' })).toBe(holderJobs);
    expect(batchTexts(relayed)).toBeGreaterThanOrEqual(3);
    expect(batchTexts(relayed)).toBeLessThanOrEqual(completed(relayed, JobName.EmbedAccountHolder));

    // Talks queued through the api are embedded by the worker: its counters move by exactly that, the api's not at all.
    const talks = TALKS.slice(8, 12);
    const [apiBefore, workerBefore] = [await scrape(api.baseUrl), await scrape(workerUrl)];
    await insertEventsDirectly(db, talks);
    expect((await api.request('POST', '/admin/embeddings/reembed', { entity: 'event', mode: 'missing' })).status).toBe(202);
    await waitFor('the talks embedded', async () => (await db!.query('SELECT count(*)::int AS n FROM events WHERE embedding IS NOT NULL')).rows[0].n === talks.length, 60000);
    await waitForQueuesDrained(api);
    const [apiAfter, workerAfter] = [await scrape(api.baseUrl), await scrape(workerUrl)];
    expect(completed(workerAfter, JobName.EmbedEvent) - completed(workerBefore, JobName.EmbedEvent)).toBe(talks.length);
    expect(completed(workerAfter, JobName.QueueEventEmbeddings) - completed(workerBefore, JobName.QueueEventEmbeddings)).toBe(1);
    expect(batchTexts(workerAfter) - batchTexts(workerBefore)).toBe(talks.length);
    for (const job of Object.values(JobName)) expect(completed(apiAfter, job)).toBe(0);
    expect(batchTexts(apiAfter)).toBe(batchTexts(apiBefore));
    // Shared state looks the same from both processes.
    for (const state of STATES) {
      expect(workerAfter.value('semflow_queue_jobs', { queue: 'events', state })).toBe(apiAfter.value('semflow_queue_jobs', { queue: 'events', state }));
    }
    // The worker has no GraphQL, so no GraphQL histogram.
    expect(workerAfter.find('semflow_graphql_request_seconds_count')).toEqual([]);

    await db.end();
    db = undefined;
    expect(await worker.stop()).toEqual({ code: 0, signal: null });
    await expect(fetch(`${workerUrl}/metrics`)).rejects.toThrow();
  });
});
