import { median, percentile, round, summarize } from './stats';

describe('benchmark statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarises an unsorted sample without changing it', () => {
    const sample = [5, 1, 4, 2, 3];
    expect(summarize(sample)).toEqual({ n: 5, mean: 3, min: 1, p50: 3, p95: 5, p99: 5, max: 5 });
    expect(sample).toEqual([5, 1, 4, 2, 3]);
  });

  it('gives the middle of an even sample as the mean of the two middle values', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('rounds to 3 significant digits, and to integers from 100 up', () => {
    expect(round(0.123456)).toBe(0.123);
    expect(round(12.3456)).toBe(12.3);
    expect(round(1234.56)).toBe(1235);
  });
});
