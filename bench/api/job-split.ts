/**
 * Which worker process ran which BullMQ job. The service's Workers carry no name, so BullMQ records no
 * `processedBy`; but while a job is active its lock key holds the taking Worker's token
 * (`<worker uuid>:<n>`). Sampling the active list and its locks every few milliseconds sees every job
 * that stays active longer than the sampling interval: an embedding job stays active for a whole
 * inference round (tens to hundreds of ms), so coverage is near-complete and is reported.
 */
import Redis from 'ioredis';

const SAMPLE_INTERVAL_MS = 15;

export interface JobSplit {
  /** Jobs seen per worker, largest first (worker A, B, ... in that order). */
  jobsByWorker: number[];
  jobsSeen: number;
  samples: number;
}

export class JobSplitSampler {
  private readonly redis: Redis;
  private readonly jobWorker = new Map<string, string>();
  private samples = 0;
  private running = false;
  private loop?: Promise<void>;
  private result?: Promise<JobSplit>;

  /** Jobs of other names (e.g. the re-embed request's fan-out job), by id: not counted. */
  private readonly otherJobs = new Set<string>();

  private constructor(
    redisUrl: string,
    private readonly queueKey: string,
    private readonly jobName: string,
  ) {
    this.redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  }

  /** queueKey: `<QUEUE_PREFIX>:<queue>`, e.g. semflow:events; only jobs named jobName are counted. */
  static start(redisUrl: string, queueKey: string, jobName: string): JobSplitSampler {
    const sampler = new JobSplitSampler(redisUrl, queueKey, jobName);
    sampler.running = true;
    sampler.loop = sampler.run();
    return sampler;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const active = await this.redis.lrange(`${this.queueKey}:active`, 0, -1);
      const ids = active.filter((id) => !this.jobWorker.has(id) && !this.otherJobs.has(id));
      if (ids.length > 0) {
        const tokens = await this.redis.mget(ids.map((id) => `${this.queueKey}:${id}:lock`));
        const names = await Promise.all(ids.map((id) => this.redis.hget(`${this.queueKey}:${id}`, 'name')));
        ids.forEach((id, i) => {
          const token = tokens[i];
          if (names[i] !== this.jobName) this.otherJobs.add(id);
          else if (token) this.jobWorker.set(id, token.split(':')[0]);
        });
      }
      this.samples++;
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_INTERVAL_MS));
    }
  }

  /** Stops sampling (once; later calls answer the same). */
  stop(): Promise<JobSplit> {
    this.result ??= this.finish();
    return this.result;
  }

  private async finish(): Promise<JobSplit> {
    this.running = false;
    await this.loop?.catch(() => undefined);
    this.redis.disconnect();
    const perWorker = new Map<string, number>();
    for (const worker of this.jobWorker.values()) perWorker.set(worker, (perWorker.get(worker) ?? 0) + 1);
    return {
      jobsByWorker: [...perWorker.values()].sort((a, b) => b - a),
      jobsSeen: this.jobWorker.size,
      samples: this.samples,
    };
  }
}
