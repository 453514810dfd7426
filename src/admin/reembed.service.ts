import { Injectable } from '@nestjs/common';
import { EmbeddingEntity } from '../embedding/embedding.service';
import { EventsService } from '../events/events.service';
import { ReembedMode } from '../queue/queue.types';

/** Routes a re-embed request to the feature that owns the entity type. */
@Injectable()
export class ReembedService {
  constructor(private readonly events: EventsService) {}

  async request(entity: EmbeddingEntity, mode: ReembedMode): Promise<{ entity: EmbeddingEntity; mode: ReembedMode; queued: true }> {
    const owners: Record<EmbeddingEntity, (mode: ReembedMode) => Promise<void>> = {
      event: (m) => this.events.requestReembed(m),
    };
    await owners[entity](mode);
    return { entity, mode, queued: true };
  }
}
