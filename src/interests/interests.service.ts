import { Injectable, Logger } from '@nestjs/common';
import { oneLine } from '../common/startup-error';
import { requireText } from '../common/user-input';
import { AppConfig } from '../config/app-config';
import { EmbeddingService } from '../embedding/embedding.service';
import { EmbedOutcome, embeddingDedupId, JobVariant, RowEmbeddings } from '../embedding/row-embeddings';
import { EnqueueItem, QueueService } from '../queue/queue.service';
import { JobName, JobOf, ReembedMode } from '../queue/queue.types';
import { InterestEmbedding, InterestsRepository } from './interests.repository';

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
    private readonly embedding: EmbeddingService,
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
   * Embeds the text and stores the interest with its vector, when the embedding takes at most
   * INTEREST_EMBED_WAIT_MS: the answer then means the interest is durable and already part of the
   * profile (read-your-writes, as for likes). Otherwise the interest is stored without one and its
   * embedding job queued; it joins the profile when the job has run. Measured at idle (2 CPUs,
   * synthetic-minilm-l6 int8): through the queue, AddInterest to a RecommendedEvents answer that
   * reflects it took p50 38 / p95 56 ms; embedding in the request costs it about 5 ms, and the first
   * read after the answer reflects it. Should the queue be unreachable, the stored row is still picked up by
   * the worker's periodic sweep (EMBEDDING_SWEEP_INTERVAL_MS), so the request does not fail for it.
   */
  async add(userid: string, text: string): Promise<InterestAdded> {
    requireText('userid', userid, this.config.USERID_MAX_CHARS);
    requireText('text', text, this.config.INTEREST_MAX_CHARS);
    const wait = this.config.INTEREST_EMBED_WAIT_MS;
    const embedded = wait > 0 ? await this.embedWithin(text, wait) : undefined;
    const stored = await this.repository.add(userid, text, embedded);
    if (!embedded) {
      const job = interestEmbeddingJob(stored.id, stored.contentHash);
      await this.queues
        .enqueueMany(JobName.EmbedInterest, [job])
        .catch((error) => this.logger.warn({ msg: 'interest stored but its embedding job could not be queued; the sweep will queue it', id: stored.id, error: oneLine(error) }));
    }
    return { _source_time: stored.sourceTime.toISOString(), userid, id: stored.id };
  }

  /** The text's embedding by the interests' model, or undefined when it failed or took longer than budgetMs. */
  private async embedWithin(text: string, budgetMs: number): Promise<InterestEmbedding | undefined> {
    const embedder = this.embedding.embedderFor('interest');
    const embedding = embedder.embed([text]).then(
      ([vector]): InterestEmbedding => ({ model: embedder.name, embedding: vector }),
      (error) => {
        this.logger.debug({ msg: 'could not embed the interest within the request; its job will', error: oneLine(error) });
        return undefined;
      },
    );
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), budgetMs)));
    try {
      return await Promise.race([embedding, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Queues the fan-out job; returns its id. */
  requestReembed(mode: ReembedMode, changedOnly = false): Promise<string> {
    return this.queues.enqueue(JobName.QueueInterestEmbeddings, { mode, ...(changedOnly ? { changedOnly } : {}) });
  }

  fanOutEmbeddings({ mode, changedOnly }: JobOf<JobName.QueueInterestEmbeddings>): Promise<number> {
    return this.embeddings.fanOut(mode, changedOnly ?? false);
  }

  embedInterest({ interestId, contentHash, force }: JobOf<JobName.EmbedInterest>): Promise<EmbedOutcome> {
    return this.embeddings.embed(interestId, contentHash, force);
  }
}
