import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { oneLine } from '../common/startup-error';
import { AppConfig } from '../config/app-config';
import { ReembedService } from './reembed.service';

/**
 * In the process that runs the workers: at start and then every EMBEDDING_SWEEP_INTERVAL_MS, queue
 * embeddings for every row that has none for its current text and model. Rows stored while Redis was
 * unreachable, written by other programs, or left behind by a model change are embedded this way; rows
 * whose jobs still wait are not queued twice (the fan-out's job ids are deterministic).
 * For captured rows the sweep at start and one every EMBEDDING_FULL_SWEEP_INTERVAL_MS hash every source
 * row; the others examine only rows written since the last scan (a full scan of 1M rows hashed every
 * row each minute). The full pass stays because a job Redis accepted can still be lost after its outbox
 * entry is gone (Redis restarted without persisting it) and its row is not written again.
 */
@Injectable()
export class EmbeddingSweepService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('EmbeddingSweep');
  private timer?: NodeJS.Timeout;
  private lastFullSweep = 0;

  constructor(
    private readonly reembed: ReembedService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.APP_ROLE === 'api') return;
    void this.sweep();
    if (this.config.EMBEDDING_SWEEP_INTERVAL_MS > 0) {
      this.timer = setInterval(() => void this.sweep(), this.config.EMBEDDING_SWEEP_INTERVAL_MS);
      this.timer.unref();
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async sweep(): Promise<void> {
    const full = Date.now() - this.lastFullSweep >= this.config.EMBEDDING_FULL_SWEEP_INTERVAL_MS;
    try {
      await this.reembed.sweep(!full);
      if (full) this.lastFullSweep = Date.now();
    } catch (error) {
      this.logger.warn({ msg: 'could not queue the embedding sweep; retrying at the next interval', error: oneLine(error) });
    }
  }
}
