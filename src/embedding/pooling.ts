/**
 * Sentence-transformers pooling for BERT-style encoders: the mean of the token vectors that the
 * attention mask keeps, then (optionally) scaling to unit length.
 *
 * This module is compiled into the inference worker thread, so it imports nothing.
 */

/**
 * Mean of last_hidden_state over the positions where the attention mask is set.
 *
 * @param hidden row-major [batch, seq, hiddenSize] floats
 * @param dims [batch, seq, hiddenSize]
 * @param attentionMask [batch, seq] with 1 (or 1n) for real tokens and 0 for padding
 * @returns one vector per sequence; a sequence with no token at all gives a zero vector
 */
export function meanPool(hidden: Float32Array, dims: readonly [number, number, number] | readonly number[], attentionMask: ArrayLike<number | bigint>): Float32Array[] {
  if (dims.length !== 3) throw new Error(`meanPool expects dims [batch, seq, hidden], got [${dims.join(', ')}]`);
  const [batch, seq, width] = dims;
  if (hidden.length !== batch * seq * width) {
    throw new Error(`meanPool: ${hidden.length} values do not fill [${batch}, ${seq}, ${width}]`);
  }
  if (attentionMask.length !== batch * seq) {
    throw new Error(`meanPool: attention mask has ${attentionMask.length} entries, expected ${batch * seq}`);
  }

  const bigintMask = attentionMask.length > 0 && typeof attentionMask[0] === 'bigint';
  const sum = new Float64Array(width);
  const out: Float32Array[] = new Array(batch);
  for (let b = 0; b < batch; b++) {
    sum.fill(0);
    let count = 0;
    const maskRow = b * seq;
    for (let s = 0; s < seq; s++) {
      const m = attentionMask[maskRow + s];
      if (bigintMask ? m === 0n : m === 0) continue;
      count++;
      const base = (maskRow + s) * width;
      for (let h = 0; h < width; h++) sum[h] += hidden[base + h];
    }
    const vector = new Float32Array(width);
    if (count > 0) for (let h = 0; h < width; h++) vector[h] = sum[h] / count;
    out[b] = vector;
  }
  return out;
}

/** Euclidean length. */
export function l2Norm(v: ArrayLike<number>): number {
  let squares = 0;
  for (let i = 0; i < v.length; i++) squares += v[i] * v[i];
  return Math.sqrt(squares);
}

/**
 * v divided by max(|v|, eps), as torch.nn.functional.normalize(p=2): a new array; a zero vector
 * stays zero.
 */
export function l2Normalize(v: ArrayLike<number>, eps = 1e-12): Float32Array {
  const scale = 1 / Math.max(l2Norm(v), eps);
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] * scale;
  return out;
}

/** Cosine of the angle between a and b (vectors of equal length, neither zero). */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  return dot / (l2Norm(a) * l2Norm(b));
}
