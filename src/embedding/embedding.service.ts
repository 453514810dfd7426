import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { StartupError } from '../common/startup-error';
import type { Embedder } from './embedder.types';
import { createEmbedder } from './embedder-factory';

/** Entity types whose rows get embeddings; each may use its own model (EMBEDDING_MODELS_BY_ENTITY). */
export const EMBEDDING_ENTITIES = ['event', 'interest', 'accountholder', 'transaction'] as const;
export type EmbeddingEntity = (typeof EMBEDDING_ENTITIES)[number];

/**
 * Entity types whose vectors are compared with another type's and so must come from the same model: an
 * interest joins liked talks in a profile that is matched against talks.
 */
const SAME_MODEL_AS: Partial<Record<EmbeddingEntity, EmbeddingEntity>> = { interest: 'event' };

/** Entity types stored in fixed-size vector columns (vector(384), with an HNSW index). */
const FIXED_DIMENSIONS: Partial<Record<EmbeddingEntity, number>> = { accountholder: 384, transaction: 384 };

export interface LoadedModel {
  name: string;
  dimensions: number;
  entities: EmbeddingEntity[];
}

/** Parses "event=ascii-test,transaction=all-MiniLM-L6-v2". */
export function parseModelsByEntity(value: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const pair of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [entity, model] = pair.split('=').map((p) => p.trim());
    map.set(entity, model);
  }
  return map;
}

/**
 * The embedders of this process, one per distinct model, loaded at start so that a missing or corrupt
 * model stops the start with a message instead of failing jobs later.
 */
@Injectable()
export class EmbeddingService implements OnApplicationShutdown {
  private constructor(private readonly byEntity: Map<EmbeddingEntity, Embedder>) {}

  static async load(config: AppConfig): Promise<EmbeddingService> {
    const overrides = parseModelsByEntity(config.EMBEDDING_MODELS_BY_ENTITY);
    for (const entity of overrides.keys()) {
      if (!(EMBEDDING_ENTITIES as readonly string[]).includes(entity)) {
        throw new StartupError(
          `EMBEDDING_MODELS_BY_ENTITY names unknown entity type "${entity}" (known: ${EMBEDDING_ENTITIES.join(', ')})`,
        );
      }
    }
    const modelOf = (entity: EmbeddingEntity): string => {
      const peer = SAME_MODEL_AS[entity];
      if (!peer) return overrides.get(entity) ?? config.EMBEDDING_MODEL;
      const model = modelOf(peer);
      const own = overrides.get(entity);
      if (own !== undefined && own !== model) {
        throw new StartupError(
          `EMBEDDING_MODELS_BY_ENTITY gives ${entity} the model ${own}, but ${entity} vectors are compared with ${peer} vectors, which use ${model}; give both the same model`,
        );
      }
      return model;
    };
    const byModel = new Map<string, Embedder>();
    const byEntity = new Map<EmbeddingEntity, Embedder>();
    try {
      for (const entity of EMBEDDING_ENTITIES) {
        const model = modelOf(entity);
        if (!byModel.has(model)) byModel.set(model, await createEmbedder(model, config));
        const embedder = byModel.get(model)!;
        const required = FIXED_DIMENSIONS[entity];
        if (required !== undefined && embedder.dimensions !== required) {
          throw new StartupError(
            `${entity} vectors are stored as vector(${required}), but model ${model} makes ${embedder.dimensions} dimensions; choose a ${required}-dimension model for ${entity} in EMBEDDING_MODELS_BY_ENTITY`,
          );
        }
        byEntity.set(entity, embedder);
      }
    } catch (error) {
      await Promise.all([...byModel.values()].map((embedder) => embedder.close()));
      throw error;
    }
    return new EmbeddingService(byEntity);
  }

  embedderFor(entity: EmbeddingEntity): Embedder {
    return this.byEntity.get(entity)!;
  }

  models(): LoadedModel[] {
    const models = new Map<Embedder, LoadedModel>();
    for (const [entity, embedder] of this.byEntity) {
      const model = models.get(embedder) ?? { name: embedder.name, dimensions: embedder.dimensions, entities: [] };
      model.entities.push(entity);
      models.set(embedder, model);
    }
    return [...models.values()];
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...new Set(this.byEntity.values())].map((embedder) => embedder.close()));
  }
}
