import { TickBatcher } from './tick-batcher';

describe('TickBatcher', () => {
  it('processes the items of one tick with one call and gives each caller its own result', async () => {
    const calls: number[][] = [];
    const batcher = new TickBatcher(async (items: number[]) => {
      calls.push(items);
      return items.map((n) => n * 10);
    });
    const first = await Promise.all([batcher.run(1), batcher.run(2), batcher.run(3)]);
    const second = await batcher.run(4);
    expect(first).toEqual([10, 20, 30]);
    expect(second).toBe(40);
    expect(calls).toEqual([[1, 2, 3], [4]]);
  });

  it('rejects every caller of a batch whose call failed, and goes on with the next batch', async () => {
    let fail = true;
    const batcher = new TickBatcher(async (items: string[]) => {
      if (fail) throw new Error('database went away');
      return items.map((item) => item.toUpperCase());
    });
    const failed = await Promise.allSettled([batcher.run('a'), batcher.run('b')]);
    expect(failed.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await batcher.run('c')).toBe('C');
  });
  it('gathers the items that arrive while a batch runs into the next batch, one batch at a time', async () => {
    const calls: number[][] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    const finishers: Array<() => void> = [];
    const batcher = new TickBatcher(async (items: number[]) => {
      calls.push(items);
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      await new Promise<void>((resolve) => finishers.push(resolve));
      inFlight--;
      return items.map((n) => -n);
    });
    const first = batcher.run(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([[1]]);
    // Three callers in three different ticks while the first batch runs: one batch after it.
    const later: Array<Promise<number>> = [];
    for (const n of [2, 3, 4]) {
      later.push(batcher.run(n));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(calls).toEqual([[1]]);
    finishers.shift()!();
    expect(await first).toBe(-1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([[1], [2, 3, 4]]);
    finishers.shift()!();
    expect(await Promise.all(later)).toEqual([-2, -3, -4]);
    expect(mostInFlight).toBe(1);
  });

  it('starts the next batch after a failed one', async () => {
    const calls: string[][] = [];
    let failNext = true;
    let release: () => void = () => undefined;
    const batcher = new TickBatcher(async (items: string[]) => {
      calls.push(items);
      await new Promise<void>((resolve) => (release = resolve));
      if (failNext) {
        failNext = false;
        throw new Error('statement failed');
      }
      return items;
    });
    const failed = batcher.run('a');
    await new Promise((resolve) => setImmediate(resolve));
    const waiting = batcher.run('b');
    release();
    await expect(failed).rejects.toThrow('statement failed');
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([['a'], ['b']]);
    release();
    expect(await waiting).toBe('b');
  });
});
