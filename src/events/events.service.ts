import { Injectable } from '@nestjs/common';
import { requirePage } from '../common/pagination';
import { AppConfig } from '../config/app-config';
import { EmbeddingService } from '../embedding/embedding.service';
import { EmbedOutcome, embeddingDedupId, JobVariant, RowEmbeddings } from '../embedding/row-embeddings';
import { EnqueueItem, QueueService } from '../queue/queue.service';
import { JobName, JobOf, ReembedMode } from '../queue/queue.types';
import { EventView, toEventView } from './event-view';
import { EventsRepository } from './events.repository';

/** The embedding job of one talk's text (see embeddingDedupId). */
export function eventEmbeddingJob(eventId: number, contentHash: string, variant: JobVariant = {}): EnqueueItem<JobName.EmbedEvent> {
  return { data: { eventId, contentHash, force: variant.force }, dedupId: embeddingDedupId('event', eventId, contentHash, variant) };
}

@Injectable()
export class EventsService {
  private readonly embeddings: RowEmbeddings<number, JobName.EmbedEvent>;

  constructor(
    private readonly repository: EventsRepository,
    private readonly config: AppConfig,
    private readonly queues: QueueService,
    embedding: EmbeddingService,
  ) {
    this.embeddings = new RowEmbeddings({
      entity: 'event',
      table: repository.embeddings,
      embedding,
      queues,
      jobName: JobName.EmbedEvent,
      job: eventEmbeddingJob,
    });
  }

  async page(limit: number, offset: number): Promise<EventView[]> {
    const page = requirePage(limit, offset, this.config.MAX_PAGE_SIZE);
    const rows = await this.repository.page(page.limit, page.offset);
    return rows.map((row) => toEventView(row, this.config.EVENTS_TIME_ZONE));
  }

  /** Queues the fan-out job (returning its id); the worker then enqueues one embedding job per selected row. */
  requestReembed(mode: ReembedMode, changedOnly = false): Promise<string> {
    return this.queues.enqueue(JobName.QueueEventEmbeddings, { mode, ...(changedOnly ? { changedOnly } : {}) });
  }

  fanOutEmbeddings({ mode, changedOnly }: JobOf<JobName.QueueEventEmbeddings>): Promise<number> {
    return this.embeddings.fanOut(mode, changedOnly ?? false);
  }

  embedEvent({ eventId, contentHash, force }: JobOf<JobName.EmbedEvent>): Promise<EmbedOutcome> {
    return this.embeddings.embed(eventId, contentHash, force);
  }
}
