import { TokenBuckets } from './token-buckets';

describe('TokenBuckets', () => {
  it('allows a burst, then one per refill interval, per client', () => {
    const buckets = new TokenBuckets(2, 3);
    expect([0, 0, 0].map(() => buckets.take('a', 0).allowed)).toEqual([true, true, true]);
    expect(buckets.take('a', 0)).toEqual({ allowed: false, retryAfterMs: 500 });
    expect(buckets.take('b', 0).allowed).toBe(true); // another client has its own bucket
    expect(buckets.take('a', 499).allowed).toBe(false);
    expect(buckets.take('a', 1000).allowed).toBe(true);
    expect(buckets.take('a', 10000).allowed).toBe(true);
  });

  it('takes several tokens at once, or none', () => {
    const buckets = new TokenBuckets(2, 3);
    expect(buckets.take('a', 0, 2).allowed).toBe(true);
    expect(buckets.take('a', 0, 2)).toEqual({ allowed: false, retryAfterMs: 500 });
    expect(buckets.take('a', 0, 1).allowed).toBe(true);
  });
});
