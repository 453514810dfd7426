import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { oneLine } from '../common/startup-error';
import type { Embedder } from '../embedding/embedder.types';
import { EmbeddingService } from '../embedding/embedding.service';
import type { CapturedEntity } from './captured-rows';

/** How often every process re-reads the chosen models: a choice made in one reaches the others within this. */
const REFRESH_MS = 2000;
/** Jobs re-read the choice when it is older than this, so a re-embed right after a choice uses the new model. */
const FRESH_MS = 500;

export type ModelSource = 'config' | 'admin';

/**
 * The model of each captured entity type: the configured one, unless an operator chose another at run
 * time (embedding_model_choices, written by chooseModel). Reads are synchronous from a copy that every
 * process refreshes, so queries never wait for it; embedding jobs refresh it when it is older than FRESH_MS.
 */
@Injectable()
export class CapturedModels implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('CapturedModels');
  private chosen = new Map<CapturedEntity, string>();
  private readAt = 0;
  private timer?: NodeJS.Timeout;
  private refreshing?: Promise<void>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly embedding: EmbeddingService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.refresh();
    for (const [entity, model] of this.chosen) {
      this.logger.log({ msg: 'using the model chosen through the admin API instead of the configured one', entity, model, configured: this.configured(entity) });
    }
    this.timer = setInterval(() => void this.refresh().catch((error) => this.logger.warn({ msg: 'could not read the chosen models', error: oneLine(error) })), REFRESH_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  modelOf(entity: CapturedEntity): string {
    return this.chosen.get(entity) ?? this.configured(entity);
  }

  sourceOf(entity: CapturedEntity): ModelSource {
    return this.chosen.has(entity) ? 'admin' : 'config';
  }

  /** The embedder of the entity type's current model (loaded on first use when it was chosen at run time). */
  async embedder(entity: CapturedEntity): Promise<Embedder> {
    if (Date.now() - this.readAt > FRESH_MS) await this.refresh();
    return this.embedding.embedderNamed(this.modelOf(entity), entity);
  }

  /**
   * Makes `model` the entity type's model for every process. It is loaded here first, so a model that
   * is unknown, missing, corrupt or of the wrong size is refused before anything changes. Choosing the
   * configured model removes the choice.
   */
  async choose(entity: CapturedEntity, model: string): Promise<{ model: string; previous: string }> {
    await this.embedding.embedderNamed(model, entity);
    await this.refresh();
    const previous = this.modelOf(entity);
    if (model === this.configured(entity)) {
      await this.db.query('DELETE FROM embedding_model_choices WHERE entity = $1', [entity]);
    } else {
      await this.db.query(
        `INSERT INTO embedding_model_choices (entity, model) VALUES ($1, $2)
         ON CONFLICT (entity) DO UPDATE SET model = EXCLUDED.model, chosen_at = now()`,
        [entity, model],
      );
    }
    await this.refresh();
    if (previous !== model) this.logger.log({ msg: 'model changed', entity, model, previous });
    return { model, previous };
  }

  private configured(entity: CapturedEntity): string {
    return this.embedding.embedderFor(entity).name;
  }

  /** Concurrent callers share one read. */
  private refresh(): Promise<void> {
    this.refreshing ??= this.read().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async read(): Promise<void> {
    const rows: Array<{ entity: CapturedEntity; model: string }> = await this.db.query('SELECT entity, model FROM embedding_model_choices');
    this.chosen = new Map(rows.map((row) => [row.entity, row.model]));
    this.readAt = Date.now();
  }
}
