import { Injectable } from '@nestjs/common';
import { KeyedBatchLoader } from '../common/keyed-batch-loader';
import { CapturedEmbeddingsRegistry } from './captured-embeddings.registry';
import type { CapturedEntity, CapturedTableSpec } from './captured-rows';
import { EmbeddingRecord, EmbeddingStatus, toEmbeddingStatus } from './embedding-status';
import { EmbeddingStatusRepository } from './embedding-status.repository';

/**
 * The embedding field of captured rows. Loaders live per GraphQL request (keyed by its context object)
 * and per entity type, so a list of 100 legs asking for their embedding costs one query, not 100.
 */
@Injectable()
export class EmbeddingStatusService {
  private readonly loaders = new WeakMap<object, Map<CapturedEntity, KeyedBatchLoader<number, EmbeddingRecord | null>>>();

  constructor(
    private readonly repository: EmbeddingStatusRepository,
    private readonly registry: CapturedEmbeddingsRegistry,
  ) {}

  async statusOf(spec: CapturedTableSpec, rowId: number, request: object): Promise<EmbeddingStatus> {
    const record = await this.loader(spec, request).load(rowId);
    const { model, template } = this.registry.get(spec.entity);
    return toEmbeddingStatus(record, { model, template });
  }

  private loader(spec: CapturedTableSpec, request: object): KeyedBatchLoader<number, EmbeddingRecord | null> {
    let byEntity = this.loaders.get(request);
    if (!byEntity) this.loaders.set(request, (byEntity = new Map()));
    let loader = byEntity.get(spec.entity);
    if (!loader) {
      loader = new KeyedBatchLoader((rowIds) => this.repository.records(spec, rowIds), null);
      byEntity.set(spec.entity, loader);
    }
    return loader;
  }
}
