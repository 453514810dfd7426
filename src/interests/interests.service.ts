import { Injectable, Logger } from '@nestjs/common';
import { oneLine } from '../common/startup-error';
import { requireText } from '../common/user-input';
import { AppConfig } from '../config/app-config';
import { EmbeddingService } from '../embedding/embedding.service';
import { EmbedOutcome, embeddingDedupId, JobVariant, RowEmbeddings } from '../embedding/row-embeddings';
import { EnqueueItem, QueueService } from '../queue/queue.service';
import { JobName, JobOf, ReembedMode } from '../queue/queue.types';
import { InterestsRepository } from './interests.repository';

export interface InterestAdded {
  _source_time: string;
  userid: string;
  id: string;
}

function interestEmbeddingJob(interestId: string, contentHash: string, variant: JobVariant = {}): EnqueueItem<JobName.EmbedInterest> {
  return { data: { interestId, contentHash, force: variant.force }, dedupId: embeddingDedupId('interest', interestId, contentHash, variant) };
}

@Injectable()
export class InterestsService {
  private readonly logger = new Logger('InterestsService');
  private readonly embeddings: RowEmbeddings<string, JobName.EmbedInterest>;

  constructor(
    private readonly repository: InterestsRepository,
    private readonly queues: QueueService,
    private readonly config: AppConfig,
    embedding: EmbeddingService,
  ) {
    this.embeddings = new RowEmbeddings({
      entity: 'interest',
      table: repository.embeddings,
      embedding,
      queues,
      jobName: JobName.EmbedInterest,
      job: interestEmbeddingJob,
    });
  }

  /**
   * Stores the interest, then queues its embedding. The answer means the interest is durable; it joins
   * the profile when its job has run. Should the queue be unreachable, the stored row is still picked up
   * by the worker's periodic sweep (EMBEDDING_SWEEP_INTERVAL_MS), so the request does not fail for it.
   */
  async add(userid: string, text: string): Promise<InterestAdded> {
    requireText('userid', userid, this.config.USERID_MAX_CHARS);
    requireText('text', text, this.config.INTEREST_MAX_CHARS);
    const stored = await this.repository.add(userid, text);
    const job = interestEmbeddingJob(stored.id, stored.contentHash);
    await this.queues.enqueueMany(JobName.EmbedInterest, [job]).catch((error) =>
      this.logger.warn({ msg: 'interest stored but its embedding job could not be queued; the sweep will queue it', id: stored.id, error: oneLine(error) }),
    );
    return { _source_time: stored.sourceTime.toISOString(), userid, id: stored.id };
  }

  /** Queues the fan-out job; returns its id. */
  requestReembed(mode: ReembedMode): Promise<string> {
    return this.queues.enqueue(JobName.QueueInterestEmbeddings, { mode });
  }

  fanOutEmbeddings(mode: ReembedMode): Promise<number> {
    return this.embeddings.fanOut(mode);
  }

  embedInterest({ interestId, contentHash, force }: JobOf<JobName.EmbedInterest>): Promise<EmbedOutcome> {
    return this.embeddings.embed(interestId, contentHash, force);
  }
}
