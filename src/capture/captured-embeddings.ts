import { Logger } from '@nestjs/common';
import { oneLine } from '../common/startup-error';
import type { Embedding } from '../embedding/embedder.types';
import type { EmbedOutcome } from '../embedding/row-embeddings';
import type { TextTemplateName } from '../embedding/text-template';
import type { EnqueueItem, QueueService } from '../queue/queue.service';
import { dedupId, type JobName, type ReembedMode } from '../queue/queue.types';
import type { CapturedModels } from './captured-models';
import { CapturedEntity, CapturedRows, textHash } from './captured-rows';

type EmbedJob = JobName.EmbedAccountHolder | JobName.EmbedTransaction;
type FanOutJob = JobName.QueueAccountHolderEmbeddings | JobName.QueueTransactionEmbeddings;

/** Rows queued per round trip to Redis by a fan-out; progress is reported after each. */
const FAN_OUT_CHUNK = 1000;

export interface CapturedEmbeddingsOptions<Row> {
  rows: CapturedRows;
  models: CapturedModels;
  queues: QueueService;
  jobName: EmbedJob;
  fanOutJobName: FanOutJob;
  template: TextTemplateName;
  textOf: (row: Row, template: TextTemplateName) => string;
}

export interface Attempt {
  /** Attempts made before this one. */
  made: number;
  max: number;
}

export interface FanOutProgress {
  selected: number;
  queued: number;
}

/** The text a row gives now, and whether it is what its stored embedding was made from. */
export interface RenderedText {
  rowId: number;
  template: TextTemplateName;
  model: string;
  text: string;
  embedded: boolean;
}

/**
 * The embedding work of one captured table. A job reads the row as it is now, renders its text with
 * the configured template, and embeds it unless exactly that text is embedded by this model and
 * template already: a re-delivered or duplicate job changes nothing. A row whose text cannot be
 * rendered and a model error are retried with backoff; the last failure is recorded in
 * embedding_errors, and the row stays without a vector (never a zero vector).
 */
export class CapturedEmbeddings<Row> {
  private readonly logger: Logger;

  constructor(private readonly options: CapturedEmbeddingsOptions<Row>) {
    this.logger = new Logger(`${options.rows.entity}-embeddings`);
  }

  get entity(): CapturedEntity {
    return this.options.rows.entity;
  }

  /** The model rows are embedded with now (see CapturedModels). */
  get model(): string {
    return this.options.models.modelOf(this.entity);
  }

  get template(): TextTemplateName {
    return this.options.template;
  }

  /** A query text (a search) embedded by this entity type's model, so it can be compared with its rows. */
  async embedQuery(text: string): Promise<Embedding> {
    const [embedding] = await (await this.options.models.embedder(this.entity)).embed([text]);
    return embedding;
  }

  /** A job per change: the relay's jobs are keyed by outbox entry, re-embed requests by kind or round. */
  private job(rowId: number, key: string, force = false): EnqueueItem<EmbedJob> {
    return { data: { rowId, ...(force ? { force } : {}) }, dedupId: dedupId(this.entity, rowId, key) };
  }

  /** One job per changed row; `key` names the change, so relaying it again while its job waits adds nothing. */
  queueChanges(changes: Array<{ rowId: number; key: string }>): Promise<void> {
    return this.options.queues.enqueueMany(
      this.options.jobName,
      changes.map((change) => this.job(change.rowId, change.key)),
    );
  }

