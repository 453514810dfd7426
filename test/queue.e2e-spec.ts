import { Writable } from 'node:stream';
import { INestApplicationContext, Logger as NestLogger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Job } from 'bullmq';
import { ConfigModule } from '../src/config/config.module';
import { loadConfig } from '../src/config/load-config';
import { LoggingModule, nestLoggerOf } from '../src/logging/logging.module';
import { createRootLogger } from '../src/logging/root-logger';
import { QueueWorkers, SettledJob } from '../src/queue/queue-workers.service';
import { QueueModule } from '../src/queue/queue.module';
import { QueueService } from '../src/queue/queue.service';
import { QueueUnavailableError } from '../src/queue/queue.service';
import { dedupId, JobName, QueueName } from '../src/queue/queue.types';
import { TestRedis } from './helpers/redis-server';
import { waitFor } from './helpers/wait-for';

/** QueueService and QueueWorkers against a real redis-server. */
describe('queues (real Redis)', () => {
  let redis: TestRedis;
  let prefixCounter = 0;
  const contexts: INestApplicationContext[] = [];

  beforeAll(async () => {
    redis = await TestRedis.start();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await redis.destroy();
  });

  // One root logger for the file, as in a process: nestjs-pino keeps the first one it is given.
  const logLines: Record<string, unknown>[] = [];
  const root = createRootLogger({
    level: 'info',
    format: 'json',
    stream: new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
        done();
      },
    }),
  });

  /** A queue module of its own (fresh key prefix), with handlers registered before workers start. */
  async function boot(env: Record<string, string>, register?: (workers: QueueWorkers) => void) {
    const config = loadConfig({ QUEUE_PREFIX: `t${++prefixCounter}`, QUEUE_BACKOFF_MS: '200', ...env });
    const moduleRef = await Test.createTestingModule({ imports: [ConfigModule.forConfig(config), LoggingModule.forRoot(root), QueueModule.forRoot(redis.url)] }).compile();
    moduleRef.useLogger(nestLoggerOf(root));
    register?.(moduleRef.get(QueueWorkers));
    const context = await moduleRef.init();
    contexts.push(context);
    return { context, queues: context.get(QueueService) };
  }

  const embed = (eventId: number) => ({ data: { eventId, contentHash: `h${eventId}` }, dedupId: dedupId('event', eventId, `h${eventId}`) });

  it('adds a job with a given dedup key once while it waits, however often it is enqueued', async () => {
    const { queues } = await boot({ APP_ROLE: 'api' });
    await queues.enqueueMany(JobName.EmbedEvent, [embed(1), embed(2), embed(3)]);
    await queues.enqueueMany(JobName.EmbedEvent, [embed(2), embed(3), embed(4)]);
    await queues.enqueue(JobName.EmbedEvent, embed(1).data, embed(1).dedupId);
    const counts = await queues.counts(QueueName.Events);
    expect(counts.waiting).toBe(4);
  });

  // A text that comes back (A, B, then A again) must be embedded again after A's first job finished.
  it('accepts the same dedup key again once its job has finished', async () => {
    const seen: number[] = [];
    const { queues } = await boot({}, (workers) => workers.handle(JobName.EmbedEvent, async (data) => seen.push(data.eventId)));
    await queues.enqueue(JobName.EmbedEvent, embed(8).data, embed(8).dedupId);
    await waitFor('first job done', () => seen.length === 1, 10000);
    await queues.enqueue(JobName.EmbedEvent, embed(8).data, embed(8).dedupId);
    await waitFor('second job done', () => seen.length === 2, 10000);
    expect(seen).toEqual([8, 8]);
  });

  it('names the job on every line logged while it runs: queue, job, job id, attempt', async () => {
    const handlerLog = new NestLogger('EventEmbedding');
    let runs = 0;
    const { queues } = await boot({ QUEUE_BACKOFF_MS: '50' }, (workers) =>
      workers.handle(JobName.EmbedEvent, async (data) => {
        handlerLog.log(`embedding event ${data.eventId}`);
        if (++runs === 1) throw new Error('first attempt fails');
      }),
    );
    await queues.enqueueMany(JobName.EmbedEvent, [embed(21)]);
    await waitFor('the retried job done', () => runs === 2, 10000);
    const handlerLines = logLines.filter((line) => line.context === 'EventEmbedding');
    const jobId = handlerLines[0]?.jobId;
    expect(jobId).toEqual(expect.any(String));
    expect(handlerLines).toEqual([
      expect.objectContaining({ msg: 'embedding event 21', queue: QueueName.Events, job: JobName.EmbedEvent, jobId, attempt: 0 }),
      expect.objectContaining({ msg: 'embedding event 21', queue: QueueName.Events, job: JobName.EmbedEvent, jobId, attempt: 1 }),
    ]);
    // Lines outside any job carry no job fields.
    const outsideJobs = logLines.filter((line) => String(line.msg).startsWith('consuming'));
    expect(outsideJobs.length).toBeGreaterThan(0);
    for (const line of outsideJobs) expect(line).not.toHaveProperty('jobId');
  });

  it('tells the caller within QUEUE_ENQUEUE_TIMEOUT_MS that Redis is unreachable instead of waiting for it', async () => {
    const { queues } = await boot({ APP_ROLE: 'api', QUEUE_ENQUEUE_TIMEOUT_MS: '500' });
    await redis.stop();
    try {
      const started = Date.now();
      await expect(queues.enqueueMany(JobName.EmbedEvent, [embed(11)])).rejects.toThrow(QueueUnavailableError);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await redis.startProcess();
    }
  });

  it('does not consume jobs in an api-only process', async () => {
    const seen: number[] = [];
    const { queues } = await boot({ APP_ROLE: 'api' }, (workers) => workers.handle(JobName.EmbedEvent, async (data) => seen.push(data.eventId)));
    await queues.enqueueMany(JobName.EmbedEvent, [embed(1), embed(2)]);
    await new Promise((r) => setTimeout(r, 1000));
    expect(seen).toEqual([]);
    expect((await queues.counts(QueueName.Events)).waiting).toBe(2);
  });

  it('retries a failing job with exponentially growing delays, then completes it', async () => {
    const attempts: number[] = [];
    const { queues } = await boot({ QUEUE_ATTEMPTS: '4' }, (workers) =>
      workers.handle(JobName.EmbedEvent, async () => {
        attempts.push(Date.now());
        if (attempts.length < 3) throw new Error(`transient failure ${attempts.length}`);
        return 'done';
      }),
    );
    await queues.enqueue(JobName.EmbedEvent, embed(7).data, embed(7).dedupId);
    await waitFor('job completed', async () => (await queues.counts(QueueName.Events)).completed === 1, 20000);
    expect(attempts).toHaveLength(3);
    // Backoff 200 ms, doubled: the gaps are at least 200 and 400 ms.
    expect(attempts[1] - attempts[0]).toBeGreaterThanOrEqual(190);
    expect(attempts[2] - attempts[1]).toBeGreaterThanOrEqual(390);
  });

  it('keeps a job that failed every attempt in the failed set, with its reason', async () => {
    const { queues } = await boot({ QUEUE_ATTEMPTS: '2', QUEUE_BACKOFF_MS: '10' }, (workers) =>
      workers.handle(JobName.EmbedEvent, async () => {
        throw new Error('model exploded');
      }),
    );
    await queues.enqueue(JobName.EmbedEvent, embed(9).data, embed(9).dedupId);
    await waitFor('job failed', async () => (await queues.counts(QueueName.Events)).failed === 1, 20000);
    const [failed] = (await queues.queue(QueueName.Events).getFailed()) as Job[];
    expect(failed.attemptsMade).toBe(2);
    expect(failed.failedReason).toBe('model exploded');
  });

  it('tells job listeners about each attempt, failed ones included, and a failing listener fails no job', async () => {
    const settled: SettledJob[] = [];
    let calls = 0;
    const { queues } = await boot({ QUEUE_ATTEMPTS: '3', QUEUE_BACKOFF_MS: '10' }, (workers) => {
      workers.handle(JobName.EmbedEvent, async () => {
        if (++calls === 1) throw new Error('transient failure');
        await new Promise((r) => setTimeout(r, 30));
      });
      workers.onJobSettled(() => {
        throw new Error('broken listener');
      });
      workers.onJobSettled((job) => settled.push(job));
    });
    await queues.enqueue(JobName.EmbedEvent, embed(12).data, embed(12).dedupId);
    await waitFor('job completed', async () => (await queues.counts(QueueName.Events)).completed === 1, 20000);
    expect(settled.map(({ queue, job, outcome }) => ({ queue, job, outcome }))).toEqual([
      { queue: 'events', job: 'embed-event', outcome: 'failed' },
      { queue: 'events', job: 'embed-event', outcome: 'completed' },
    ]);
    expect(settled[1].seconds).toBeGreaterThanOrEqual(0.025);
    expect((await queues.counts(QueueName.Events)).failed).toBe(0);
  });

  it('retains only the configured number of completed jobs', async () => {
    const { queues } = await boot({ QUEUE_KEEP_COMPLETED: '3' }, (workers) => workers.handle(JobName.EmbedEvent, async () => 'ok'));
    await queues.enqueueMany(
      JobName.EmbedEvent,
      Array.from({ length: 10 }, (_, i) => embed(100 + i)),
    );
    await waitFor(
      'queue drained',
      async () => {
        const counts = await queues.counts(QueueName.Events);
        return counts.waiting + counts.active === 0;
      },
      20000,
    );
    expect((await queues.counts(QueueName.Events)).completed).toBe(3);
  });

  it('lets an active job finish when the process shuts down', async () => {
    let finished = false;
    const { context, queues } = await boot({}, (workers) =>
      workers.handle(JobName.EmbedEvent, async () => {
        await new Promise((r) => setTimeout(r, 1500));
        finished = true;
      }),
    );
    await queues.enqueue(JobName.EmbedEvent, embed(5).data, embed(5).dedupId);
    await waitFor('job active', async () => (await queues.counts(QueueName.Events)).active === 1, 10000);
    const queue = queues.queue(QueueName.Events);
    const [job] = await queue.getActive();
    await context.close();
    expect(finished).toBe(true);
    const { queues: observer } = await boot({ APP_ROLE: 'api', QUEUE_PREFIX: queue.opts.prefix! });
    expect(await observer.queue(QueueName.Events).getJobState(job.id!)).toBe('completed');
  });

  it('pauses, resumes and empties a queue', async () => {
    const seen: number[] = [];
    const { queues } = await boot({}, (workers) => workers.handle(JobName.EmbedEvent, async (data) => seen.push(data.eventId)));
    await queues.pause(QueueName.Events);
    expect((await queues.counts(QueueName.Events)).paused).toBe(true);
    await queues.enqueueMany(JobName.EmbedEvent, [embed(1), embed(2)]);
    await new Promise((r) => setTimeout(r, 500));
    expect(seen).toEqual([]);
    await queues.empty(QueueName.Events);
    expect((await queues.counts(QueueName.Events)).waiting).toBe(0);
    await queues.enqueue(JobName.EmbedEvent, embed(3).data, embed(3).dedupId);
    await queues.resume(QueueName.Events);
    await waitFor('job after resume', () => seen.includes(3), 10000);
    expect(seen).toEqual([3]);
  });
});
