import * as path from 'node:path';
import * as os from 'node:os';
import { AppConfig } from '../config/app-config';
import { ASCII_TEST_MODEL_NAME, AsciiTestEmbedder } from './ascii-test-embedder';
import type { Embedder, EmbeddingBatch } from './embedder.types';
import { choosePrecision, findModel, loadManifest, resolveModelFiles } from './model-files';
import { OnnxEmbedder } from './onnx/onnx-embedder';
import { loadTokenizer } from './tokenizer/load-tokenizer';

/**
 * Builds the embedder for a model name: `ascii-test` is computed in code; every other name goes through
 * the one loading path manifest -> files -> sha256 -> inference session. `onBatch` hears about each
 * inference round of a model (the computed ascii-test embedding has none).
 */
export async function createEmbedder(name: string, config: AppConfig, onBatch?: (batch: EmbeddingBatch) => void): Promise<Embedder> {
  if (name === ASCII_TEST_MODEL_NAME) return new AsciiTestEmbedder();

  const entry = findModel(loadManifest(), name);
  // A model with a single precision (the bag-of-word-pieces stand-in is fp32 only) uses that one.
  const precision = choosePrecision(entry, config.EMBEDDING_PRECISION);
  const files = await resolveModelFiles(path.resolve(config.MODELS_DIR), entry, precision);
  const tokenizer = loadTokenizer(files.tokenizerJsonPath, Math.min(config.EMBEDDING_MAX_TOKENS, entry.maxLength));
  const cores = os.availableParallelism();
  const sessions = config.EMBEDDING_SESSIONS || cores;
  return OnnxEmbedder.create({
    name: entry.name,
    dimensions: entry.dimensions,
    modelPath: files.onnxPath,
    tokenizer,
    normalize: entry.normalize,
    sessions,
    threads: config.EMBEDDING_THREADS || Math.max(1, Math.floor(cores / sessions)),
    maxBatchSize: config.EMBEDDING_BATCH_SIZE,
    maxWaitMs: config.EMBEDDING_BATCH_WAIT_MS,
    maxQueuedTexts: config.EMBEDDING_QUEUE_MAX_TEXTS,
    requestTimeoutMs: config.EMBEDDING_REQUEST_TIMEOUT_MS,
    inferenceBatchSize: config.EMBEDDING_INFERENCE_BATCH,
    onBatch,
  });
}
