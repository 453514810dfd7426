import { Scrape } from '../../test/helpers/prometheus-text';
import type { EmbeddingBatch } from '../embedding/embedder.types';
import type { EmbeddingService } from '../embedding/embedding.service';
import { EmbeddingMetrics } from './embedding-metrics';
import { MetricsService } from './metrics.service';

describe('EmbeddingMetrics', () => {
  it('observes each round once: its number of texts and its duration, per model', async () => {
    const metrics = new MetricsService();
    let round!: (batch: EmbeddingBatch) => void;
    // EmbeddingService is the neighbour: the test plays its rounds.
    const embedding = { onBatch: (listener: (batch: EmbeddingBatch) => void) => (round = listener) };
    new EmbeddingMetrics(metrics, embedding as unknown as EmbeddingService).onModuleInit();

    round({ model: 'all-MiniLM-L6-v2', texts: 1, seconds: 0.004 });
    round({ model: 'all-MiniLM-L6-v2', texts: 40, seconds: 0.3 });
    round({ model: 'wordpiece-bow-384', texts: 3, seconds: 0.001 });

    const after = Scrape.parse((await metrics.exposition()).body);
    const minilm = { model: 'all-MiniLM-L6-v2' };
    expect(after.value('semflow_embedding_batch_size_count', minilm)).toBe(2);
    expect(after.value('semflow_embedding_batch_size_sum', minilm)).toBe(41);
    expect(after.value('semflow_embedding_batch_size_bucket', { ...minilm, le: '32' })).toBe(1);
    expect(after.value('semflow_embedding_batch_size_bucket', { ...minilm, le: '64' })).toBe(2);
    expect(after.value('semflow_embedding_batch_seconds_count', minilm)).toBe(2);
    expect(after.value('semflow_embedding_batch_seconds_sum', minilm)).toBeCloseTo(0.304, 9);
    expect(after.value('semflow_embedding_batch_size_sum', { model: 'wordpiece-bow-384' })).toBe(3);
  });
});
