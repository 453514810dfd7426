import { loadConfig } from '../config/load-config';
import type { EmbeddingService } from '../embedding/embedding.service';
import type { QueueService } from '../queue/queue.service';
import { JobName } from '../queue/queue.types';
import type { InterestEmbedding, InterestsRepository } from './interests.repository';
import { InterestsService } from './interests.service';

const VECTOR = { vector: new Float32Array([0.6, 0.8]) };

/** InterestsService with a recording repository and queue, and an engine that answers after engineMs. */
function serviceWith(waitMs: string, engineMs: number) {
  const stored: Array<InterestEmbedding | undefined> = [];
  const queued: unknown[] = [];
  const embedded: string[][] = [];
  const repository = {
    embeddings: {},
    add: async (_userid: string, _text: string, embedding?: InterestEmbedding) => {
      stored.push(embedding);
      return { id: 'i1', contentHash: 'h1', sourceTime: new Date('2026-01-01T00:00:00Z') };
    },
  } as unknown as InterestsRepository;
  const queues = {
    enqueueMany: async (name: JobName, jobs: unknown[]) => {
      queued.push(...jobs.map((job) => ({ name, job })));
    },
  } as unknown as QueueService;
  const embedder = {
    name: 'model-a',
    embed: (texts: string[]) => {
      embedded.push(texts);
      return new Promise((resolve) => setTimeout(() => resolve([VECTOR]), engineMs));
    },
  };
  const embedding = { embedderFor: () => embedder } as unknown as EmbeddingService;
  const service = new InterestsService(repository, queues, loadConfig({ INTEREST_EMBED_WAIT_MS: waitMs }), embedding);
  return { service, stored, queued, embedded };
}

describe('InterestsService.add', () => {
  it('stores the interest with its vector when the engine answers within INTEREST_EMBED_WAIT_MS, and queues nothing', async () => {
    const { service, stored, queued } = serviceWith('200', 1);
    expect(await service.add('ann', 'Flink')).toEqual({ _source_time: '2026-01-01T00:00:00.000Z', userid: 'ann', id: 'i1' });
    expect(stored).toEqual([{ model: 'model-a', embedding: VECTOR }]);
    expect(queued).toEqual([]);
  });

  it('stores it without a vector and queues its job when the engine is slower than the wait', async () => {
    const { service, stored, queued } = serviceWith('20', 300);
    const started = Date.now();
    await service.add('ann', 'Flink');
    expect(Date.now() - started).toBeLessThan(250);
    expect(stored).toEqual([undefined]);
    expect(queued).toEqual([{ name: JobName.EmbedInterest, job: expect.objectContaining({ data: { interestId: 'i1', contentHash: 'h1', force: undefined } }) }]);
  });

  it('never asks the engine with INTEREST_EMBED_WAIT_MS=0: the job embeds it', async () => {
    const { service, stored, queued, embedded } = serviceWith('0', 1);
    await service.add('ann', 'Flink');
    expect(embedded).toEqual([]);
    expect(stored).toEqual([undefined]);
    expect(queued).toHaveLength(1);
  });
});
