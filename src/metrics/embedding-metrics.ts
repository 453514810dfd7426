import { Injectable, OnModuleInit } from '@nestjs/common';
import { Histogram } from 'prom-client';
import type { EmbeddingBatch } from '../embedding/embedder.types';
import { EmbeddingService } from '../embedding/embedding.service';
import { METRIC_PREFIX, MetricsService } from './metrics.service';

/** Up to EMBEDDING_BATCH_SIZE's maximum (1024). */
const BATCH_SIZE_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
const BATCH_SECONDS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The inference rounds of this process per model: how many texts each round gathered from concurrent
 * callers and how long it took (tokenising, inference and pooling; not the wait for company). One
 * observation per round, never per text. The computed ascii-test embedding runs no rounds.
 */
@Injectable()
export class EmbeddingMetrics implements OnModuleInit {
  private readonly size: Histogram<'model'>;
  private readonly seconds: Histogram<'model'>;

  constructor(
    metrics: MetricsService,
    private readonly embedding: EmbeddingService,
  ) {
    this.size = new Histogram({
      name: `${METRIC_PREFIX}embedding_batch_size`,
      help: 'Texts per inference round in this process',
      labelNames: ['model'],
      buckets: BATCH_SIZE_BUCKETS,
      registers: [metrics.registry],
    });
    this.seconds = new Histogram({
      name: `${METRIC_PREFIX}embedding_batch_seconds`,
      help: 'How long an inference round took in this process (tokenising, inference, pooling)',
      labelNames: ['model'],
      buckets: BATCH_SECONDS_BUCKETS,
      registers: [metrics.registry],
    });
  }

  onModuleInit(): void {
    this.embedding.onBatch((batch) => this.record(batch));
  }

  record({ model, texts, seconds }: EmbeddingBatch): void {
    this.size.labels({ model }).observe(texts);
    this.seconds.labels({ model }).observe(seconds);
  }
}
