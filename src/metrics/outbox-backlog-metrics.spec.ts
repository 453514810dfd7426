import { Scrape } from '../../test/helpers/prometheus-text';
import type { CaptureRelayService } from '../capture/capture-relay.service';
import { MetricsService } from './metrics.service';
import { OutboxBacklogMetrics } from './outbox-backlog-metrics';
import { ScrapeErrors } from './scrape-errors';

describe('OutboxBacklogMetrics', () => {
  it('reports the backlog per entity type at each scrape, and nothing but a scrape error while the database fails', async () => {
    const metrics = new MetricsService();
    let backlog: Record<string, number> | Error = { accountholder: 3, transaction: 0 };
    const relay = {
      backlog: async () => {
        if (backlog instanceof Error) throw backlog;
        return backlog;
      },
    };
    new OutboxBacklogMetrics(metrics, relay as unknown as CaptureRelayService, new ScrapeErrors(metrics));
    const scrape = async () => Scrape.parse((await metrics.exposition()).body);

    const first = await scrape();
    expect(first.value('semflow_outbox_backlog', { entity: 'accountholder' })).toBe(3);
    expect(first.value('semflow_outbox_backlog', { entity: 'transaction' })).toBe(0);

    backlog = new Error('the database system is shutting down');
    const during = await scrape();
    expect(during.find('semflow_outbox_backlog')).toEqual([]);
    expect(during.value('semflow_scrape_errors_total', { source: 'outbox' })).toBe(1);

    backlog = { accountholder: 0, transaction: 12 };
    const after = await scrape();
    expect(after.value('semflow_outbox_backlog', { entity: 'accountholder' })).toBe(0);
    expect(after.value('semflow_outbox_backlog', { entity: 'transaction' })).toBe(12);
  });
});
