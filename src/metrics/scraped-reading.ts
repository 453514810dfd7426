import { Logger } from '@nestjs/common';
import { oneLine } from '../common/startup-error';
import { withTimeout } from '../common/with-timeout';
import type { ScrapeErrors, ScrapeSource } from './scrape-errors';

/** Well under Prometheus' default scrape timeout (10 s), so the rest of a scrape still gets through. */
export const SCRAPE_READ_TIMEOUT_MS = 2000;

/**
 * A value read from another system while a scrape runs. Gauges that share one reading (all queue gauges
 * come from one round of Redis calls) get the same in-flight read. A read that fails or takes longer
 * than the timeout yields undefined and counts a scrape error, so /metrics still answers with everything
 * else instead of failing or hanging while Redis or the database is away.
 */
export class ScrapedReading<T> {
  private inFlight?: Promise<T | undefined>;
  private failing = false;
  private readonly logger = new Logger('Metrics');

  constructor(
    private readonly source: ScrapeSource,
    private readonly read: () => Promise<T>,
    private readonly errors: ScrapeErrors,
    private readonly timeoutMs = SCRAPE_READ_TIMEOUT_MS,
  ) {
    errors.track(this);
  }

  current(): Promise<T | undefined> {
    this.inFlight ??= this.readOnce().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async readOnce(): Promise<T | undefined> {
    try {
      const value = await withTimeout(this.read(), this.timeoutMs, () => new Error(`no answer within ${this.timeoutMs} ms`));
      if (this.failing) this.logger.log({ msg: 'metrics source readable again', source: this.source });
      this.failing = false;
      return value;
    } catch (error) {
      this.errors.record(this.source);
      // Once per outage, not once per scrape.
      if (!this.failing) this.logger.warn({ msg: 'cannot read a metrics source; its gauges are left out until it answers', source: this.source, error: oneLine(error) });
      this.failing = true;
      return undefined;
    }
  }
}
