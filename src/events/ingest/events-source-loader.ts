import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { oneLine } from '../../common/startup-error';
import { AppConfig } from '../../config/app-config';
import { redactUrl } from './event-source';
import type { ResolvedSource } from './event-source';
import { EventsIngestService } from './events-ingest.service';
import type { IngestSummary } from './ingest-summary';
import { SourceWatcher } from './source-watcher';

/** Rejections written into the log line of a run; the count says how many there were in all. */
const LOGGED_REJECTIONS = 20;

/**
 * In the process that runs the workers (APP_ROLE all or worker): loads EVENTS_SOURCE once after start,
 * in the background so that the service is up meanwhile, and with EVENTS_WATCH keeps loading what
 * changes. A source that cannot be read is logged; it does not stop the service.
 */
@Injectable()
export class EventsSourceLoader implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('EventsSource');
  private readonly controller = new AbortController();
  private watcher?: SourceWatcher;
  private timer?: NodeJS.Timeout;
  private loading?: Promise<void>;
  private lastError?: string;

  constructor(
    private readonly ingest: EventsIngestService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const source = this.config.EVENTS_SOURCE;
    if (this.config.APP_ROLE === 'api' || source.trim() === '') return;
    if (this.config.EVENTS_WATCH) {
      this.watcher = new SourceWatcher({
        source,
        intervalMs: this.config.EVENTS_WATCH_INTERVAL_MS,
        ingest: (changed) => this.load(changed),
        onError: (error) => this.failed(error),
      });
      this.watcher.start();
      this.logger.log({ msg: 'watching the events source', source: redactUrl(source), intervalMs: this.config.EVENTS_WATCH_INTERVAL_MS });
      return;
    }
    // On a timer: the remaining bootstrap hooks and the HTTP listener do not wait for the load.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.loading = this.ingest.ingest(source, { signal: this.controller.signal }).then(
        (summary) => this.loaded(summary),
        (error) => this.failed(error),
      );
    }, 0);
  }

  /** Lets the batch being written finish, drops the rest, and stops polling: no timer is left behind. */
  async beforeApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    this.controller.abort();
    await Promise.all([this.watcher?.stop(), this.loading]);
  }

  private async load(changed: ResolvedSource): Promise<void> {
    this.loaded(await this.ingest.ingestResolved(changed, { signal: this.watcher!.signal }));
  }

  private loaded(summary: IngestSummary): void {
    this.lastError = undefined;
    const { rejections, ...counts } = summary;
    this.logger.log({ msg: 'events ingested', ...counts, rejections: rejections.slice(0, LOGGED_REJECTIONS) });
  }

  /** Logged once per distinct failure, so a source missing for hours does not fill the log. */
  private failed(error: unknown): void {
    const message = oneLine(error);
    if (message === this.lastError) return;
    this.lastError = message;
    this.logger.warn({ msg: 'could not ingest the events source', source: redactUrl(this.config.EVENTS_SOURCE), error: message });
  }
}
