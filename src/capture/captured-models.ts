import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { oneLine } from '../common/startup-error';
import type { Embedder } from '../embedding/embedder.types';
import { EmbeddingService } from '../embedding/embedding.service';
import type { CapturedEntity } from './captured-rows';

/** How often every process re-reads the chosen models for queries: a choice reaches them within this. */
const REFRESH_MS = 2000;

export type ModelSource = 'config' | 'admin';

/**
 * The model of each captured entity type: the configured one, unless an operator chose another at run
 * time (embedding_model_choices, written by choose). modelOf reads a copy every process refreshes every
 * REFRESH_MS, so queries never wait for it. An embedding job reads the choice with its row (see
 * embedderChosen), and embedder() reads the table first (concurrent callers share one read), so no row
 * is embedded with a model replaced before its job ran.
 */
@Injectable()
export class CapturedModels implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('CapturedModels');
  private chosen = new Map<CapturedEntity, string>();
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
    await this.refresh();
    return this.embedding.embedderNamed(this.modelOf(entity), entity);
  }

  /**
   * The same, with the choice read just now by the caller (an embedding job reads it with its row, in
   * one statement, instead of a read of its own per job); null: no model chosen.
   */
  embedderChosen(entity: CapturedEntity, chosen: string | null): Promise<Embedder> {
    if (chosen === null) this.chosen.delete(entity);
    else this.chosen.set(entity, chosen);
    return this.embedding.embedderNamed(this.modelOf(entity), entity);
  }

  /**
   * Reads the choices now, without joining a read already under way (it may have started before a
   * choice this caller must see, such as the one a re-embed request just made).
   */
  reload(): Promise<void> {
    return this.read();
  }

  /**
   * Makes `model` the entity type's model for every process. It is loaded here first, so a model that
   * is unknown, missing, corrupt or of the wrong size is refused before anything changes. Choosing the
   * configured model removes the choice.
   */
  async choose(entity: CapturedEntity, model: string): Promise<{ model: string; previous: string }> {
    await this.embedding.embedderNamed(model, entity);
    await this.reload();
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
    await this.reload();
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
  }
}
