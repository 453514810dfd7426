import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { RedisEndpoint } from './redis-endpoint';
import { redisOptionsFromUrl } from './redis-options';
import { JobName, JobOf, QUEUE_OF_JOB, QueueName } from './queue.types';

export type JobHandler<T extends JobName> = (data: JobOf<T>, job: Job<JobOf<T>>) => Promise<unknown>;

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

  constructor(
    private readonly config: AppConfig,
    private readonly redis: RedisEndpoint,
  ) {}

  get enabled(): boolean {
    return this.config.APP_ROLE !== 'api';
  }

  handle<T extends JobName>(name: T, handler: JobHandler<T>): void {
    if (this.handlers.has(name)) throw new Error(`a handler for job ${name} is already registered`);
    this.handlers.set(name, handler as unknown as JobHandler<JobName>);
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    const queues = new Set<QueueName>([...this.handlers.keys()].map((name) => QUEUE_OF_JOB[name]));
    for (const queue of queues) this.workers.push(this.startWorker(queue));
    this.logger.log(`consuming ${[...queues].join(', ') || 'no queues'} with concurrency ${this.config.WORKER_CONCURRENCY}`);
  }

  /** Lets active jobs finish (bounded by SHUTDOWN_TIMEOUT_MS); a job cut off is re-run by the next worker. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.workers.length === 0) return;
    const graceful = Promise.all(this.workers.map((worker) => worker.close()));
    const timedOut = await Promise.race([
      graceful.then(() => false),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(true), this.config.SHUTDOWN_TIMEOUT_MS).unref()),
    ]);
    if (timedOut) {
      this.logger.warn(`active jobs did not finish within ${this.config.SHUTDOWN_TIMEOUT_MS} ms; their locks lapse and another worker retries them`);
      await Promise.all(this.workers.map((worker) => worker.close(true)));
    }
  }

  private startWorker(queue: QueueName): Worker {
    const worker = new Worker(
      queue,
      async (job: Job) => {
        const handler = this.handlers.get(job.name as JobName);
        if (!handler) throw new Error(`no handler for job ${job.name} on queue ${queue}`);
        return handler(job.data, job);
      },
      {
        connection: { ...redisOptionsFromUrl(this.redis.url), maxRetriesPerRequest: null },
        prefix: this.config.QUEUE_PREFIX,
        concurrency: this.config.WORKER_CONCURRENCY,
        lockDuration: this.config.QUEUE_LOCK_DURATION_MS,
        autorun: true,
      },
    );
    worker.on('failed', (job, error) =>
      this.logger.warn({ msg: 'job failed', queue, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, error: error.message }),
    );
    worker.on('error', (error) => this.logger.error({ msg: 'worker error', queue, error: error.message }));
    return worker;
  }
}
