/**
 * The result of an asynchronous check, shared by every call while it runs and reused for ttlMs after it
 * settled: a tight poll of several clients costs one check per period instead of one per request.
 */
export class RecentResult<T> {
  private current?: { result: Promise<T>; settledAt?: number };

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get(check: () => Promise<T>): Promise<T> {
    const current = this.current;
    if (current && (current.settledAt === undefined || this.now() - current.settledAt < this.ttlMs)) return current.result;
    const next: { result: Promise<T>; settledAt?: number } = { result: check() };
    const settled = () => {
      next.settledAt = this.now();
    };
    next.result.then(settled, settled);
    this.current = next;
    return next.result;
  }
}
