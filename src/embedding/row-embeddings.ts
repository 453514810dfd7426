import { Logger } from '@nestjs/common';
import type { EnqueueItem, QueueService } from '../queue/queue.service';
import { dedupId, type JobName, type ReembedMode } from '../queue/queue.types';
import type { EmbeddedTable } from './embedded-table';
import type { EmbeddingEntity, EmbeddingService } from './embedding.service';

/**
 * gone: row deleted; stale: the row changed since the job was queued or while its text was embedded (the
 * change's own job embeds it); current: already embedded by this model (and template).
 */
export type EmbedOutcome = 'embedded' | 'current' | 'stale' | 'gone';

/** How a re-embed request's job differs from the job the row's writer queued. */
export interface JobVariant {
  /** mode=all: a key of its own, so jobs still waiting for the same text do not absorb it. */
  round?: string;
  /** Embed even if the stored embedding is of this text and model. */
  force?: boolean;
}

/** Dedup key of one row's text: while its job waits or runs, the same text is not queued again. */
export function embeddingDedupId(entity: EmbeddingEntity, id: string | number, contentHash: string, variant: JobVariant = {}): string {
  return dedupId(entity, id, contentHash, ...(variant.round ? [variant.round] : []));
}

export interface RowEmbeddingsOptions<Id extends string | number, J extends JobName> {
  entity: EmbeddingEntity;
  table: EmbeddedTable<Id>;
  embedding: EmbeddingService;
  queues: QueueService;
  jobName: J;
  /** The job for one row; `variant` makes its id differ from the id the row's writer used. */
  job: (id: Id, contentHash: string, variant?: JobVariant) => EnqueueItem<J>;
}

/**
 * The embedding work of one entity type: fan-out jobs that queue a job per selected row, and the job
 * that embeds one row. A sweep repeated while its jobs still wait adds nothing (same dedup keys); a job
 * that finds its row already embedded for this text and model does nothing.
 */
export class RowEmbeddings<Id extends string | number, J extends JobName> {
  private readonly logger: Logger;

  constructor(private readonly options: RowEmbeddingsOptions<Id, J>) {
    this.logger = new Logger(`${options.entity}-embeddings`);
  }

  get model(): string {
    return this.options.embedding.embedderFor(this.options.entity).name;
  }

  /** changedOnly (mode stale): rows whose text is not the embedded one, the model not compared (see FanOut). */
  async fanOut(mode: ReembedMode, changedOnly = false): Promise<number> {
    const targets = await this.options.table.targets(mode, this.model, changedOnly);
    const variant: JobVariant = mode === 'all' ? { round: Date.now().toString(36), force: true } : {};
    await this.options.queues.enqueueMany(
      this.options.jobName,
      targets.map((target) => this.options.job(target.id, target.contentHash, variant)),
    );
    this.logger.log({ msg: `queued ${this.options.entity} embeddings`, mode, count: targets.length });
    return targets.length;
  }

  /** Embeds one row's text unless it changed since the job was queued or (without force) is already done. */
  async embed(id: Id, contentHash: string, force = false): Promise<EmbedOutcome> {
    const embedder = this.options.embedding.embedderFor(this.options.entity);
    const row = await this.options.table.source(id, embedder.name);
    if (!row) return 'gone';
    // The text changed after this job was queued: the job queued for the new text embeds it.
    if (row.contentHash !== contentHash) return 'stale';
    if (row.current && !force) return 'current';
    const [embedding] = await embedder.embed([row.text]);
    const saved = await this.options.table.save(id, contentHash, embedder.name, embedding);
    return saved ? 'embedded' : 'stale';
  }
}
