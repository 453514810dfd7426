import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { storage, Store } from 'nestjs-pino/storage';
import { Listener, Listeners } from '../common/listeners';
import { oneLine } from '../common/startup-error';
import { AppConfig } from '../config/app-config';
import { RedisEndpoint } from './redis-endpoint';
import { redisOptionsFromUrl } from './redis-options';
import { JobName, JobOf, QUEUE_OF_JOB, QueueName } from './queue.types';

/** How long closing connections may take once no job is active. */
const CLOSE_GRACE_MS = 2000;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export type JobHandler<T extends JobName> = (data: JobOf<T>, job: Job<JobOf<T>>) => Promise<unknown>;

/** One run of a job's handler in this process: failed = the attempt threw (it may be retried). */
export interface SettledJob {
  queue: QueueName;
  job: JobName;
  outcome: 'completed' | 'failed';
  seconds: number;
}

/**
 * Runs the BullMQ workers of this process. Feature processors register a handler per job name; one
 * Worker per queue dispatches to them. Workers are built here rather than with @Processor because their
 * concurrency and lock duration come from validated config, and because an api-only process must not
 * consume jobs at all (APP_ROLE=api).
 */
@Injectable()
export class QueueWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('QueueWorkers');
  private readonly handlers = new Map<JobName, JobHandler<JobName>>();
  private readonly workers: Worker[] = [];
  private active = 0;
  private readonly settled = new Listeners<SettledJob>((error) => this.logger.warn({ msg: 'a job listener failed', error: oneLine(error) }));

  constructor(
    private readonly config: AppConfig,
    private readonly redis: RedisEndpoint,
    private readonly pino: PinoLogger,
  ) {}

  get enabled(): boolean {
    return this.config.APP_ROLE !== 'api';
  }

  handle<T extends JobName>(name: T, handler: JobHandler<T>): void {
    if (this.handlers.has(name)) throw new Error(`a handler for job ${name} is already registered`);
    this.handlers.set(name, handler as unknown as JobHandler<JobName>);
  }

  /** Tells `listener` about every job attempt this process finishes; for observers such as metrics. */
  onJobSettled(listener: Listener<SettledJob>): void {
    this.settled.add(listener);
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    const queues = new Set<QueueName>([...this.handlers.keys()].map((name) => QUEUE_OF_JOB[name]));
    for (const queue of queues) this.workers.push(this.startWorker(queue));
    this.logger.log(`consuming ${[...queues].join(', ') || 'no queues'} with concurrency ${this.config.WORKER_CONCURRENCY}`);
  }

  /**
   * Stops taking jobs and lets active ones finish (bounded by SHUTDOWN_TIMEOUT_MS); a job cut off has its
   * lock lapse and is re-run by the next worker. Active jobs are counted here rather than left to
   * Worker.close(), which can wait forever on a blocking connection that is still reconnecting after a
   * Redis restart: once nothing is active, the connections are simply dropped.
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.workers.length === 0) return;
    const closing = Promise.all(this.workers.map((worker) => worker.close()));
    const finished = await this.waitUntil(() => this.active === 0, this.config.SHUTDOWN_TIMEOUT_MS);
    if (!finished) {
      this.logger.warn(`${this.active} active jobs did not finish within ${this.config.SHUTDOWN_TIMEOUT_MS} ms; their locks lapse and another worker retries them`);
    }
    const closed = await Promise.race([closing.then(() => true), delay(CLOSE_GRACE_MS).then(() => false)]);
    if (!closed) await Promise.race([Promise.all(this.workers.map((worker) => worker.disconnect())), delay(CLOSE_GRACE_MS)]);
  }

  private async waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() >= deadline) return false;
      await delay(50);
    }
    return true;
  }

  private startWorker(queue: QueueName): Worker {
    const worker = new Worker(
      queue,
      async (job: Job) => {
        const handler = this.handlers.get(job.name as JobName);
        if (!handler) throw new Error(`no handler for job ${job.name} on queue ${queue}`);
        this.active++;
        const started = performance.now();
        const settle = (outcome: SettledJob['outcome']) => this.settled.emit({ queue, job: job.name as JobName, outcome, seconds: (performance.now() - started) / 1000 });
        try {
          // Every line logged while the job runs names it, as a request's lines carry its id.
          const jobLogger = this.pino.logger.child({ queue, job: job.name, jobId: job.id, attempt: job.attemptsMade });
          const result = await storage.run(new Store(jobLogger), () => handler(job.data, job));
          settle('completed');
          return result;
        } catch (error) {
          settle('failed');
          throw error;
        } finally {
          this.active--;
        }
      },
      {
        connection: { ...redisOptionsFromUrl(this.redis.url), maxRetriesPerRequest: null },
        prefix: this.config.QUEUE_PREFIX,
        // Recorded as each job's processedBy: which process ran it, when several workers share the queues.
        name: `${hostname()}:${process.pid}`,
        concurrency: this.config.WORKER_CONCURRENCY,
        lockDuration: this.config.QUEUE_LOCK_DURATION_MS,
        autorun: true,
      },
    );
    worker.on('failed', (job, error) => this.logger.warn({ msg: 'job failed', queue, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, error: error.message }));
    worker.on('error', (error) => this.logger.error({ msg: 'worker error', queue, error: error.message }));
    return worker;
  }
}
