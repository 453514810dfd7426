import * as path from 'node:path';
import { repoRoot } from '../common/compiled-path';
import { StartupError } from '../common/startup-error';
import { loadConfig } from '../config/load-config';
import type { EmbeddingBatch } from './embedder.types';
import { EmbeddingService, parseModelsByEntity } from './embedding.service';

describe('EmbeddingService', () => {
  it('parses per-entity model overrides', () => {
    expect([...parseModelsByEntity(' event = ascii-test , transaction=all-MiniLM-L6-v2')]).toEqual([
      ['event', 'ascii-test'],
      ['transaction', 'all-MiniLM-L6-v2'],
    ]);
    expect(parseModelsByEntity('').size).toBe(0);
  });

  it('uses the per-entity model instead of the default, and never loads a default nobody uses', async () => {
    const service = await EmbeddingService.load(
      loadConfig({
        EMBEDDING_MODEL: 'model-that-does-not-exist',
        EMBEDDING_MODELS_BY_ENTITY: 'event=ascii-test,accountholder=wordpiece-bow-384,transaction=wordpiece-bow-384',
        MODELS_DIR: path.join(repoRoot, 'models'),
      }),
    );
    expect(service.models()).toEqual([
      { name: 'ascii-test', dimensions: 256, entities: ['event', 'interest'] },
      { name: 'wordpiece-bow-384', dimensions: 384, entities: ['accountholder', 'transaction'] },
    ]);
    // Interests follow the talks' model: their vectors meet in one profile.
    expect(service.embedderFor('interest')).toBe(service.embedderFor('event'));
    const [embedding] = await service.embedderFor('event').embed(['ab']);
    expect(embedding.vector[97]).toBe(1);
    expect(embedding.vector[98]).toBe(1);
    await service.onApplicationShutdown();
  });

  it('tells batch listeners about the inference rounds of model-run embedders, not of the computed ascii-test one', async () => {
    const service = await EmbeddingService.load(
      loadConfig({
        EMBEDDING_MODEL: 'wordpiece-bow-384',
        EMBEDDING_MODELS_BY_ENTITY: 'event=ascii-test',
        MODELS_DIR: path.join(repoRoot, 'models'),
      }),
    );
    try {
      const batches: EmbeddingBatch[] = [];
      service.onBatch((batch) => batches.push(batch));
      await service.embedderFor('event').embed(['a talk']);
      expect(batches).toEqual([]);
      await service.embedderFor('transaction').embed(['payment to a grocer', 'salary']);
      expect(batches).toEqual([{ model: 'wordpiece-bow-384', texts: 2, seconds: expect.any(Number) }]);
      // A model loaded at run time reports to the same listeners.
      const later = await service.embedderNamed('synthetic-minilm-l6', 'transaction');
      await later.embed(['refund']);
      expect(batches.map((batch) => [batch.model, batch.texts])).toEqual([
        ['wordpiece-bow-384', 2],
        ['synthetic-minilm-l6', 1],
      ]);
    } finally {
      await service.onApplicationShutdown();
    }
  });

  it('refuses an override for an entity type it does not know', async () => {
    await expect(EmbeddingService.load(loadConfig({ EMBEDDING_MODELS_BY_ENTITY: 'planet=ascii-test' }))).rejects.toThrow(StartupError);
    await expect(EmbeddingService.load(loadConfig({ EMBEDDING_MODELS_BY_ENTITY: 'planet=ascii-test' }))).rejects.toThrow(/unknown entity type "planet"/);
  });

  it('refuses a model whose vectors do not fit the fixed-size columns of captured rows', async () => {
    await expect(EmbeddingService.load(loadConfig({ EMBEDDING_MODEL: 'ascii-test' }))).rejects.toThrow(
      /accountholder vectors are stored as vector\(384\), but model ascii-test makes 256 dimensions/,
    );
  });

  it('refuses to give interests a model other than the talks they are compared with', async () => {
    await expect(EmbeddingService.load(loadConfig({ EMBEDDING_MODELS_BY_ENTITY: 'event=ascii-test,interest=wordpiece-bow-384' }))).rejects.toThrow(
      /interest vectors are compared with event vectors, which use ascii-test/,
    );
  });
});
