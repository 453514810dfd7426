import { Injectable } from '@nestjs/common';
import { PerRequestLoader } from '../graphql/per-request-loader';
import { CapturedEmbeddingsRegistry } from './captured-embeddings.registry';
import type { CapturedEntity, CapturedTableSpec } from './captured-rows';
import { EmbeddingRecord, EmbeddingStatus, toEmbeddingStatus } from './embedding-status';
import { EmbeddingStatusRepository } from './embedding-status.repository';

/**
 * The embedding field of captured rows. Loaded per GraphQL request and per entity type, so a list of
 * 100 legs asking for their embedding costs one query, not 100; a row with no record is null.
 */
@Injectable()
export class EmbeddingStatusService {
  private readonly loaders = new Map<CapturedEntity, PerRequestLoader<number, EmbeddingRecord | null>>();

  constructor(
    private readonly repository: EmbeddingStatusRepository,
    private readonly registry: CapturedEmbeddingsRegistry,
  ) {}

  async statusOf(spec: CapturedTableSpec, rowId: number, request: object): Promise<EmbeddingStatus> {
    const record = await this.loader(spec).load(request, rowId);
    const { model, template } = this.registry.get(spec.entity);
    return toEmbeddingStatus(record, { model, template });
  }

  private loader(spec: CapturedTableSpec): PerRequestLoader<number, EmbeddingRecord | null> {
    let loader = this.loaders.get(spec.entity);
    if (!loader) {
      loader = new PerRequestLoader((rowIds) => this.repository.records(spec, rowIds), null);
      this.loaders.set(spec.entity, loader);
    }
    return loader;
  }
}
