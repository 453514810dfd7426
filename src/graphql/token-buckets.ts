export type BucketAnswer = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * One token bucket per client: `burst` tokens at most, refilled at `perSecond`. Kept in memory in this
 * process; buckets that have filled up again are dropped once there are many, so a stream of distinct
 * clients cannot grow the map without bound.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private static readonly PRUNE_ABOVE = 10000;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {}

  /** Takes `count` tokens for the client; when fewer are left, how long until there are. */
  take(client: string, now: number, count = 1): BucketAnswer {
    const bucket = this.buckets.get(client) ?? { tokens: this.burst, at: now };
    bucket.tokens = this.level(bucket, now);
    bucket.at = now;
    if (this.buckets.size >= TokenBuckets.PRUNE_ABOVE && !this.buckets.has(client)) this.prune(now);
    this.buckets.set(client, bucket);
    if (bucket.tokens >= count) {
      bucket.tokens -= count;
      return { allowed: true };
    }
    return { allowed: false, retryAfterMs: Math.ceil(((count - bucket.tokens) / this.perSecond) * 1000) };
  }

  /** The bucket's tokens at `now`: what it held, refilled since, at most a burst. */
  private level(bucket: { tokens: number; at: number }, now: number): number {
    return Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
  }

  private prune(now: number): void {
    for (const [client, bucket] of this.buckets) if (this.level(bucket, now) >= this.burst) this.buckets.delete(client);
  }
}
