import { Injectable, OnModuleInit } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { QueueWorkers, SettledJob } from '../queue/queue-workers.service';
import { JobName, QUEUE_OF_JOB } from '../queue/queue.types';
import { METRIC_PREFIX, MetricsService } from './metrics.service';

const JOB_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/**
 * Job attempts this process ran, per queue and job name: counters of completed and failed ones and a
 * histogram of their durations. Each worker process counts its own; an api process counts none.
 */
@Injectable()
export class JobMetrics implements OnModuleInit {
  private readonly completed: Counter<'queue' | 'job'>;
  private readonly failed: Counter<'queue' | 'job'>;
  private readonly duration: Histogram<'queue' | 'job' | 'outcome'>;

  constructor(
    metrics: MetricsService,
    private readonly workers: QueueWorkers,
  ) {
    this.completed = new Counter({
      name: `${METRIC_PREFIX}jobs_completed_total`,
      help: 'Job attempts this process ran to completion',
      labelNames: ['queue', 'job'],
      registers: [metrics.registry],
    });
    this.failed = new Counter({
      name: `${METRIC_PREFIX}jobs_failed_total`,
      help: 'Job attempts that failed in this process (each failed attempt of a retried job counts)',
      labelNames: ['queue', 'job'],
      registers: [metrics.registry],
    });
    this.duration = new Histogram({
      name: `${METRIC_PREFIX}job_duration_seconds`,
      help: 'How long job attempts ran in this process, by outcome',
      labelNames: ['queue', 'job', 'outcome'],
      buckets: JOB_SECONDS_BUCKETS,
      registers: [metrics.registry],
    });
    // Every job semflow has starts at 0, so rate() and increase() see the first job of each.
    for (const job of Object.values(JobName)) {
      const labels = { queue: QUEUE_OF_JOB[job], job };
      this.completed.labels(labels).inc(0);
      this.failed.labels(labels).inc(0);
    }
  }

  onModuleInit(): void {
    this.workers.onJobSettled((settled) => this.record(settled));
  }

  record({ queue, job, outcome, seconds }: SettledJob): void {
    (outcome === 'completed' ? this.completed : this.failed).labels({ queue, job }).inc();
    this.duration.labels({ queue, job, outcome }).observe(seconds);
  }
}
