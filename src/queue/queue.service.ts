import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { JobsOptions, Queue } from 'bullmq';
import { withTimeout } from '../common/with-timeout';
import { AppConfig } from '../config/app-config';
import { JobName, JobOf, QUEUE_OF_JOB, QueueName } from './queue.types';

export class QueueUnavailableError extends Error {
  readonly name = 'QueueUnavailableError';
}

export interface EnqueueItem<T extends JobName> {
  data: JobOf<T>;
  /**
   * Deduplication key: while a job with the same key waits or runs, another is not added. Once it has
   * finished (done or failed for good) the key is free again, so a text can be queued anew later.
   */
  dedupId?: string;
}

export interface QueueCounts {
  queue: QueueName;
  paused: boolean;
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
}

/**
 * The one way producers put work on a queue: typed job names and payloads, retries with exponential
 * backoff, bounded retention of finished jobs. Also the queue-control operations of the admin API.
 */
@Injectable()
export class QueueService {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly config: AppConfig,
  ) {}

  queue(name: QueueName): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }

  /** Returns the job's id (with a dedupId: the id of the job already waiting for it, if one is). */
  async enqueue<T extends JobName>(name: T, data: JobOf<T>, dedupId?: string): Promise<string> {
    const job = await this.bounded(name, this.queue(QUEUE_OF_JOB[name]).add(name, data, this.jobOptions(dedupId)));
    return job.id!;
  }

  /** One round trip for many jobs. */
  async enqueueMany<T extends JobName>(name: T, items: EnqueueItem<T>[]): Promise<void> {
    if (items.length === 0) return;
    await this.bounded(name, this.queue(QUEUE_OF_JOB[name]).addBulk(items.map((item) => ({ name, data: item.data, opts: this.jobOptions(item.dedupId) }))));
  }

  /**
   * While Redis is unreachable the client holds commands until it reconnects, so an add would wait that
   * long. The caller learns after QUEUE_ENQUEUE_TIMEOUT_MS instead; should the held command still run
   * later, its deterministic job id keeps it from doubling work.
   */
  private bounded<R>(name: JobName, adding: Promise<R>): Promise<R> {
    const ms = this.config.QUEUE_ENQUEUE_TIMEOUT_MS;
    return withTimeout(adding, ms, () => new QueueUnavailableError(`Redis did not accept ${name} jobs within ${ms} ms`));
  }

  async counts(name: QueueName): Promise<QueueCounts> {
    const queue = this.queue(name);
    const [counts, paused] = await Promise.all([queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized', 'waiting-children'), queue.isPaused()]);
    return {
      queue: name,
      paused,
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts['waiting-children'] ?? 0),
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      completed: counts.completed ?? 0,
      failed: counts.failed ?? 0,
    };
  }

  pause(name: QueueName): Promise<void> {
    return this.queue(name).pause();
  }

  resume(name: QueueName): Promise<void> {
    return this.queue(name).resume();
  }

  /** Drops waiting and delayed jobs; active ones finish. */
  empty(name: QueueName): Promise<void> {
    return this.queue(name).drain(true);
  }

  private jobOptions(dedupId?: string): JobsOptions {
    return {
      ...(dedupId ? { deduplication: { id: dedupId } } : {}),
      attempts: this.config.QUEUE_ATTEMPTS,
      backoff: { type: 'exponential', delay: this.config.QUEUE_BACKOFF_MS },
      removeOnComplete: { count: this.config.QUEUE_KEEP_COMPLETED },
      removeOnFail: { count: this.config.QUEUE_KEEP_FAILED },
    };
  }
}
