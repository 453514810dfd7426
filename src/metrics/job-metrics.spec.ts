import { Scrape } from '../../test/helpers/prometheus-text';
import type { QueueWorkers, SettledJob } from '../queue/queue-workers.service';
import { JobName, QUEUE_OF_JOB, QueueName } from '../queue/queue.types';
import { JobMetrics } from './job-metrics';
import { MetricsService } from './metrics.service';

describe('JobMetrics', () => {
  let metrics: MetricsService;
  let settle: (job: SettledJob) => void;
  const scrape = async () => Scrape.parse((await metrics.exposition()).body);

  beforeEach(() => {
    metrics = new MetricsService();
    // QueueWorkers is the neighbour: the test plays its settled jobs.
    const workers = { onJobSettled: (listener: (job: SettledJob) => void) => (settle = listener) };
    new JobMetrics(metrics, workers as unknown as QueueWorkers).onModuleInit();
  });

  it('starts every job of every queue at 0 completed and 0 failed', async () => {
    const before = await scrape();
    for (const job of Object.values(JobName)) {
      expect(before.value('semflow_jobs_completed_total', { queue: QUEUE_OF_JOB[job], job })).toBe(0);
      expect(before.value('semflow_jobs_failed_total', { queue: QUEUE_OF_JOB[job], job })).toBe(0);
    }
    expect(before.find('semflow_jobs_completed_total')).toHaveLength(Object.values(JobName).length);
  });

  it('counts completed and failed attempts per queue and job, and times them by outcome', async () => {
    const embed = { queue: QueueName.Events, job: JobName.EmbedEvent };
    settle({ ...embed, outcome: 'completed', seconds: 0.02 });
    settle({ ...embed, outcome: 'completed', seconds: 0.03 });
    settle({ ...embed, outcome: 'failed', seconds: 1.5 });
    settle({ queue: QueueName.Interests, job: JobName.EmbedInterest, outcome: 'completed', seconds: 0.004 });

    const after = await scrape();
    expect(after.value('semflow_jobs_completed_total', embed)).toBe(2);
    expect(after.value('semflow_jobs_failed_total', embed)).toBe(1);
    expect(after.value('semflow_jobs_completed_total', { queue: 'interests', job: 'embed-interest' })).toBe(1);
    expect(after.value('semflow_jobs_completed_total', { queue: 'events', job: 'queue-event-embeddings' })).toBe(0);
    expect(after.value('semflow_job_duration_seconds_count', { ...embed, outcome: 'completed' })).toBe(2);
    expect(after.value('semflow_job_duration_seconds_sum', { ...embed, outcome: 'completed' })).toBeCloseTo(0.05, 9);
    expect(after.value('semflow_job_duration_seconds_bucket', { ...embed, outcome: 'failed', le: '1' })).toBe(0);
    expect(after.value('semflow_job_duration_seconds_bucket', { ...embed, outcome: 'failed', le: '2.5' })).toBe(1);
  });
});
