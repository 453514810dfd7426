import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Listener, Listeners } from '../common/listeners';
import { oneLine, StartupError } from '../common/startup-error';
import type { Embedder, EmbeddingBatch } from './embedder.types';
import type { OnnxEmbedderStats } from './onnx/onnx-embedder';
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
  for (const pair of value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [entity, model] = pair.split('=').map((p) => p.trim());
    map.set(entity, model);
  }
  return map;
}

/** Refuses an embedder whose vectors do not fit the entity type's fixed-size column. */
function checkDimensions(entity: EmbeddingEntity, embedder: Embedder): void {
  const required = FIXED_DIMENSIONS[entity];
  if (required !== undefined && embedder.dimensions !== required) {
    throw new StartupError(
      `${entity} vectors are stored as vector(${required}), but model ${embedder.name} makes ${embedder.dimensions} dimensions; choose a ${required}-dimension model for ${entity}`,
    );
  }
}

/**
 * The embedders of this process, one per distinct model. The configured ones are loaded at start, so
 * that a missing or corrupt model stops the start with a message instead of failing jobs later; a
 * model chosen at run time for an entity type (embeddingFor) is loaded on first use and kept.
 */
@Injectable()
export class EmbeddingService implements OnApplicationShutdown {
  private constructor(
    private readonly config: AppConfig,
    private readonly byEntity: Map<EmbeddingEntity, Embedder>,
    private readonly byModel: Map<string, Promise<Embedder>>,
    private readonly batches: Listeners<EmbeddingBatch>,
  ) {}

  static async load(config: AppConfig): Promise<EmbeddingService> {
    const logger = new Logger('EmbeddingService');
    const batches = new Listeners<EmbeddingBatch>((error) => logger.warn({ msg: 'an embedding batch listener failed', error: oneLine(error) }));
    const overrides = parseModelsByEntity(config.EMBEDDING_MODELS_BY_ENTITY);
    for (const entity of overrides.keys()) {
      if (!(EMBEDDING_ENTITIES as readonly string[]).includes(entity)) {
        throw new StartupError(`EMBEDDING_MODELS_BY_ENTITY names unknown entity type "${entity}" (known: ${EMBEDDING_ENTITIES.join(', ')})`);
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
    const byModel = new Map<string, Promise<Embedder>>();
    const byEntity = new Map<EmbeddingEntity, Embedder>();
    try {
      for (const entity of EMBEDDING_ENTITIES) {
        const model = modelOf(entity);
        if (!byModel.has(model)) byModel.set(model, Promise.resolve(await createEmbedder(model, config, (batch) => batches.emit(batch))));
        const embedder = await byModel.get(model)!;
        checkDimensions(entity, embedder);
        byEntity.set(entity, embedder);
      }
    } catch (error) {
      await closeAll(byModel);
      throw error;
    }
    return new EmbeddingService(config, byEntity, byModel, batches);
  }

  /** Tells `listener` about every inference round of every model loaded in this process (e.g. for metrics). */
  onBatch(listener: Listener<EmbeddingBatch>): void {
    this.batches.add(listener);
  }

  /** The configured embedder of an entity type. */
  embedderFor(entity: EmbeddingEntity): Embedder {
    return this.byEntity.get(entity)!;
  }

  /**
   * The embedder of a model by name for an entity type, loading it on first use. Fails (and keeps
   * nothing) when the model is unknown, its files are missing or corrupt, or its vectors do not fit.
   */
  async embedderNamed(model: string, entity: EmbeddingEntity): Promise<Embedder> {
    let loading = this.byModel.get(model);
    if (!loading) {
      loading = createEmbedder(model, this.config, (batch) => this.batches.emit(batch));
      this.byModel.set(model, loading);
      loading.catch(() => this.byModel.delete(model));
    }
    const embedder = await loading;
    checkDimensions(entity, embedder);
    return embedder;
  }

  /** The configured models and the entity types that use them (models loaded later are not listed). */
  models(): LoadedModel[] {
    const models = new Map<Embedder, LoadedModel>();
    for (const [entity, embedder] of this.byEntity) {
      const model = models.get(embedder) ?? { name: embedder.name, dimensions: embedder.dimensions, entities: [] };
      model.entities.push(entity);
      models.set(embedder, model);
    }
    return [...models.values()];
  }

  /** Work counters of every model loaded in this process (the configured ones and those chosen later). */
  async engineStats(): Promise<OnnxEmbedderStats[]> {
    const loaded = await Promise.all([...this.byModel.values()].map((loading) => loading.catch(() => undefined)));
    return loaded.flatMap((embedder) => (embedder?.stats ? [embedder.stats()] : []));
  }

  async onApplicationShutdown(): Promise<void> {
    await closeAll(this.byModel);
  }
}

async function closeAll(byModel: Map<string, Promise<Embedder>>): Promise<void> {
  await Promise.all(
    [...byModel.values()].map((loading) =>
      loading.then(
        (embedder) => embedder.close(),
        () => undefined,
      ),
    ),
  );
}
