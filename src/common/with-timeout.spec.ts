import { withTimeout } from './with-timeout';

const after = <T>(ms: number, outcome: () => T) => new Promise<T>((resolve) => setTimeout(() => resolve(outcome()), ms));

describe('withTimeout', () => {
  it('gives the outcome of a promise that settles in time', async () => {
    await expect(
      withTimeout(
        after(5, () => 'done'),
        1000,
        () => new Error('late'),
      ),
    ).resolves.toBe('done');
    await expect(withTimeout(Promise.reject(new Error('broken')), 1000, () => new Error('late'))).rejects.toThrow('broken');
  });

  it('rejects with the given error once the time is up, and ignores the late outcome', async () => {
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const late = new Promise((_, reject) => setTimeout(() => reject(new Error('too late')), 30));
      await expect(withTimeout(late, 5, () => new Error('no answer within 5 ms'))).rejects.toThrow('no answer within 5 ms');
      await after(50, () => undefined);
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
