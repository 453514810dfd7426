import { Injectable, NotFoundException } from '@nestjs/common';
import { CapturedEmbeddingsRegistry } from '../capture/captured-embeddings.registry';
import { CapturedModels } from '../capture/captured-models';
import { CAPTURED_ENTITIES, type CapturedEntity } from '../capture/captured-rows';
import { InvalidInputError } from '../common/invalid-input.error';
import { oneLine } from '../common/startup-error';
import { EMBEDDING_ENTITIES, EmbeddingEntity, EmbeddingService } from '../embedding/embedding.service';
import { EventsService } from '../events/events.service';
import { InterestsService } from '../interests/interests.service';
import { QueueService } from '../queue/queue.service';
import { JobName, QUEUE_OF_JOB, ReembedMode } from '../queue/queue.types';

const FAN_OUT_JOB: Record<EmbeddingEntity, JobName> = {
  event: JobName.QueueEventEmbeddings,
  interest: JobName.QueueInterestEmbeddings,
  accountholder: JobName.QueueAccountHolderEmbeddings,
  transaction: JobName.QueueTransactionEmbeddings,
};

export interface ReembedAccepted {
  entity: EmbeddingEntity;
  mode: ReembedMode;
  /** The model the rows are embedded with from now on. */
  model: string;
  /** Set when the request changed the model. */
  previousModel?: string;
  /** The fan-out job: GET /admin/embeddings/reembed/:entity/:jobId follows it. */
  jobId: string;
  queued: true;
}

const isCaptured = (entity: EmbeddingEntity): entity is CapturedEntity => (CAPTURED_ENTITIES as readonly string[]).includes(entity);

/** Routes a re-embed request to the feature that owns the entity type, and reports how far one got. */
@Injectable()
export class ReembedService {
  constructor(
    private readonly events: EventsService,
    private readonly interests: InterestsService,
    private readonly captured: CapturedEmbeddingsRegistry,
    private readonly models: CapturedModels,
    private readonly embedding: EmbeddingService,
    private readonly queues: QueueService,
  ) {}

  /**
   * Queues the fan-out job of the entity type. With a model (captured entity types only), that model
   * becomes the entity type's model first, so `stale` then selects every row made by another one.
   */
  async request(entity: EmbeddingEntity, mode: ReembedMode, model?: string): Promise<ReembedAccepted> {
    let previousModel: string | undefined;
    if (model !== undefined) {
      if (!isCaptured(entity)) {
        throw new InvalidInputError(`a model can be chosen for ${CAPTURED_ENTITIES.join(' and ')} only; ${entity} follows EMBEDDING_MODEL / EMBEDDING_MODELS_BY_ENTITY`, 'model');
      }
      const choice = await this.models.choose(entity, model).catch((error) => {
        throw new InvalidInputError(`model ${model} cannot be used for ${entity}: ${oneLine(error)}`, 'model');
      });
      if (choice.previous !== choice.model) previousModel = choice.previous;
    }
    const jobId = await this.owner(entity)(mode);
    return { entity, mode, model: this.modelOf(entity), ...(previousModel ? { previousModel } : {}), jobId, queued: true };
  }

  /** The periodic sweep: a stale fan-out per entity type; changedOnly: see FanOut. */
  async sweep(changedOnly: boolean): Promise<void> {
    for (const entity of EMBEDDING_ENTITIES) await this.owner(entity)('stale', changedOnly);
  }

  /**
   * The state of a fan-out job, how many rows it selected and queued, and (for captured entity types)
   * how many rows have been embedded since it was requested.
   */
  async progress(entity: EmbeddingEntity, jobId: string) {
    const job = await this.queues.queue(QUEUE_OF_JOB[FAN_OUT_JOB[entity]]).getJob(jobId);
    if (!job || job.name !== FAN_OUT_JOB[entity]) throw new NotFoundException(`no ${entity} re-embed job ${jobId} (finished jobs are kept for a while only)`);
    const requestedAt = new Date(job.timestamp);
    return {
      entity,
      jobId,
      mode: job.data.mode as ReembedMode,
      state: await job.getState(),
      requestedAt: requestedAt.toISOString(),
      ...(job.finishedOn ? { finishedAt: new Date(job.finishedOn).toISOString() } : {}),
      ...(job.failedReason ? { error: job.failedReason } : {}),
      // Captured entity types report progress as they queue; the others return how many they queued.
      progress: typeof job.progress === 'object' ? job.progress : typeof job.returnvalue === 'number' ? { selected: job.returnvalue, queued: job.returnvalue } : {},
      ...(isCaptured(entity) ? { embeddedSinceRequest: await this.captured.get(entity).embeddedSince(requestedAt) } : {}),
    };
  }

  private owner(entity: EmbeddingEntity): (mode: ReembedMode, changedOnly?: boolean) => Promise<string> {
    if (isCaptured(entity)) return (mode, changedOnly) => this.captured.get(entity).requestReembed(mode, changedOnly);
    const owner = entity === 'event' ? this.events : this.interests;
    return (mode, changedOnly) => owner.requestReembed(mode, changedOnly);
  }

  private modelOf(entity: EmbeddingEntity): string {
    return isCaptured(entity) ? this.models.modelOf(entity) : this.embedding.embedderFor(entity).name;
  }
}
