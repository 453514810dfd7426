import { PerRequestLoader } from './per-request-loader';

describe('PerRequestLoader', () => {
  const rows = (fetched: number[][]) =>
    new PerRequestLoader(async (keys: number[]) => {
      fetched.push(keys);
      return new Map(keys.filter((key) => key !== 3).map((key) => [key, `row ${key}`]));
    }, null);

  it('fetches the keys of one tick with one call, each once, and answers in key order with the default for missing keys', async () => {
    const fetched: number[][] = [];
    const loader = rows(fetched);
    const request = {};
    const answers = await Promise.all([loader.load(request, 2), loader.load(request, 1), loader.load(request, 2), loader.load(request, 3)]);
    expect(answers).toEqual(['row 2', 'row 1', 'row 2', null]);
    expect(fetched).toEqual([[2, 1, 3]]);
  });

  it('does not share what one request read with another request', async () => {
    const fetched: number[][] = [];
    const loader = rows(fetched);
    const [first, second] = [{}, {}];
    expect(await loader.load(first, 1)).toBe('row 1');
    expect(await loader.load(first, 1)).toBe('row 1');
    expect(await loader.load(second, 1)).toBe('row 1');
    expect(fetched).toEqual([[1], [1]]);
  });

  it('rejects every key of a failed fetch and fetches them again when asked again', async () => {
    let fail = true;
    const loader = new PerRequestLoader(async (keys: number[]) => {
      if (fail) throw new Error('database went away');
      return new Map(keys.map((key) => [key, key * 10]));
    }, 0);
    const request = {};
    const failed = await Promise.allSettled([loader.load(request, 1), loader.load(request, 2)]);
    expect(failed.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await loader.load(request, 1)).toBe(10);
  });
});
