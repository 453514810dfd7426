import { Injectable } from '@nestjs/common';
import { CapturedEmbeddingsRegistry } from './captured-embeddings.registry';
import type { CapturedTableSpec } from './captured-rows';

type Entity = CapturedTableSpec['entity'];

/** What the admin API shows and does about the embeddings of captured rows. */
@Injectable()
export class CapturedEmbeddingsAdminService {
  constructor(private readonly registry: CapturedEmbeddingsRegistry) {}

  async status() {
    return Promise.all(
      this.registry.all().map(async (embeddings) => ({
        entity: embeddings.entity,
        model: embeddings.model,
        template: embeddings.template,
        ...(await embeddings.status()),
      })),
    );
  }

  async failures(entity: Entity, limit: number) {
    return { entity, failures: await this.registry.get(entity).failures(limit) };
  }

  /** Queues every failed row of the entity types given (all when none) again. */
  async retryFailed(entities: Entity[] | undefined) {
    const chosen = entities?.length ? entities.map((entity) => this.registry.get(entity)) : this.registry.all();
    const queued = await Promise.all(chosen.map(async (embeddings) => ({ entity: embeddings.entity, queued: await embeddings.retryFailed() })));
    return { queued };
  }
}
