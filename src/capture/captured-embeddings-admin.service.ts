import { Injectable, NotFoundException } from '@nestjs/common';
import { TemplateError } from '../embedding/text-template';
import { CapturedEmbeddingsRegistry } from './captured-embeddings.registry';
import { CapturedModels } from './captured-models';
import type { CapturedEntity } from './captured-rows';

/** What the admin API shows and does about the embeddings of captured rows. */
@Injectable()
export class CapturedEmbeddingsAdminService {
  constructor(
    private readonly registry: CapturedEmbeddingsRegistry,
    private readonly models: CapturedModels,
  ) {}

  async status() {
    return Promise.all(
      this.registry.all().map(async (embeddings) => ({
        entity: embeddings.entity,
        model: embeddings.model,
        modelSource: this.models.sourceOf(embeddings.entity),
        template: embeddings.template,
        ...(await embeddings.status()),
      })),
    );
  }

  async failures(entity: CapturedEntity, limit: number) {
    return { entity, failures: await this.registry.get(entity).failures(limit) };
  }

  /** Queues every failed row of the entity types given (all when none) again. */
  async retryFailed(entities: CapturedEntity[] | undefined) {
    const chosen = entities?.length ? entities.map((entity) => this.registry.get(entity)) : this.registry.all();
    const queued = await Promise.all(chosen.map(async (embeddings) => ({ entity: embeddings.entity, queued: await embeddings.retryFailed() })));
    return { queued };
  }

  /** The row's text as the current template renders it; a row the template cannot render says why. */
  async text(entity: CapturedEntity, rowId: number) {
    const embeddings = this.registry.get(entity);
    try {
      const rendered = await embeddings.render(rowId);
      if (!rendered) throw new NotFoundException(`no ${entity} row ${rowId}`);
      return { entity, ...rendered };
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      return { entity, rowId, template: embeddings.template, model: embeddings.model, text: null, embedded: false, error: error.message };
    }
  }
}
