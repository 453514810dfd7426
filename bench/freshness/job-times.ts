import { Queue } from 'bullmq';
import { redisOptionsFromUrl } from '../../src/queue/redis-options';
import type { BenchService } from '../lib/bench-service';

/** When BullMQ recorded a job as added, taken by a worker and finished (wall-clock ms). */
export interface JobTimes {
  added: number;
  processedOn: number;
  finishedOn: number;
}

/**
 * The completed jobs of one queue, keyed by `keyOf(job.data)` (jobs without a key are left out). Of
 * several jobs for one key the first one added wins: a row still waiting in a backlog also gets a job
 * from the worker's periodic sweep, later, which then finds the row embedded by the first. Read from
 * BullMQ's own records in the service's Redis.
 */
export async function completedJobTimes<K>(service: BenchService, queueName: string, keyOf: (data: any) => K | undefined): Promise<Map<K, JobTimes>> {
  const queue = new Queue(queueName, { connection: redisOptionsFromUrl(service.redis.url), prefix: 'semflow' });
  try {
    const times = new Map<K, JobTimes>();
    const jobs = await queue.getJobs(['completed'], 0, -1);
    for (const job of jobs.sort((a, b) => a.timestamp - b.timestamp)) {
      const key = keyOf(job.data);
      if (key === undefined || times.has(key)) continue;
      times.set(key, { added: job.timestamp, processedOn: job.processedOn ?? Number.NaN, finishedOn: job.finishedOn ?? Number.NaN });
    }
    return times;
  } finally {
    await queue.close();
  }
}
