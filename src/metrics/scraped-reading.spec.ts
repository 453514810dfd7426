import { Scrape } from '../../test/helpers/prometheus-text';
import { MetricsService } from './metrics.service';
import { ScrapeErrors } from './scrape-errors';
import { ScrapedReading } from './scraped-reading';

describe('ScrapedReading', () => {
  let metrics: MetricsService;
  let errors: ScrapeErrors;
  /** A scrape of its own: it reads every tracked source once, so a failing source counts in it. */
  const errorCount = async (source: string) => Scrape.parse((await metrics.exposition()).body).value('semflow_scrape_errors_total', { source });

  beforeEach(() => {
    metrics = new MetricsService();
    errors = new ScrapeErrors(metrics);
  });

  it('shares one read among the callers that ask while it runs, and reads afresh afterwards', async () => {
    let reads = 0;
    const reading = new ScrapedReading('queues', async () => ++reads, errors);
    const [a, b] = await Promise.all([reading.current(), reading.current()]);
    expect([a, b, reads]).toEqual([1, 1, 1]);
    expect(await reading.current()).toBe(2);
    await errorCount('queues');
    expect(reads).toBe(3); // a scrape reads once
  });

  it('answers undefined and counts an error in the same scrape when the read fails, then recovers', async () => {
    let fail = true;
    const reading = new ScrapedReading(
      'outbox',
      async () => {
        if (fail) throw new Error('database away');
        return 7;
      },
      errors,
    );
    expect(await reading.current()).toBeUndefined();
    expect(await errorCount('outbox')).toBe(2); // the read above, and the scrape's own
    fail = false;
    expect(await reading.current()).toBe(7);
    expect(await errorCount('outbox')).toBe(2);
    expect(await errorCount('queues')).toBe(0);
  });

  it('gives up on a read that does not answer within its timeout', async () => {
    const reading = new ScrapedReading('queues', () => new Promise<number>(() => undefined), errors, 50);
    const started = performance.now();
    expect(await reading.current()).toBeUndefined();
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('treats a read that throws before it returns a promise as a failed read', async () => {
    const reading = new ScrapedReading(
      'queues',
      () => {
        throw new Error('no client');
      },
      errors,
    );
    expect(await reading.current()).toBeUndefined();
    expect(await errorCount('queues')).toBe(2);
  });
});
