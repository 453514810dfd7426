import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { CaptureRelayService } from '../capture/capture-relay.service';
import { METRIC_PREFIX, MetricsService } from './metrics.service';
import { ScrapeErrors } from './scrape-errors';
import { ScrapedReading } from './scraped-reading';

/**
 * Captured changes waiting in the outbox to be relayed to the queues, read from the database at scrape
 * time (one count per scrape). A backlog that keeps growing means no relay runs, or it cannot reach Redis.
 */
@Injectable()
export class OutboxBacklogMetrics {
  constructor(metrics: MetricsService, relay: CaptureRelayService, errors: ScrapeErrors) {
    const backlog = new ScrapedReading('outbox', () => relay.backlog(), errors);
    new Gauge({
      name: `${METRIC_PREFIX}outbox_backlog`,
      help: 'Captured row changes not yet relayed to the embedding queues, per entity type, read from the database at scrape time',
      labelNames: ['entity'],
      registers: [metrics.registry],
      async collect() {
        const waiting: Record<string, number> = (await backlog.current()) ?? {};
        this.reset();
        for (const [entity, changes] of Object.entries(waiting)) this.labels(entity).set(changes);
      },
    });
  }
}
