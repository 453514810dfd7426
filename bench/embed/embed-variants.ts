import * as os from 'node:os';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { l2Normalize, meanPool } from '../../src/embedding/pooling';
import { OnnxEmbedder } from '../../src/embedding/onnx/onnx-embedder';
import { WordPieceTokenizer } from '../../src/embedding/tokenizer/wordpiece-tokenizer';
import type { Precision } from '../../src/embedding/model-manifest.types';

/** The model every variant runs, as the manifest and the engine name it. */
export const BENCH_MODEL = 'synthetic-minilm-l6';
export const MAX_TOKENS = 256;
export const DIMENSIONS = 384;

export const ONNX_FILES: Record<Precision, string> = { int8: 'model_quantized.onnx', fp32: 'model.onnx' };

/** One way of turning texts into vectors, loaded once and then timed over the corpus. */
export interface EmbedVariant {
  embedAll(texts: string[]): Promise<Float32Array[]>;
  close(): Promise<void>;
}

export interface VariantContext {
  modelDir: string;
  precision: Precision;
  /** Engine settings under test (semflow only). */
  engine: { sessions?: number; threads?: number; inferenceBatch?: number; maxBatchSize?: number };
  /** A directory laid out as @huggingface/transformers expects (see transformersModelDir). */
  transformersRoot: string;
}

/** semflow's engine exactly as the service builds it, fed as concurrent jobs of 16 texts. */
async function semflowVariant(ctx: VariantContext): Promise<EmbedVariant> {
  const cores = os.availableParallelism();
  const sessions = ctx.engine.sessions ?? cores;
  const embedder = await OnnxEmbedder.create({
    name: BENCH_MODEL,
    dimensions: DIMENSIONS,
    modelPath: path.join(ctx.modelDir, ONNX_FILES[ctx.precision]),
    tokenizer: WordPieceTokenizer.fromTokenizerJson(path.join(ctx.modelDir, 'tokenizer.json'), { maxLength: MAX_TOKENS }),
    normalize: true,
    sessions,
    threads: ctx.engine.threads ?? Math.max(1, Math.floor(cores / sessions)),
    inferenceBatchSize: ctx.engine.inferenceBatch,
    maxBatchSize: ctx.engine.maxBatchSize,
  });
  return {
    async embedAll(texts) {
      const jobs: Promise<Float32Array[]>[] = [];
      for (let i = 0; i < texts.length; i += 16) jobs.push(embedder.embed(texts.slice(i, i + 16)).then((r) => r.map((e) => e.vector)));
      return (await Promise.all(jobs)).flat();
    },
    close: () => embedder.close(),
  };
}

/** @huggingface/transformers' feature-extraction pipeline with mean pooling and normalisation. */
async function transformersVariant(ctx: VariantContext, batchSize: number): Promise<EmbedVariant> {
  // An ES module: loaded with a real dynamic import, which TypeScript's CommonJS output would rewrite.
  const load = new Function('specifier', 'return import(specifier)') as (
    s: string,
  ) => Promise<typeof import('@huggingface/transformers', { with: { 'resolution-mode': 'import' } })>;
  const { pipeline, env } = await load('@huggingface/transformers');
  env.localModelPath = ctx.transformersRoot;
  env.allowRemoteModels = false;
  const extractor = await pipeline('feature-extraction', BENCH_MODEL, { dtype: ctx.precision === 'int8' ? 'q8' : 'fp32', device: 'cpu' });
  // The same 256-token window as sentence-transformers and semflow (the tokenizer files say 512).
  (extractor.tokenizer as unknown as { _tokenizerConfig: { model_max_length: number } })._tokenizerConfig.model_max_length = MAX_TOKENS;
  return {
    async embedAll(texts) {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        const tensor = await extractor(texts.slice(i, i + batchSize), { pooling: 'mean', normalize: true });
        const data = tensor.data as Float32Array;
        for (let row = 0; row < tensor.dims[0]; row++) out.push(data.slice(row * DIMENSIONS, (row + 1) * DIMENSIONS));
      }
      return out;
    },
    close: () => extractor.dispose(),
  };
}

/** What a team writes first: one InferenceSession with default options, one text per run(). */
async function plainOrtVariant(ctx: VariantContext): Promise<EmbedVariant> {
  const tokenizer = WordPieceTokenizer.fromTokenizerJson(path.join(ctx.modelDir, 'tokenizer.json'), { maxLength: MAX_TOKENS });
  const session = await ort.InferenceSession.create(path.join(ctx.modelDir, ONNX_FILES[ctx.precision]));
  return {
    async embedAll(texts) {
      const out: Float32Array[] = [];
      for (const text of texts) {
        const ids = tokenizer.encode(text).ids;
        const dims = [1, ids.length];
        const mask = new BigInt64Array(ids.length).fill(1n);
        const feeds: Record<string, ort.Tensor> = {
          input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), dims),
          attention_mask: new ort.Tensor('int64', mask, dims),
        };
        if (session.inputNames.includes('token_type_ids')) feeds.token_type_ids = new ort.Tensor('int64', new BigInt64Array(ids.length), dims);
        const result = await session.run(feeds);
        const hidden = result.last_hidden_state;
        out.push(l2Normalize(meanPool(hidden.data as Float32Array, [1, ids.length, DIMENSIONS], mask)[0], 1e-12));
      }
      return out;
    },
    close: () => session.release(),
  };
}

export const VARIANTS = {
  semflow: semflowVariant,
  'transformers.js b1': (ctx: VariantContext) => transformersVariant(ctx, 1),
  'transformers.js b32': (ctx: VariantContext) => transformersVariant(ctx, 32),
  'onnxruntime b1': plainOrtVariant,
} as const;

export type VariantName = keyof typeof VARIANTS;
