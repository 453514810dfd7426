import { Injectable } from '@nestjs/common';
import type { CapturedEmbeddings } from './captured-embeddings';
import type { CapturedEntity } from './captured-rows';

/** The captured entity types of this process, registered by their feature modules. */
@Injectable()
export class CapturedEmbeddingsRegistry {
  private readonly byEntity = new Map<CapturedEntity, CapturedEmbeddings<unknown>>();

  register(embeddings: CapturedEmbeddings<unknown>): void {
    this.byEntity.set(embeddings.entity, embeddings);
  }

  get(entity: CapturedEntity): CapturedEmbeddings<unknown> {
    const embeddings = this.byEntity.get(entity);
    if (!embeddings) throw new Error(`no captured entity type ${entity} is registered`);
    return embeddings;
  }

  all(): CapturedEmbeddings<unknown>[] {
    return [...this.byEntity.values()];
  }
}
