import { Injectable, Logger } from '@nestjs/common';
import { requireIntInRange } from '../common/invalid-input.error';
import { EmbeddingService } from '../embedding/embedding.service';
import { QueueService } from '../queue/queue.service';
import { jobId, JobName, JobOf, ReembedMode } from '../queue/queue.types';
import { EventEntity } from './event.entity';
import { EventsRepository } from './events.repository';

export const MAX_PAGE_SIZE = 1000;

export type EmbedOutcome = 'embedded' | 'stale' | 'gone';

@Injectable()
export class EventsService {
  private readonly logger = new Logger('EventsService');

  constructor(
    private readonly repository: EventsRepository,
    private readonly queues: QueueService,
    private readonly embedding: EmbeddingService,
  ) {}

  page(limit: number, offset: number): Promise<EventEntity[]> {
    return this.repository.page(requireIntInRange('limit', limit, 0, MAX_PAGE_SIZE), requireIntInRange('offset', offset, 0, 2 ** 31 - 1));
  }

  /** Queues the fan-out job; the worker then enqueues one embedding job per selected row. */
  requestReembed(mode: ReembedMode): Promise<void> {
    return this.queues.enqueue(JobName.QueueEventEmbeddings, { mode });
  }

  /**
   * One job per row, its id derived from row and text, so a row whose text is already queued or was
   * embedded recently is not queued again. mode=all must re-run them, so its ids carry the fan-out time.
   */
  async fanOutEmbeddings(mode: ReembedMode): Promise<number> {
    const model = this.embedding.embedderFor('event').name;
    const targets = await this.repository.embeddingTargets(mode, model);
    const round = mode === 'all' ? Date.now().toString(36) : undefined;
    await this.queues.enqueueMany(
      JobName.EmbedEvent,
      targets.map((target) => ({
        data: { eventId: target.id, contentHash: target.contentHash },
        id: jobId('event', target.id, target.contentHash, ...(round ? [round] : [])),
      })),
    );
    this.logger.log({ msg: 'queued event embeddings', mode, count: targets.length });
    return targets.length;
  }

  async embedEvent({ eventId, contentHash }: JobOf<JobName.EmbedEvent>): Promise<EmbedOutcome> {
    const row = await this.repository.textToEmbed(eventId);
    if (!row) return 'gone';
    // The text changed after this job was queued: the job queued for the new text embeds it.
    if (row.contentHash !== contentHash) return 'stale';
    const embedder = this.embedding.embedderFor('event');
    const [embedding] = await embedder.embed([row.text]);
    const saved = await this.repository.saveEmbedding(eventId, contentHash, embedder.name, embedding);
    return saved ? 'embedded' : 'stale';
  }
}
