import { ASCII_TEST_DIMENSIONS, ASCII_TEST_MODEL_NAME, AsciiTestEmbedder, asciiTestVector } from './ascii-test-embedder';

/** The non-zero components of a vector, as {index: value}. */
function nonZero(vector: Float32Array): Record<number, number> {
  const out: Record<number, number> = {};
  vector.forEach((value, index) => {
    if (value !== 0) out[index] = value;
  });
  return out;
}

describe('ascii-test embedding', () => {
  it('is named ascii-test and has 256 dimensions', () => {
    const embedder = new AsciiTestEmbedder();
    expect(ASCII_TEST_MODEL_NAME).toBe('ascii-test');
    expect(ASCII_TEST_DIMENSIONS).toBe(256);
    expect(embedder.name).toBe('ascii-test');
    expect(embedder.dimensions).toBe(256);
  });

  it('counts each UTF-16 code unit at code % 256 (literal backslash-n is two characters)', () => {
    // 'a' = 97, 'b' = 98, '\' = 92, 'n' = 110
    expect(nonZero(asciiTestVector('ab\\n'))).toEqual({ 92: 1, 97: 1, 98: 1, 110: 1 });
    // a real newline is code 10; repeated characters add up
    expect(nonZero(asciiTestVector('aa\n'))).toEqual({ 10: 1, 97: 2 });
  });

  it('wraps codes above 255 and counts both halves of a surrogate pair', () => {
    // 'é' = 233; 'Ā' = 256 -> 0; '€' = 8364 = 32 * 256 + 172 -> 172
    expect(nonZero(asciiTestVector('éĀ€'))).toEqual({ 0: 1, 172: 1, 233: 1 });
    // '😀' = U+1F600 = 0xD83D 0xDE00: 0xD83D % 256 = 0x3D = 61, 0xDE00 % 256 = 0
    expect(nonZero(asciiTestVector('😀'))).toEqual({ 0: 1, 61: 1 });
  });

  it('gives a zero vector for the empty string and does not normalise', () => {
    expect(nonZero(asciiTestVector(''))).toEqual({});
    const long = asciiTestVector('x'.repeat(1000)); // 'x' = 120
    expect(long[120]).toBe(1000);
  });

  it('embeds a batch in order, never truncated', async () => {
    const embedder = new AsciiTestEmbedder();
    const [first, second] = await embedder.embed(['A', 'BB']); // 'A' = 65, 'B' = 66
    expect(first.truncated).toBe(false);
    expect(second.truncated).toBe(false);
    expect(first.vector).toBeInstanceOf(Float32Array);
    expect(first.vector).toHaveLength(256);
    expect(nonZero(first.vector)).toEqual({ 65: 1 });
    expect(nonZero(second.vector)).toEqual({ 66: 2 });
    await expect(embedder.close()).resolves.toBeUndefined();
  });
});
