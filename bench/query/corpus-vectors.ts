import { performance } from 'node:perf_hooks';
import { MODELS_DIR } from '../../test/helpers/app-process';
import { loadConfig } from '../../src/config/load-config';
import { createEmbedder } from '../../src/embedding/embedder-factory';
import type { Embedder } from '../../src/embedding/embedder.types';
import { log } from '../lib/report';

/**
 * The model the benchmark's vectors come from. wordpiece-bow-384 makes texts that share informative
 * words similar, so a corpus of talks and payments forms real clusters (recall on uniform random vectors
 * says nothing); the service runs with the same model, so the query texts it embeds (TransactionSearch)
 * land in the same space as the stored vectors.
 */
export const QUERY_BENCH_MODEL = 'wordpiece-bow-384';

/** Texts per embed() call: enough to keep the engine's rounds full, small enough to report progress. */
const CHUNK = 2048;

export class CorpusEmbedder {
  private constructor(private readonly embedder: Embedder) {}

  /** The service's own embedding engine (tokenizer, ONNX session in worker threads, pooling) in this process. */
  static async open(): Promise<CorpusEmbedder> {
    // A chunk's last texts wait for the rounds before them: on a slow machine longer than a request may.
    const config = loadConfig({ MODELS_DIR, EMBEDDING_MODEL: QUERY_BENCH_MODEL, EMBEDDING_REQUEST_TIMEOUT_MS: '0' });
    return new CorpusEmbedder(await createEmbedder(QUERY_BENCH_MODEL, config));
  }

  /** Vectors of the texts, in order, plus whether each was cut at the model's window. */
  async embed(what: string, texts: string[]): Promise<{ vectors: Float32Array[]; truncated: boolean[]; seconds: number }> {
    const start = performance.now();
    const vectors: Float32Array[] = [];
    const truncated: boolean[] = [];
    for (let i = 0; i < texts.length; i += CHUNK) {
      const chunk = await this.embedder.embed(texts.slice(i, i + CHUNK));
      for (const embedding of chunk) {
        vectors.push(embedding.vector);
        truncated.push(embedding.truncated);
      }
    }
    const seconds = (performance.now() - start) / 1000;
    log(`embedded ${texts.length} ${what} in ${seconds.toFixed(1)} s (${Math.round(texts.length / seconds)}/s)`);
    return { vectors, truncated, seconds };
  }

  close(): Promise<void> {
    return this.embedder.close();
  }
}
