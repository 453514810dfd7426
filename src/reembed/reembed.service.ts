import { Injectable } from '@nestjs/common';
import { EMBEDDING_ENTITIES, EmbeddingEntity } from '../embedding/embedding.service';
import { EventsService } from '../events/events.service';
import { InterestsService } from '../interests/interests.service';
import { QueueService } from '../queue/queue.service';
import { JobName, ReembedMode } from '../queue/queue.types';

/** Routes a re-embed request to the feature that owns the entity type. */
@Injectable()
export class ReembedService {
  private readonly owners: Record<EmbeddingEntity, (mode: ReembedMode) => Promise<void>>;

  constructor(events: EventsService, interests: InterestsService, queues: QueueService) {
    this.owners = {
      event: (mode) => events.requestReembed(mode),
      interest: (mode) => interests.requestReembed(mode),
      accountholder: (mode) => queues.enqueue(JobName.QueueAccountHolderEmbeddings, { mode }),
      transaction: (mode) => queues.enqueue(JobName.QueueTransactionEmbeddings, { mode }),
    };
  }

  async request(entity: EmbeddingEntity, mode: ReembedMode): Promise<{ entity: EmbeddingEntity; mode: ReembedMode; queued: true }> {
    await this.owners[entity](mode);
    return { entity, mode, queued: true };
  }

  async requestAll(mode: ReembedMode): Promise<void> {
    for (const entity of EMBEDDING_ENTITIES) await this.owners[entity](mode);
  }
}
