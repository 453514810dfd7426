import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';

/** Prefix of every metric semflow exposes, its own and the Node.js process metrics alike. */
export const METRIC_PREFIX = 'semflow_';

export interface Exposition {
  contentType: string;
  body: string;
}

/**
 * The metrics of this process, in a registry of its own rather than prom-client's global one, so that
 * nothing else loaded into the process can add to or clash with them. Counters and histograms count what
 * this process did (each process is scraped); gauges read at scrape time show shared state (queues,
 * outbox) and are the same from every process.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  constructor() {
    // CPU, memory, event loop lag, GC: read at scrape time, except the event loop and GC observers.
    collectDefaultMetrics({ register: this.registry, prefix: METRIC_PREFIX });
  }

  /** The Prometheus text format of every metric, with the content type to send it with. */
  async exposition(): Promise<Exposition> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
