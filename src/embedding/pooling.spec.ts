import { l2Norm, l2Normalize, meanPool } from './pooling';

describe('meanPool', () => {
  // batch 2, seq 3, hidden 2
  // sequence 0: [1, 2], [3, 4], [5, 6], all real tokens          -> mean [9/3, 12/3] = [3, 4]
  // sequence 1: [2, -4], [6, 8], [100, 100], last one is padding -> mean [8/2, 4/2] = [4, 2]
  const hidden = Float32Array.from([1, 2, 3, 4, 5, 6, 2, -4, 6, 8, 100, 100]);
  const dims: [number, number, number] = [2, 3, 2];

  it('averages the positions the mask keeps (number mask)', () => {
    const pooled = meanPool(hidden, dims, [1, 1, 1, 1, 1, 0]);
    expect(pooled).toHaveLength(2);
    expect(Array.from(pooled[0])).toEqual([3, 4]);
    expect(Array.from(pooled[1])).toEqual([4, 2]);
    expect(pooled[0]).toBeInstanceOf(Float32Array);
  });

  it('accepts an int64 (bigint) mask as onnxruntime tensors hold it', () => {
    const pooled = meanPool(hidden, dims, BigInt64Array.from([1n, 1n, 1n, 1n, 1n, 0n]));
    expect(Array.from(pooled[0])).toEqual([3, 4]);
    expect(Array.from(pooled[1])).toEqual([4, 2]);
  });

  it('skips padding in the middle and averages a single token to itself', () => {
    // sequence 0 keeps positions 0 and 2: [(1 + 5) / 2, (2 + 6) / 2] = [3, 4]; sequence 1 keeps [6, 8]
    const pooled = meanPool(hidden, dims, Int32Array.from([1, 0, 1, 0, 1, 0]));
    expect(Array.from(pooled[0])).toEqual([3, 4]);
    expect(Array.from(pooled[1])).toEqual([6, 8]);
  });

  it('gives a zero vector for a sequence with no tokens', () => {
    const pooled = meanPool(hidden, dims, [0, 0, 0, 1, 1, 1]);
    // sequence 1 with all three: [(2 + 6 + 100) / 3, (-4 + 8 + 100) / 3] = [36, 104/3]
    expect(Array.from(pooled[0])).toEqual([0, 0]);
    expect(pooled[1][0]).toBe(36);
    expect(pooled[1][1]).toBeCloseTo(34.666667, 5);
  });

  it('rejects shapes that do not match', () => {
    expect(() => meanPool(hidden, [2, 3, 3], [1, 1, 1, 1, 1, 1])).toThrow(/do not fill/);
    expect(() => meanPool(hidden, dims, [1, 1, 1])).toThrow(/attention mask/);
    expect(() => meanPool(hidden, [12], [1])).toThrow(/dims/);
  });
});

describe('l2Normalize', () => {
  it('scales to unit length', () => {
    // |[3, 4]| = 5
    expect(l2Norm([3, 4])).toBe(5);
    const unit = l2Normalize(Float32Array.from([3, 4]));
    expect(unit[0]).toBeCloseTo(0.6, 7);
    expect(unit[1]).toBeCloseTo(0.8, 7);
    // |[4, 2]| = sqrt(20) = 4.4721360; 4 / 4.4721360 = 0.8944272, 2 / 4.4721360 = 0.4472136
    const other = l2Normalize([4, 2]);
    expect(other[0]).toBeCloseTo(0.8944272, 6);
    expect(other[1]).toBeCloseTo(0.4472136, 6);
  });

  it('returns a new array and leaves the input alone', () => {
    const input = Float32Array.from([0, -2]);
    const out = l2Normalize(input);
    expect(Array.from(out)).toEqual([0, -1]);
    expect(Array.from(input)).toEqual([0, -2]);
    expect(out).not.toBe(input);
  });

  it('keeps a zero vector at zero and divides tiny vectors by eps', () => {
    expect(Array.from(l2Normalize([0, 0, 0]))).toEqual([0, 0, 0]);
    // |[1e-13, 0]| = 1e-13 < eps = 1e-12, so the result is 1e-13 / 1e-12 = 0.1
    expect(l2Normalize([1e-13, 0])[0]).toBeCloseTo(0.1, 6);
    // with eps 1, [0.3, 0.4] (length 0.5) is divided by 1 and stays as it is
    const kept = l2Normalize([0.3, 0.4], 1);
    expect(kept[0]).toBeCloseTo(0.3, 7);
    expect(kept[1]).toBeCloseTo(0.4, 7);
  });
});
