import { Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { oneLine } from '../common/startup-error';
import type { EmbeddingService } from '../embedding/embedding.service';
import { TemplateError, type TextTemplateName } from '../embedding/text-template';
import type { EnqueueItem, QueueService } from '../queue/queue.service';
import { dedupId, type JobName, type ReembedMode } from '../queue/queue.types';
import { CapturedRows, textHash } from './captured-rows';

type EmbedJob = JobName.EmbedAccountHolder | JobName.EmbedTransaction;

export interface CapturedEmbeddingsOptions<Row> {
  rows: CapturedRows;
  embedding: EmbeddingService;
  queues: QueueService;
  jobName: EmbedJob;
  template: TextTemplateName;
  textOf: (row: Row, template: TextTemplateName) => string;
}

/** gone: the row was deleted; current: its text is embedded by this model and template already. */
export type CapturedOutcome = 'embedded' | 'current' | 'gone';

export interface Attempt {
  /** Attempts made before this one. */
  made: number;
  max: number;
}

/**
 * The embedding work of one captured table. A job reads the row as it is now, renders its text with
 * the configured template, and embeds it unless exactly that text is embedded by this model and
 * template already: a re-delivered or duplicate job changes nothing. A row whose text cannot be
 * rendered fails at once; a model error is retried with backoff; either way the last failure is
 * recorded in embedding_errors, and the row stays without a vector (never a zero vector).
 */
export class CapturedEmbeddings<Row> {
  private readonly logger: Logger;

  constructor(private readonly options: CapturedEmbeddingsOptions<Row>) {
    this.logger = new Logger(`${options.rows.spec.entity}-embeddings`);
  }

  get entity() {
    return this.options.rows.spec.entity;
  }

  get model(): string {
    return this.options.embedding.embedderFor(this.entity).name;
  }

  get template(): TextTemplateName {
    return this.options.template;
  }

  /** A job per change: the relay's jobs are keyed by outbox entry, re-embed requests by round. */
  job(rowId: number, key: string, force = false): EnqueueItem<EmbedJob> {
    return { data: { rowId, ...(force ? { force } : {}) }, dedupId: dedupId(this.entity, rowId, key) };
  }

  async embed(rowId: number, force: boolean, attempt: Attempt): Promise<CapturedOutcome> {
    const { rows } = this.options;
    const row = await rows.row<Row>(rowId);
    if (!row) {
      await rows.clearFailure(rowId);
      return 'gone';
    }
    let text: string;
    try {
      text = this.options.textOf(row, this.template);
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      await rows.recordFailure(rowId, error.message, 1);
      throw new UnrecoverableError(error.message);
    }
    const hash = textHash(text);
    const stored = await rows.stored(rowId);
    if (!force && stored && stored.textHash === hash && stored.model === this.model && stored.template === this.template) return 'current';
    try {
      const embedder = this.options.embedding.embedderFor(this.entity);
      const [embedding] = await embedder.embed([text]);
      if (!(await rows.save(rowId, embedding, embedder.name, this.template, hash))) return 'gone';
    } catch (error) {
      // Only the last attempt is recorded: earlier ones are retried with backoff.
      if (attempt.made + 1 >= attempt.max) await rows.recordFailure(rowId, oneLine(error), attempt.max);
      throw error;
    }
    await rows.clearFailure(rowId);
    return 'embedded';
  }

  /** The row was deleted: its embedding went with it; its failure record goes now. */
  forget(rowId: number): Promise<void> {
    return this.options.rows.clearFailure(rowId);
  }

  status() {
    return this.options.rows.status();
  }

  failures(limit: number) {
    return this.options.rows.failures(limit);
  }

  async fanOut(mode: ReembedMode): Promise<number> {
    const ids = await this.options.rows.targets(mode, this.model, this.template);
    const round = `r${Date.now().toString(36)}`;
    await this.options.queues.enqueueMany(this.options.jobName, ids.map((id) => this.job(id, round, mode === 'all')));
    this.logger.log({ msg: `queued ${this.entity} embeddings`, mode, count: ids.length });
    return ids.length;
  }

  async retryFailed(): Promise<number> {
    const ids = await this.options.rows.failedIds();
    const round = `retry${Date.now().toString(36)}`;
    await this.options.queues.enqueueMany(this.options.jobName, ids.map((id) => this.job(id, round)));
    return ids.length;
  }
}