  async embed(rowId: number, force: boolean, attempt: Attempt): Promise<EmbedOutcome> {
    const { rows } = this.options;
    const current = await rows.current<Row>(rowId);
    if (!current) {
      await rows.clearFailure(rowId);
      return 'gone';
    }
    const embedder = await this.options.models.embedderChosen(this.entity, current.chosenModel);
    const attempted = { model: embedder.name, template: this.template, sourceHash: current.sourceHash };
    try {
      const text = this.options.textOf(current.row, this.template);
      const version = { ...attempted, textHash: textHash(text) };
      const { stored } = current;
      if (!force && stored && stored.textHash === version.textHash && stored.model === version.model && stored.template === version.template) {
        if (stored.sourceHash !== version.sourceHash) await rows.touch(rowId, version.sourceHash);
        await rows.clearFailure(rowId);
        return 'current';
      }
      const [embedding] = await embedder.embed([text]);
      return await rows.save(rowId, embedding, version);
    } catch (error) {
      // A text that cannot be rendered and a model error alike are retried with backoff (the row may be
      // fixed meanwhile); only the last attempt is recorded.
      if (attempt.made + 1 >= attempt.max) await rows.recordFailure(rowId, oneLine(error), attempt.max, attempted);
      throw error;
    }
  }

  /** The text of a row as the current template renders it; null when the row is gone. */
  async render(rowId: number): Promise<RenderedText | null> {
    const current = await this.options.rows.current<Row>(rowId);
    if (!current) return null;
    const text = this.options.textOf(current.row, this.template);
    const { stored } = current;
    const embedded = stored !== null && stored.textHash === textHash(text) && stored.model === this.model && stored.template === this.template;
    return { rowId, template: this.template, model: this.model, text, embedded };
  }

  /** The row was deleted: its embedding went with it; its failure record goes now. */
  forget(rowId: number): Promise<void> {
    return this.options.rows.clearFailure(rowId);
  }

  status() {
    return this.options.rows.status(this.model, this.template);
  }

  failures(limit: number) {
    return this.options.rows.failures(limit);
  }

  embeddedSince(since: Date): Promise<number> {
    return this.options.rows.embeddedSince(since);
  }

  /** Queues the fan-out job (returning its id); the worker then queues a job per selected row. */
  requestReembed(mode: ReembedMode, changedOnly = false): Promise<string> {
    return this.options.queues.enqueue(this.options.fanOutJobName, { mode, ...(changedOnly ? { changedOnly } : {}) });
  }

  /**
   * Queues a job for every row the mode selects, in chunks, reporting how far it got after each. A
   * stale scan records its watermark once its jobs are queued; changedOnly examines only rows written
   * since the last one (all of them while there is none yet).
   */
  async fanOut(mode: ReembedMode, onProgress: (progress: FanOutProgress) => Promise<void> = async () => undefined, changedOnly = false): Promise<FanOutProgress> {
    const { rows } = this.options;
    // A re-embed request may have chosen the model a moment ago: rows are selected by that model.
    await this.options.models.reload();
    const since = changedOnly && mode === 'stale' ? ((await rows.sweepWatermark()) ?? undefined) : undefined;
    const xmin = mode === 'stale' ? await rows.snapshotXmin() : undefined;
    const ids = await rows.targets(mode, this.model, this.template, since);
    // One waiting job per row serves every missing/stale request (a job reads the row when it runs); a
    // forced round needs keys of its own, or jobs still waiting would absorb it.
    const key = mode === 'all' ? `r${Date.now().toString(36)}` : 'fanout';
    const progress = { selected: ids.length, queued: 0 };
    await onProgress(progress);
    for (let start = 0; start < ids.length; start += FAN_OUT_CHUNK) {
      const chunk = ids.slice(start, start + FAN_OUT_CHUNK);
      await this.options.queues.enqueueMany(
        this.options.jobName,
        chunk.map((id) => this.job(id, key, mode === 'all')),
      );
      progress.queued += chunk.length;
      await onProgress(progress);
    }
    if (xmin !== undefined) await rows.recordSweep(xmin);
    this.logger.log({ msg: `queued ${this.entity} embeddings`, mode, changedOnly: since !== undefined, model: this.model, template: this.template, count: ids.length });
    return progress;
  }

  async retryFailed(): Promise<number> {
    const ids = await this.options.rows.failedIds();
    const round = `retry${Date.now().toString(36)}`;
    await this.options.queues.enqueueMany(
      this.options.jobName,
      ids.map((id) => this.job(id, round)),
    );
    return ids.length;
  }
}
