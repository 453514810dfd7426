import type { OnnxEmbedderStats } from './onnx/onnx-embedder';

/** One text's embedding. */
export interface Embedding {
  vector: Float32Array;
  /** True when the text was longer than the model's window and its tail never reached the model. */
  truncated: boolean;
}

/** One inference round of a model: `texts` texts tokenised, run and pooled in `seconds`. */
export interface EmbeddingBatch {
  model: string;
  texts: number;
  seconds: number;
}

/**
 * Anything that turns texts into vectors: the ONNX models and the deterministic `ascii-test` embedding.
 * Results come back in the order of the input texts.
 */
export interface Embedder {
  readonly name: string;
  readonly dimensions: number;
  embed(texts: string[]): Promise<Embedding[]>;
  close(): Promise<void>;
  /** Work counters since start, for embedders that run a model (the computed ascii-test one has none). */
  stats?(): OnnxEmbedderStats;
}
