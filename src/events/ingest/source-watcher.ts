import { fetchUrlSource, FileInput, isUrlSource, listLocalSource, redactUrl, ResolvedSource, UrlValidators, validatorsOf } from './event-source';

export interface SourceWatcherOptions {
  source: string;
  intervalMs: number;
  /** Loads what changed; a rejection leaves it marked as changed, so the next poll tries again. */
  ingest: (changed: ResolvedSource) => Promise<unknown>;
  /** A poll that failed (source unreadable, ingestion failed); polling goes on. */
  onError: (error: unknown) => void;
}

const signature = (file: FileInput) => `${file.size}:${file.mtimeMs}`;

/**
 * Polls a source and hands over what changed since the last successful load: for a file or directory,
 * the files that are new or whose size or modification time changed (a removed file removes no talks);
 * for a URL, the body of a conditional GET (If-None-Match / If-Modified-Since) that answered 200.
 *
 * Writers should create files under a hidden or non-.jsonl name and rename them into place: a file
 * caught half-written is loaded as far as it goes (its cut last line is rejected) and loaded again once
 * it changes.
 */
export class SourceWatcher {
  private readonly files = new Map<string, string>();
  private validators: UrlValidators = {};
  private readonly controller = new AbortController();
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private stopped = false;

  constructor(private readonly options: SourceWatcherOptions) {}

  /** Signal that aborts the fetch or ingestion under way when the watcher stops. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Polls every intervalMs; the first poll right away or after one interval. */
  start(firstPollNow = true): void {
    this.schedule(firstPollNow ? 0 : this.options.intervalMs);
  }

  /** No poll starts after this; resolves when the poll under way (if any) has finished or given up. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.controller.abort();
    await this.polling;
  }

  /** One poll: loads what changed. Returns whether anything had changed; throws when it failed. */
  async check(): Promise<boolean> {
    return isUrlSource(this.options.source) ? this.checkUrl() : this.checkFiles();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.polling = this.check()
        .then(
          () => undefined,
          (error) => {
            if (!this.stopped) this.options.onError(error);
          },
        )
        .finally(() => {
          this.polling = undefined;
          this.schedule(this.options.intervalMs);
        });
    }, delayMs);
  }

  private async checkFiles(): Promise<boolean> {
    const listed = await listLocalSource(this.options.source);
    // Signatures are taken before reading: a file that changes while it is loaded differs next time.
    const changed = listed.filter((file) => this.files.get(file.path) !== signature(file));
    if (changed.length === 0) return false;
    await this.options.ingest({ label: this.options.source, inputs: changed });
    for (const file of changed) this.files.set(file.path, signature(file));
    return true;
  }

  private async checkUrl(): Promise<boolean> {
    const response = await fetchUrlSource(this.options.source, this.validators, this.signal);
    if (response === 'not-modified') return false;
    await this.options.ingest({ label: redactUrl(this.options.source), inputs: [{ kind: 'url', url: this.options.source, response }] });
    this.validators = validatorsOf(response);
    return true;
  }
}
