import { Scrape } from '../../test/helpers/prometheus-text';
import type { QueueCounts, QueueService } from '../queue/queue.service';
import { ALL_QUEUES, QueueName } from '../queue/queue.types';
import { MetricsService } from './metrics.service';
import { QueueDepthMetrics } from './queue-depth-metrics';
import { ScrapeErrors } from './scrape-errors';

/** QueueService's counts() from a table the test sets; Redis is the neighbour faked here. */
class FakeQueues {
  calls = 0;
  failWith?: Error;
  readonly table = new Map<QueueName, QueueCounts>(
    ALL_QUEUES.map((queue, i) => [queue, { queue, paused: queue === QueueName.Interests, waiting: i + 1, active: i, delayed: 2 * i, completed: 100 + i, failed: 3 * i }]),
  );

  async counts(name: QueueName): Promise<QueueCounts> {
    this.calls++;
    if (this.failWith) throw this.failWith;
    return this.table.get(name)!;
  }
}

describe('QueueDepthMetrics', () => {
  let metrics: MetricsService;
  let queues: FakeQueues;
  const scrape = async () => Scrape.parse((await metrics.exposition()).body);

  beforeEach(() => {
    metrics = new MetricsService();
    queues = new FakeQueues();
    new QueueDepthMetrics(metrics, queues as unknown as QueueService, new ScrapeErrors(metrics));
  });

  it('reports every queue and state, and whether it is paused, with one Redis round per scrape', async () => {
    const after = await scrape();
    expect(queues.calls).toBe(ALL_QUEUES.length);
    for (const counts of queues.table.values()) {
      for (const state of ['waiting', 'active', 'delayed', 'completed', 'failed'] as const) {
        expect(after.value('semflow_queue_jobs', { queue: counts.queue, state })).toBe(counts[state]);
      }
      expect(after.value('semflow_queue_paused', { queue: counts.queue })).toBe(counts.paused ? 1 : 0);
    }
    expect(after.find('semflow_queue_jobs')).toHaveLength(ALL_QUEUES.length * 5);
  });

  it('shows the counts of the moment of each scrape', async () => {
    await scrape();
    queues.table.get(QueueName.Events)!.waiting = 42;
    expect((await scrape()).value('semflow_queue_jobs', { queue: 'events', state: 'waiting' })).toBe(42);
  });

  it('leaves the queue gauges out and counts a scrape error while Redis fails, and the scrape still succeeds', async () => {
    await scrape();
    queues.failWith = new Error('connect ECONNREFUSED');
    const during = await scrape();
    expect(during.find('semflow_queue_jobs')).toEqual([]);
    expect(during.find('semflow_queue_paused')).toEqual([]);
    expect(during.value('semflow_scrape_errors_total', { source: 'queues' })).toBe(1);
    expect(during.find('semflow_process_cpu_user_seconds_total')).toHaveLength(1);

    queues.failWith = undefined;
    const after = await scrape();
    expect(after.find('semflow_queue_jobs')).toHaveLength(ALL_QUEUES.length * 5);
    expect(after.value('semflow_scrape_errors_total', { source: 'queues' })).toBe(1);
  });
});
