import type { Embedder, Embedding } from './embedder.types';

/** Name under which the DataSQRL-compatible test embedding is configured. */
export const ASCII_TEST_MODEL_NAME = 'ascii-test';
export const ASCII_TEST_DIMENSIONS = 256;

/**
 * The deterministic embedding DataSQRL used in its golden tests instead of a model: a 256-component
 * histogram where each UTF-16 code unit c of the text adds 1 to component c % 256. Not normalised and
 * never truncated, so the recorded recommendation scores can be reproduced exactly.
 */
export function asciiTestVector(text: string): Float32Array {
  const vector = new Float32Array(ASCII_TEST_DIMENSIONS);
  for (let i = 0; i < text.length; i++) vector[text.charCodeAt(i) & 0xff] += 1;
  return vector;
}

export class AsciiTestEmbedder implements Embedder {
  readonly name = ASCII_TEST_MODEL_NAME;
  readonly dimensions = ASCII_TEST_DIMENSIONS;

  async embed(texts: string[]): Promise<Embedding[]> {
    return texts.map((text) => ({ vector: asciiTestVector(text), truncated: false }));
  }

  async close(): Promise<void> {
    // nothing to release
  }
}
