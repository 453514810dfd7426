import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { oneLine } from '../common/startup-error';
import { AppConfig } from '../config/app-config';
import { ReembedService } from './reembed.service';

/**
 * In the process that runs the workers: at start and then every EMBEDDING_SWEEP_INTERVAL_MS, queue
 * embeddings for every row that has none for its current text and model. Rows stored while Redis was
 * unreachable, written by other programs, or left behind by a model change are embedded this way; rows
 * whose jobs still wait are not queued twice (the fan-out's job ids are deterministic).
 * The sweep at start and one every EMBEDDING_FULL_SWEEP_INTERVAL_MS examine every row (hashing every
 * captured source row); the others only captured rows written since the last scan, and talks and
 * interests in their partial index of rows without a vector of their text (see FanOut): a full scan of
 * 1M captured rows hashed each of them every minute. The full pass stays because a job Redis accepted
 * can be lost after its outbox entry is gone (Redis restarted without it) while no sweep runs.
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
