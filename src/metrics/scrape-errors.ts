import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { METRIC_PREFIX, MetricsService } from './metrics.service';

/** What a scrape reads from other systems: the queues from Redis, the outbox from the database. */
export const SCRAPE_SOURCES = ['queues', 'outbox'] as const;
export type ScrapeSource = (typeof SCRAPE_SOURCES)[number];

/** A reading made during a scrape; current() joins the read in flight. */
interface TrackedReading {
  current(): Promise<unknown>;
}

/** Counts scrapes that could not read a source, so a gap in its gauges is explained. */
@Injectable()
export class ScrapeErrors {
  private readonly errors: Counter<'source'>;
  private readonly readings: TrackedReading[] = [];

  constructor(metrics: MetricsService) {
    const readings = this.readings;
    this.errors = new Counter({
      name: `${METRIC_PREFIX}scrape_errors_total`,
      help: 'Scrapes that could not read a source (queues: Redis, outbox: the database) in time; its gauges were left out',
      labelNames: ['source'],
      registers: [metrics.registry],
      // The registry renders metrics side by side: waiting for this scrape's readings makes a failed one
      // count in the very scrape that misses its gauges, not only in the next.
      async collect() {
        await Promise.all(readings.map((reading) => reading.current()));
      },
    });
    for (const source of SCRAPE_SOURCES) this.errors.labels(source).inc(0);
  }

  track(reading: TrackedReading): void {
    this.readings.push(reading);
  }

  record(source: ScrapeSource): void {
    this.errors.labels(source).inc();
  }
}
