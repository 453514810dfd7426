import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { QueueCounts, QueueService } from '../queue/queue.service';
import { ALL_QUEUES } from '../queue/queue.types';
import { METRIC_PREFIX, MetricsService } from './metrics.service';
import { ScrapeErrors } from './scrape-errors';
import { ScrapedReading } from './scraped-reading';

/** The job states semflow reports per queue, as /admin/queues counts them. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;

/**
 * Jobs per queue and state, and whether each queue is paused, read from Redis at scrape time: the
 * queues are shared, so every process reports the same numbers. completed and failed are the finished
 * jobs Redis still keeps (QUEUE_KEEP_COMPLETED / QUEUE_KEEP_FAILED), not totals; the job counters of
 * each worker process are the totals.
 */
@Injectable()
export class QueueDepthMetrics {
  constructor(metrics: MetricsService, queues: QueueService, errors: ScrapeErrors) {
    const reading = new ScrapedReading<QueueCounts[]>('queues', () => Promise.all(ALL_QUEUES.map((name) => queues.counts(name))), errors);
    new Gauge({
      name: `${METRIC_PREFIX}queue_jobs`,
      help: 'Jobs per queue and state, read from Redis at scrape time (completed and failed: the finished jobs Redis keeps)',
      labelNames: ['queue', 'state'],
      registers: [metrics.registry],
      async collect() {
        const queues = (await reading.current()) ?? [];
        this.reset();
        for (const counts of queues) {
          for (const state of QUEUE_STATES) this.labels(counts.queue, state).set(counts[state]);
        }
      },
    });
    new Gauge({
      name: `${METRIC_PREFIX}queue_paused`,
      help: '1 while the queue is paused (its jobs wait and no worker takes them), else 0',
      labelNames: ['queue'],
      registers: [metrics.registry],
      async collect() {
        const queues = (await reading.current()) ?? [];
        this.reset();
        for (const counts of queues) this.labels(counts.queue).set(counts.paused ? 1 : 0);
      },
    });
  }
}
