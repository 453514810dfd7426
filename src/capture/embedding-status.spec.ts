import type { CapturedEmbeddingsRegistry } from './captured-embeddings.registry';
import type { CapturedTableSpec } from './captured-rows';
import { EmbeddingRecord, toEmbeddingStatus } from './embedding-status';
import type { EmbeddingStatusRepository } from './embedding-status.repository';
import { EmbeddingStatusService } from './embedding-status.service';

const current = { model: 'wordpiece-bow-384', template: 'informative' };
const embedded: EmbeddingRecord = {
  model: 'wordpiece-bow-384',
  template: 'informative',
  dimensions: 384,
  embeddedAt: new Date('2024-05-01T10:00:00Z'),
  truncated: false,
  reason: null,
  attempts: null,
};
const failure = { model: null, template: null, dimensions: null, embeddedAt: null, truncated: null, reason: 'amount must be a JSON object, got string', attempts: 1 };

describe('toEmbeddingStatus', () => {
  it('is PENDING, with every other field null, when there is neither a vector nor a failure', () => {
    expect(toEmbeddingStatus(null, current)).toEqual({
      state: 'PENDING',
      model: null,
      template: null,
      dimensions: null,
      embeddedAt: null,
      truncated: null,
      error: null,
      attempts: null,
      stale: null,
    });
  });

  it('is EMBEDDED with the vector’s model, template, size and time', () => {
    expect(toEmbeddingStatus(embedded, current)).toEqual({
      state: 'EMBEDDED',
      model: 'wordpiece-bow-384',
      template: 'informative',
      dimensions: 384,
      embeddedAt: '2024-05-01T10:00:00.000Z',
      truncated: false,
      error: null,
      attempts: null,
      stale: false,
    });
  });

  it('is stale when made by another model or template', () => {
    expect(toEmbeddingStatus({ ...embedded, model: 'all-MiniLM-L6-v2' }, current).stale).toBe(true);
    expect(toEmbeddingStatus({ ...embedded, template: 'reference' }, current).stale).toBe(true);
  });

  it('is FAILED with the reason and attempts when there is a failure and no vector', () => {
    expect(toEmbeddingStatus(failure, current)).toEqual({
      state: 'FAILED',
      model: null,
      template: null,
      dimensions: null,
      embeddedAt: null,
      truncated: null,
      error: 'amount must be a JSON object, got string',
      attempts: 1,
      stale: null,
    });
  });

  it('stays EMBEDDED when a later text failed, and shows that failure', () => {
    expect(toEmbeddingStatus({ ...embedded, reason: 'model error', attempts: 5 }, current)).toMatchObject({ state: 'EMBEDDED', error: 'model error', attempts: 5 });
  });
});

describe('EmbeddingStatusService', () => {
  const spec: CapturedTableSpec = { entity: 'transaction', sourceTable: 'transactions', embeddingsTable: 'transaction_embeddings', jsonColumns: [] };
  const registry = { get: () => current } as unknown as CapturedEmbeddingsRegistry;

  it('loads the statuses of all rows a request asks for with one query', async () => {
    const calls: number[][] = [];
    const repository = {
      records: async (_spec: CapturedTableSpec, rowIds: number[]) => {
        calls.push(rowIds);
        return new Map([[2, embedded]]);
      },
    } as unknown as EmbeddingStatusRepository;
    const service = new EmbeddingStatusService(repository, registry);
    const request = {};
    const states = await Promise.all([1, 2, 3, 2].map((id) => service.statusOf(spec, id, request)));
    expect(states.map((status) => status.state)).toEqual(['PENDING', 'EMBEDDED', 'PENDING', 'EMBEDDED']);
    expect(calls).toEqual([[1, 2, 3]]);

    // Another request gets its own loader (and fresh data).
    await service.statusOf(spec, 1, {});
    expect(calls).toHaveLength(2);
  });
});
