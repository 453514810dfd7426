import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { EmbeddingOverloadedError } from '../embedding/embedding-overloaded.error';
import { EmbeddingService, LoadedModel } from '../embedding/embedding.service';
import { ComponentProbe, ProbeFailure, ProbeOutcome } from './component-probe';
import { RecentResult } from './recent-result';

/** Embedded by every configured model on a readiness check: short, so the probe costs one small round. */
export const MODEL_PROBE_TEXT = 'semflow readiness probe';
/** Longer than the database's and Redis's limit: the probe waits for a round behind queued texts. */
export const MODEL_PROBE_TIMEOUT_MS = 3000;
/** How long a probe's outcome answers further checks, so a tight poll does not load inference. */
export const MODEL_PROBE_REUSE_MS = 1500;

/**
 * Every configured model embeds MODEL_PROBE_TEXT through its normal batcher, as jobs and requests do, and
 * answers a vector of its width: the inference engine itself answers, not just a model that once loaded.
 * An overloaded engine (EMBEDDING_QUEUE_MAX_TEXTS, EMBEDDING_REQUEST_TIMEOUT_MS) is not ready either.
 */
@Injectable()
export class ModelHealthIndicator {
  private readonly probe = new ComponentProbe('the model', MODEL_PROBE_TIMEOUT_MS);
  private readonly recent = new RecentResult<ProbeOutcome<number>>(MODEL_PROBE_REUSE_MS);

  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly embedding: EmbeddingService,
  ) {}

  async check(): Promise<HealthIndicatorResult<'model'>> {
    const session = this.indicators.check('model');
    const models = this.embedding.models();
    const outcome = await this.recent.get(() => this.probe.run(() => this.embedWithEach(models)));
    // Loaded in either case: a model that cannot load stops the start.
    return outcome.up ? session.up({ loaded: true, models, probe: { ms: outcome.value } }) : session.down({ message: outcome.message, loaded: true, models });
  }

  /** The milliseconds until the slowest model answered. */
  private async embedWithEach(models: LoadedModel[]): Promise<number> {
    const started = performance.now();
    await Promise.all(models.map((model) => this.embedWith(model)));
    return Math.round(performance.now() - started);
  }

  private async embedWith(model: LoadedModel): Promise<void> {
    let vector: Float32Array;
    try {
      [{ vector }] = await this.embedding.embedderFor(model.entities[0]).embed([MODEL_PROBE_TEXT]);
    } catch (error) {
      if (error instanceof EmbeddingOverloadedError) throw new ProbeFailure(`model ${model.name} is overloaded`, error);
      throw new ProbeFailure(`model ${model.name} failed the probe embedding`, error);
    }
    if (vector.length !== model.dimensions || !vector.every(Number.isFinite)) {
      throw new ProbeFailure(`model ${model.name} answered the probe with an unusable vector`);
    }
  }
}
