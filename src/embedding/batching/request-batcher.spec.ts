import { EmbeddingOverloadedError } from '../embedding-overloaded.error';
import { BatcherClosedError, RequestBatcher } from './request-batcher';

/** A processor that records its rounds and finishes each one when the test says so. */
class FakeProcessor {
  readonly rounds: string[][] = [];
  private readonly finishers: Array<{ resolve: (r: string[]) => void; reject: (e: unknown) => void; items: string[] }> = [];

  readonly process = (items: string[]): Promise<string[]> => {
    this.rounds.push([...items]);
    return new Promise((resolve, reject) => this.finishers.push({ resolve, reject, items }));
  };

  /** Finishes the oldest unfinished round with upper-cased items. */
  finish(): void {
    const round = this.finishers.shift();
    if (!round) throw new Error('no round is running');
    round.resolve(round.items.map((item) => item.toUpperCase()));
  }

  fail(error: Error): void {
    const round = this.finishers.shift();
    if (!round) throw new Error('no round is running');
    round.reject(error);
  }

  get running(): number {
    return this.finishers.length;
  }
}

const immediate = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('RequestBatcher', () => {
  it('gathers concurrent calls into one round and answers each call in its own order', async () => {
    const fake = new FakeProcessor();
    // 50 ms: the three synchronous submits must fall within one wait even on a loaded machine (with 5 ms
    // a pause between them once let the third submit start the round).
    const batcher = new RequestBatcher<string, string>({ maxBatchSize: 32, maxWaitMs: 50, process: fake.process });
    const a = batcher.submit(['a1', 'a2']);
    const b = batcher.submit(['b1']);
    const c = batcher.submit(['c1', 'c2', 'c3']);
    expect(fake.rounds).toHaveLength(0);
    await sleep(120);
    expect(fake.rounds).toEqual([['a1', 'a2', 'b1', 'c1', 'c2', 'c3']]);
    fake.finish();
    await expect(a).resolves.toEqual(['A1', 'A2']);
    await expect(b).resolves.toEqual(['B1']);
    await expect(c).resolves.toEqual(['C1', 'C2', 'C3']);
  });

  it('starts a full round at once without waiting for maxWaitMs', async () => {
    const fake = new FakeProcessor();
    const batcher = new RequestBatcher<string, string>({ maxBatchSize: 3, maxWaitMs: 60_000, process: fake.process });
    const first = batcher.submit(['x1', 'x2']);
    expect(fake.rounds).toHaveLength(0);
    const second = batcher.submit(['y1']);
    expect(fake.rounds).toEqual([['x1', 'x2', 'y1']]);
    fake.finish();
    await expect(first).resolves.toEqual(['X1', 'X2']);
    await expect(second).resolves.toEqual(['Y1']);
  });

  it('starts a partial round once the oldest item has waited maxWaitMs', async () => {
    jest.useFakeTimers();
    try {
      const fake = new FakeProcessor();
      const batcher = new RequestBatcher<string, string>({ maxBatchSize: 32, maxWaitMs: 50, process: fake.process });
      const result = batcher.submit(['only']);
      jest.advanceTimersByTime(49);
      expect(fake.rounds).toHaveLength(0);
      jest.advanceTimersByTime(1);
      expect(fake.rounds).toEqual([['only']]);
      fake.finish();
      await expect(result).resolves.toEqual(['ONLY']);
    } finally {
      jest.useRealTimers();
    }
  });

  it('splits more than maxBatchSize items over rounds, one round at a time, keeping order', async () => {
    const fake = new FakeProcessor();
    const batcher = new RequestBatcher<string, string>({ maxBatchSize: 4, maxWaitMs: 1, process: fake.process });
    const items = Array.from({ length: 10 }, (_, i) => `t${i}`);
    const result = batcher.submit(items);
    const late = batcher.submit(['late']);
    expect(fake.rounds).toEqual([['t0', 't1', 't2', 't3']]);
    fake.finish();
    await immediate();
    expect(fake.rounds[1]).toEqual(['t4', 't5', 't6', 't7']);
    expect(fake.running).toBe(1);
    fake.finish();
    await sleep(10);
    expect(fake.rounds[2]).toEqual(['t8', 't9', 'late']);
    fake.finish();
    await expect(result).resolves.toEqual(items.map((item) => item.toUpperCase()));
    await expect(late).resolves.toEqual(['LATE']);
  });

  it('gathers calls that arrive while a round runs into the next round', async () => {
    const fake = new FakeProcessor();
    const batcher = new RequestBatcher<string, string>({ maxBatchSize: 8, maxWaitMs: 2, process: fake.process });
    const first = batcher.submit(['a']);
    await sleep(10);
    expect(fake.rounds).toEqual([['a']]);
    const waiting = [batcher.submit(['b']), batcher.submit(['c', 'd']), batcher.submit(['e'])];
    await sleep(10);
    expect(fake.rounds).toHaveLength(1);
    fake.finish();
    await first;
    await immediate();
    expect(fake.rounds[1]).toEqual(['b', 'c', 'd', 'e']);
    fake.finish();
    await expect(Promise.all(waiting)).resolves.toEqual([['B'], ['C', 'D'], ['E']]);
  });

  it('runs up to `concurrency` rounds at once', async () => {
    const fake = new FakeProcessor();
    const batcher = new RequestBatcher<string, string>({ maxBatchSize: 2, maxWaitMs: 1, concurrency: 2, process: fake.process });
    const result = batcher.submit(['a', 'b', 'c', 'd', 'e']);
    expect(fake.rounds).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    fake.finish();
    await sleep(10);
    expect(fake.rounds[2]).toEqual(['e']);
    fake.finish();
    fake.finish();
    await expect(result).resolves.toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('rejects exactly the callers of a failed round and drops their waiting items', async () => {
    const fake = new FakeProcessor();
    const batcher = new RequestBatcher<string, string>({ maxBatchSize: 3, maxWaitMs: 1, process: fake.process });
    const before = batcher.submit(['p1']);
    await sleep(10);
    const spanning = batcher.submit(['s1', 's2', 's3', 's4']); // s1..s3 fail with round 2; s4 must not run
    const after = batcher.submit(['q1']);
    fake.finish();
    await expect(before).resolves.toEqual(['P1']);
    await immediate();
    expect(fake.rounds[1]).toEqual(['s1', 's2', 's3']);
    fake.fail(new Error('model exploded'));
    await expect(spanning).rejects.toThrow('model exploded');
    // q1 may not have waited maxWaitMs yet when the failure lands: its round can start on the timer.
    await sleep(10);
    expect(fake.rounds[2]).toEqual(['q1']);
    fake.finish();
    await expect(after).resolves.toEqual(['Q1']);
    expect(fake.rounds.flat()).not.toContain('s4');
  });

  it('rejects the callers when the processor throws synchronously or returns the wrong count', async () => {
    let mode: 'throw' | 'short' = 'throw';
    const batcher = new RequestBatcher<string, string>({
      maxBatchSize: 4,
      maxWaitMs: 1,
      process: (items) => {
        if (mode === 'throw') throw new Error('sync failure');
        return Promise.resolve(items.slice(1));
      },
    });
    await expect(batcher.submit(['a', 'b'])).rejects.toThrow('sync failure');
    mode = 'short';
    await expect(batcher.submit(['a', 'b'])).rejects.toThrow('returned 1 results for 2 items');
  });

  it('answers an empty call with an empty array without a round', async () => {
    const fake = new FakeProcessor();
    const batcher = new RequestBatcher<string, string>({ maxBatchSize: 4, maxWaitMs: 1, process: fake.process });
    await expect(batcher.submit([])).resolves.toEqual([]);
    expect(fake.rounds).toHaveLength(0);
  });

  it('close() runs waiting items at once, waits for running rounds, then refuses new calls', async () => {
    const fake = new FakeProcessor();
    const batcher = new RequestBatcher<string, string>({ maxBatchSize: 2, maxWaitMs: 60_000, process: fake.process });
    const result = batcher.submit(['a', 'b', 'c']);
    expect(fake.rounds).toEqual([['a', 'b']]);
    let closed = false;
    const closing = batcher.close().then(() => (closed = true));
    await expect(batcher.submit(['x'])).rejects.toBeInstanceOf(BatcherClosedError);
    fake.finish();
    await immediate();
    expect(fake.rounds[1]).toEqual(['c']);
    expect(closed).toBe(false);
    fake.finish();
    await closing;
    await expect(result).resolves.toEqual(['A', 'B', 'C']);
  });

  it('validates its bounds', () => {
    const process = (items: string[]) => Promise.resolve(items);
    expect(() => new RequestBatcher({ maxBatchSize: 0, maxWaitMs: 1, process })).toThrow(RangeError);
    expect(() => new RequestBatcher({ maxBatchSize: 1, maxWaitMs: -1, process })).toThrow(RangeError);
    expect(() => new RequestBatcher({ maxBatchSize: 1, maxWaitMs: 1, concurrency: 0, process })).toThrow(RangeError);
    expect(() => new RequestBatcher({ maxBatchSize: 1, maxWaitMs: 1, maxPendingItems: -1, process })).toThrow(RangeError);
    expect(() => new RequestBatcher({ maxBatchSize: 1, maxWaitMs: 1, maxPendingItems: 1.5, process })).toThrow(RangeError);
    expect(() => new RequestBatcher({ maxBatchSize: 1, maxWaitMs: 1, maxWaitForRoundMs: -1, process })).toThrow(RangeError);
  });

  describe('under overload', () => {
    afterEach(() => jest.useRealTimers());

    it('refuses at once a call that would make more than maxPendingItems wait, changing nothing queued', async () => {
      const fake = new FakeProcessor();
      const batcher = new RequestBatcher<string, string>({ maxBatchSize: 2, maxWaitMs: 60_000, maxPendingItems: 3, process: fake.process });
      const running = batcher.submit(['r1', 'r2']); // a full round: starts at once, waits for nothing
      const waiting = batcher.submit(['w1', 'w2']);
      expect(batcher.pending).toBe(2);
      const refused = batcher.submit(['x1', 'x2']);
      await expect(refused).rejects.toBeInstanceOf(EmbeddingOverloadedError);
      await expect(refused).rejects.toMatchObject({ reason: 'queue-full', retryAfterSeconds: 1, message: 'the embedding queue is full' });
      expect(batcher.pending).toBe(2);
      // One more still fits; then the bound is reached.
      const fits = batcher.submit(['f1']);
      expect(batcher.pending).toBe(3);
      await expect(batcher.submit(['y'])).rejects.toMatchObject({ reason: 'queue-full' });
      expect(fake.rounds).toEqual([['r1', 'r2']]);
      fake.finish();
      await expect(running).resolves.toEqual(['R1', 'R2']);
      await immediate();
      expect(fake.rounds[1]).toEqual(['w1', 'w2']);
      expect(batcher.pending).toBe(1);
      // Room again: items handed to a round no longer count.
      const later = batcher.submit(['l1', 'l2']);
      expect(batcher.pending).toBe(3);
      fake.finish();
      await expect(waiting).resolves.toEqual(['W1', 'W2']);
      await immediate();
      expect(fake.rounds[2]).toEqual(['f1', 'l1']);
      fake.finish();
      await expect(fits).resolves.toEqual(['F1']);
      // l2 would wait 60 s for company; closing runs it at once.
      const closing = batcher.close();
      await immediate();
      expect(fake.rounds[3]).toEqual(['l2']);
      fake.finish();
      await closing;
      await expect(later).resolves.toEqual(['L1', 'L2']);
      expect(fake.rounds.flat()).not.toContain('x1');
      expect(fake.rounds.flat()).not.toContain('y');
    });

    it('refuses a call larger than maxPendingItems even on an idle batcher', async () => {
      const fake = new FakeProcessor();
      const batcher = new RequestBatcher<string, string>({ maxBatchSize: 8, maxWaitMs: 1, maxPendingItems: 2, process: fake.process });
      await expect(batcher.submit(['a', 'b', 'c'])).rejects.toBeInstanceOf(EmbeddingOverloadedError);
      expect(batcher.pending).toBe(0);
      expect(fake.rounds).toHaveLength(0);
    });

    it('refuses a call whose items have not all started within maxWaitForRoundMs and drops its waiting items', async () => {
      jest.useFakeTimers();
      const fake = new FakeProcessor();
      const batcher = new RequestBatcher<string, string>({ maxBatchSize: 2, maxWaitMs: 0, maxWaitForRoundMs: 100, process: fake.process });
      const spanning = batcher.submit(['s1', 's2', 's3']); // s1, s2 start at once; s3 waits for the round
      const behind = batcher.submit(['b1']);
      expect(fake.rounds).toEqual([['s1', 's2']]);
      expect(batcher.pending).toBe(2);
      let spanningError: unknown;
      spanning.catch((error: unknown) => (spanningError = error));
      let behindError: unknown;
      behind.catch((error: unknown) => (behindError = error));
      jest.advanceTimersByTime(99);
      await Promise.resolve();
      expect(spanningError).toBeUndefined();
      jest.advanceTimersByTime(1);
      await Promise.resolve();
      expect(spanningError).toBeInstanceOf(EmbeddingOverloadedError);
      expect(spanningError).toMatchObject({ reason: 'deadline', retryAfterSeconds: 1 });
      expect(behindError).toBeInstanceOf(EmbeddingOverloadedError);
      expect(batcher.pending).toBe(0);
      // The running round was not interrupted; it finishes, and nothing of the refused calls runs after it.
      expect(fake.running).toBe(1);
      fake.finish();
      await Promise.resolve();
      await Promise.resolve();
      expect(fake.rounds).toEqual([['s1', 's2']]);
      expect(batcher.active).toBe(0);
      // A new call is served normally.
      const fresh = batcher.submit(['n1']);
      expect(fake.rounds[1]).toEqual(['n1']);
      fake.finish();
      await expect(fresh).resolves.toEqual(['N1']);
    });

    it('keeps a call whose items all started within the deadline, however long its round runs', async () => {
      jest.useFakeTimers();
      const fake = new FakeProcessor();
      const batcher = new RequestBatcher<string, string>({ maxBatchSize: 4, maxWaitMs: 0, maxWaitForRoundMs: 50, process: fake.process });
      const started = batcher.submit(['a', 'b']);
      expect(fake.rounds).toEqual([['a', 'b']]);
      jest.advanceTimersByTime(10_000);
      fake.finish();
      await expect(started).resolves.toEqual(['A', 'B']);
    });

    it('keeps its queue bounded while refused calls keep arriving behind a slow round', async () => {
      jest.useFakeTimers();
      const fake = new FakeProcessor();
      const batcher = new RequestBatcher<string, string>({ maxBatchSize: 1, maxWaitMs: 0, maxPendingItems: 10, maxWaitForRoundMs: 20, process: fake.process });
      const outcomes: Array<Promise<unknown>> = [];
      for (let i = 0; i < 5000; i++) {
        outcomes.push(
          batcher.submit([`t${i}`]).then(
            () => 'ok',
            (error: unknown) => (error instanceof EmbeddingOverloadedError ? error.reason : 'other'),
          ),
        );
        expect(batcher.pending).toBeLessThanOrEqual(10);
        if (i % 50 === 0) jest.advanceTimersByTime(10);
      }
      jest.advanceTimersByTime(100);
      expect(batcher.pending).toBe(0);
      fake.finish();
      const counted = (await Promise.all(outcomes)).reduce<Record<string, number>>((n, o) => ({ ...n, [o as string]: (n[o as string] ?? 0) + 1 }), {});
      expect(counted.ok).toBe(1);
      expect(counted.deadline).toBeGreaterThan(0);
      expect(counted['queue-full']).toBeGreaterThan(0);
      expect(counted.other).toBeUndefined();
      expect(fake.rounds).toEqual([['t0']]);
    });
  });
});
