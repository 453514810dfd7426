import { HealthIndicatorService } from '@nestjs/terminus';
import type { Embedder, Embedding } from '../embedding/embedder.types';
import { EmbeddingOverloadedError } from '../embedding/embedding-overloaded.error';
import type { EmbeddingEntity, EmbeddingService, LoadedModel } from '../embedding/embedding.service';
import { MODEL_PROBE_REUSE_MS, MODEL_PROBE_TEXT, ModelHealthIndicator } from './model.health';

const vector = (dimensions: number, value = 0.1): Embedding => ({ vector: new Float32Array(dimensions).fill(value), truncated: false });

/** An EmbeddingService whose models answer with `embed`. */
function embeddingService(models: LoadedModel[], embed: (model: string, texts: string[]) => Promise<Embedding[]>) {
  const calls: Array<{ model: string; texts: string[] }> = [];
  const embedders = new Map(
    models.map((model) => [
      model.name,
      {
        name: model.name,
        dimensions: model.dimensions,
        embed: (texts: string[]) => (calls.push({ model: model.name, texts }), embed(model.name, texts)),
        close: async () => undefined,
      } as Embedder,
    ]),
  );
  const service = {
    models: () => models,
    embedderFor: (entity: EmbeddingEntity) => embedders.get(models.find((model) => model.entities.includes(entity))!.name)!,
  } as unknown as EmbeddingService;
  return { service, calls };
}

const MINILM: LoadedModel = { name: 'all-MiniLM-L6-v2', dimensions: 384, entities: ['event', 'interest', 'accountholder', 'transaction'] };

describe('ModelHealthIndicator', () => {
  it('embeds the probe text once with every configured model and reports the models', async () => {
    const ascii: LoadedModel = { name: 'ascii-test', dimensions: 256, entities: ['event', 'interest'] };
    const minilm: LoadedModel = { ...MINILM, entities: ['accountholder', 'transaction'] };
    const { service, calls } = embeddingService([ascii, minilm], async (model, texts) => texts.map(() => vector(model === 'ascii-test' ? 256 : 384)));
    const result = await new ModelHealthIndicator(new HealthIndicatorService(), service).check();
    expect(result).toEqual({ model: { status: 'up', loaded: true, models: [ascii, minilm], probe: { ms: expect.any(Number) } } });
    expect(calls).toEqual([
      { model: 'ascii-test', texts: [MODEL_PROBE_TEXT] },
      { model: 'all-MiniLM-L6-v2', texts: [MODEL_PROBE_TEXT] },
    ]);
  });

  it('reuses a probe for a while, so a tight poll does not load inference', async () => {
    const { service, calls } = embeddingService([MINILM], async (_, texts) => texts.map(() => vector(384)));
    const indicator = new ModelHealthIndicator(new HealthIndicatorService(), service);
    await Promise.all([indicator.check(), indicator.check()]);
    await indicator.check();
    expect(calls).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, MODEL_PROBE_REUSE_MS + 50));
    await indicator.check();
    expect(calls).toHaveLength(2);
  });

  it('is down, naming the model, when its engine is overloaded', async () => {
    const { service } = embeddingService([MINILM], () => Promise.reject(new EmbeddingOverloadedError('queue-full')));
    expect(await new ModelHealthIndicator(new HealthIndicatorService(), service).check()).toEqual({
      model: { status: 'down', message: 'model all-MiniLM-L6-v2 is overloaded', loaded: true, models: [MINILM] },
    });
  });

  it('is down when the engine fails, without passing its error on', async () => {
    const { service } = embeddingService([MINILM], () => Promise.reject(new Error('inference worker died at /srv/models/model.onnx')));
    const { model } = await new ModelHealthIndicator(new HealthIndicatorService(), service).check();
    expect(model).toMatchObject({ status: 'down', message: 'model all-MiniLM-L6-v2 failed the probe embedding' });
  });

  it.each([
    ['a vector of another width', vector(128)],
    ['a vector with NaN', vector(384, Number.NaN)],
  ])('is down when the model answers %s', async (_, answer) => {
    const { service } = embeddingService([MINILM], async () => [answer]);
    const { model } = await new ModelHealthIndicator(new HealthIndicatorService(), service).check();
    expect(model).toMatchObject({ status: 'down', message: 'model all-MiniLM-L6-v2 answered the probe with an unusable vector' });
  });
});
