/**
 * OnnxEmbedder against the stand-in models that `npm run models:build` writes (npm test builds them
 * first). The worker thread runs dist/src/embedding/onnx/inference-worker.js, so these tests also need
 * `npm run build`, which models:build runs.
 */
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { repoRoot } from '../../common/compiled-path';
import type { EmbeddingBatch } from '../embedder.types';
import { WordPieceTokenizer } from '../tokenizer/wordpiece-tokenizer';
import { EmbedderClosedError, OnnxEmbedder, OnnxEmbedderOptions } from './onnx-embedder';

jest.setTimeout(180_000);

const MODELS_DIR = path.resolve(repoRoot, process.env.MODELS_DIR ?? 'models');
const BOW = 'wordpiece-bow-384';
const MINILM = 'synthetic-minilm-l6';

function modelDir(model: string): string {
  return path.join(MODELS_DIR, model);
}

/** A model file the tests need; missing files fail the test with the command that makes them. */
function modelFile(model: string, file: string): string {
  const location = path.join(modelDir(model), file);
  if (!existsSync(location)) {
    throw new Error(`${path.relative(process.cwd(), location)} is missing: run \`npm run models:build\` (npm test runs it first)`);
  }
  return location;
}

const tokenizers = new Map<string, WordPieceTokenizer>();
function tokenizerFor(model: string): WordPieceTokenizer {
  modelFile(model, 'tokenizer.json');
  if (!tokenizers.has(model)) tokenizers.set(model, WordPieceTokenizer.fromModelDir(modelDir(model), { maxLength: 256 }));
  return tokenizers.get(model)!;
}

const open: OnnxEmbedder[] = [];
async function embedder(model: string, onnxFile: string, extra: Partial<OnnxEmbedderOptions> = {}): Promise<OnnxEmbedder> {
  const created = await OnnxEmbedder.create({
    name: model,
    dimensions: 384,
    modelPath: modelFile(model, onnxFile),
    tokenizer: tokenizerFor(model),
    normalize: true,
    threads: Math.min(2, os.availableParallelism()),
    ...extra,
  });
  open.push(created);
  return created;
}

afterAll(async () => {
  await Promise.all(open.map((e) => e.close()));
});

/** Deterministic talk-like text of about `words` words (roughly 1.3 word pieces per word). */
const WORDS = (
  'streaming data platform kafka flink event driven architecture real time analytics schema registry ' +
  'consumer producer topic partition latency throughput exactly once semantics stateful processing ' +
  'windowing watermark join aggregation materialized view database change capture connector cloud ' +
  'native operator kubernetes observability metrics governance lineage catalog lakehouse iceberg ' +
  'vector embeddings machine learning feature store inference pipeline microservices resilience ' +
  'backpressure replication durability transactions compaction retention security encryption tenant ' +
  'migration modernization legacy mainframe banking retail telemetry fraud detection personalization'
).split(' ');
function talkText(seed: number, words: number): string {
  let state = (seed * 2654435761) >>> 0 || 1;
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    out.push(WORDS[state % WORDS.length]);
    if (i % 14 === 13) out.push('.');
  }
  return `Talk ${seed}: ${out.join(' ')}`;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

function norm(v: Float32Array): number {
  let sum = 0;
  for (const x of v) sum += x * x;
  return Math.sqrt(sum);
}

describe('OnnxEmbedder', () => {
  it('returns one unit-length vector per text, in input order', async () => {
    const bow = await embedder(BOW, 'model.onnx');
    const texts = ['Kafka Streams in production', 'Flink SQL', 'Real-time fraud detection with vector embeddings', 'a', ''];
    const result = await bow.embed(texts);
    expect(result).toHaveLength(texts.length);
    for (const { vector, truncated } of result) {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector).toHaveLength(384);
      expect(Math.abs(norm(vector) - 1)).toBeLessThan(1e-5);
      expect(truncated).toBe(false);
    }
    const alone = await bow.embed([texts[2]]);
    expect(maxAbsDiff(alone[0].vector, result[2].vector)).toBeLessThan(1e-6);
    expect(maxAbsDiff(result[0].vector, result[1].vector)).toBeGreaterThan(1e-3);
  });

  it('reports every round to onBatch with its model, its number of texts and its duration', async () => {
    const batches: EmbeddingBatch[] = [];
    // A wait long enough that the two calls below, made in the same tick, share one round.
    const bow = await embedder(BOW, 'model.onnx', { maxWaitMs: 50, onBatch: (batch) => batches.push(batch) });
    const started = performance.now();
    await Promise.all([bow.embed(['Kafka Streams', 'Flink SQL', 'vector search']), bow.embed(['change data capture', 'outbox'])]);
    const elapsed = (performance.now() - started) / 1000;
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ model: BOW, texts: 5 });
    expect(batches[0].seconds).toBeGreaterThan(0);
    expect(batches[0].seconds).toBeLessThanOrEqual(elapsed);
    await bow.embed([]);
    expect(batches).toHaveLength(1); // no round for nothing
  });

  it('answers an empty list with an empty list', async () => {
    const bow = await embedder(BOW, 'model.onnx');
    await expect(bow.embed([])).resolves.toEqual([]);
  });

  it.each([
    [BOW, 'model.onnx'],
    [MINILM, 'model.onnx'],
  ])('gives a text the same vector alone and padded inside a batch of longer texts (%s %s)', async (model, file) => {
    const e = await embedder(model, file, { inferenceBatchSize: 16 });
    const short = 'Exactly-once delivery with transactions';
    const [alone] = await e.embed([short]);
    const batch = [talkText(1, 60), short, talkText(2, 150), talkText(3, 30), talkText(4, 90)];
    const together = await e.embed(batch);
    const stats = e.stats();
    expect(stats.lastMicroBatchSizes).toEqual([batch.length]);
    expect(stats.paddedTokens).toBeGreaterThan(stats.tokens); // the short text really was padded
    expect(maxAbsDiff(alone.vector, together[1].vector)).toBeLessThan(1e-5);
  });

  it('int8: dynamic quantization lets batch companions move a vector only slightly', async () => {
    // DynamicQuantizeLinear picks one scale per activation tensor, so the other texts (and padding) of a
    // micro-batch shift a text's int8 result a little; all-MiniLM-L6-v2's quantized export does the same.
    const e = await embedder(MINILM, 'model_quantized.onnx', { inferenceBatchSize: 16 });
    const short = 'Exactly-once delivery with transactions';
    const [alone] = await e.embed([short]);
    const together = await e.embed([talkText(1, 60), short, talkText(2, 150), talkText(3, 30)]);
    let cosine = 0;
    for (let i = 0; i < 384; i++) cosine += alone.vector[i] * together[1].vector[i];
    expect(cosine).toBeGreaterThan(0.9999);
    expect(maxAbsDiff(alone.vector, together[1].vector)).toBeLessThan(5e-3);
  });

  it("keeps every caller's order under concurrent calls with texts of different lengths", async () => {
    const e = await embedder(MINILM, 'model.onnx', { maxBatchSize: 16, maxWaitMs: 5, inferenceBatchSize: 4 });
    const calls = Array.from({ length: 12 }, (_, c) => Array.from({ length: 1 + (c % 4) }, (_, i) => talkText(100 + c * 10 + i, 5 + ((c * 37 + i * 53) % 120))));
    const reference = new Map<string, Float32Array>();
    for (const text of calls.flat()) reference.set(text, (await e.embed([text]))[0].vector);

    const batchesBefore = e.stats().batches;
    const results = await Promise.all(calls.map((texts) => e.embed(texts)));
    expect(e.stats().batches - batchesBefore).toBeLessThan(calls.length); // calls really were gathered
    results.forEach((embeddings, c) => {
      expect(embeddings).toHaveLength(calls[c].length);
      embeddings.forEach((embedding, i) => {
        expect(maxAbsDiff(embedding.vector, reference.get(calls[c][i])!)).toBeLessThan(1e-5);
      });
    });
  });

  it('spreads micro-batches over several sessions and returns the vectors one session gives', async () => {
    const single = await embedder(MINILM, 'model.onnx', { sessions: 1, threads: 1 });
    const pool = await embedder(MINILM, 'model.onnx', { sessions: 2, threads: 1, inferenceBatchSize: 1 });
    const texts = Array.from({ length: 10 }, (_, i) => talkText(300 + i, 10 + i * 13));
    const expected = await single.embed(texts);
    const actual = await Promise.all(texts.map((text) => pool.embed([text]).then(([embedding]) => embedding)));
    actual.forEach((embedding, i) => expect(maxAbsDiff(embedding.vector, expected[i].vector)).toBeLessThan(1e-5));
    const { sessions, microBatchesPerSession } = pool.stats();
    expect(sessions).toBe(2);
    expect(microBatchesPerSession.reduce((a, b) => a + b, 0)).toBe(texts.length);
    expect(Math.min(...microBatchesPerSession)).toBeGreaterThan(0);
  });

  it('refuses a session count that is not a positive integer', async () => {
    await expect(embedder(BOW, 'model.onnx', { sessions: 0 })).rejects.toThrow('sessions must be a positive integer, got 0');
  });

  it('flags a text longer than the model window as truncated', async () => {
    const bow = await embedder(BOW, 'model.onnx');
    const long = talkText(7, 400);
    expect(tokenizerFor(BOW).encode(long).ids.length).toBe(256);
    const before = bow.stats().truncatedTexts;
    const [short, longResult] = await bow.embed(['Short abstract about Kafka', long]);
    expect(short.truncated).toBe(false);
    expect(longResult.truncated).toBe(true);
    expect(bow.stats().truncatedTexts - before).toBe(1);
  });

  it('finishes accepted work on close() and then refuses new texts', async () => {
    const e = await embedder(BOW, 'model.onnx');
    const pending = e.embed([talkText(1, 50), talkText(2, 80)]);
    const closing = e.close();
    await expect(e.embed(['too late'])).rejects.toThrow(EmbedderClosedError);
    await expect(e.embed(['too late'])).rejects.toThrow(`embedder "${BOW}" is closed`);
    await expect(pending).resolves.toHaveLength(2);
    await closing;
    await expect(e.close()).resolves.toBeUndefined();
  });

  it('replaces a worker thread that died and keeps serving', async () => {
    const e = await embedder(BOW, 'model.onnx');
    const [before] = await e.embed(['Schema registry in practice']);
    // Kill the thread behind the embedder's back, as a native crash would.
    await (e as unknown as { workers: Array<{ worker: { terminate(): Promise<number> } }> }).workers[0].worker.terminate();
    const [after] = await e.embed(['Schema registry in practice']);
    expect(maxAbsDiff(before.vector, after.vector)).toBeLessThan(1e-6);
    expect(e.stats().workerRestarts).toBe(1);
  });

  it('names the model file when the model cannot be loaded', async () => {
    const missing = path.join(modelDir(BOW), 'no-such-model.onnx');
    await expect(OnnxEmbedder.create({ name: BOW, dimensions: 384, modelPath: missing, tokenizer: tokenizerFor(BOW), normalize: true, threads: 1 })).rejects.toThrow(
      `cannot load ONNX model "${BOW}" from ${missing}`,
    );
    await expect(
      OnnxEmbedder.create({ name: BOW, dimensions: 512, modelPath: modelFile(BOW, 'model.onnx'), tokenizer: tokenizerFor(BOW), normalize: true, threads: 1 }),
    ).rejects.toThrow('384 dimensions per vector, expected 512');
  });

  it('keeps the event loop responsive while embedding 256 talk-length texts (synthetic-minilm-l6 int8)', async () => {
    const e = await embedder(MINILM, 'model_quantized.onnx');
    const texts = Array.from({ length: 256 }, (_, i) => talkText(1000 + i, 72 + (i % 17)));
    const tokens = texts.map((t) => tokenizerFor(MINILM).encode(t).ids.length);
    const meanTokens = tokens.reduce((a, b) => a + b, 0) / tokens.length;
    expect(meanTokens).toBeGreaterThan(110);
    expect(meanTokens).toBeLessThan(150);

    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const start = performance.now();
    // As queue jobs would call it: many concurrent calls of a few texts each.
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < texts.length; i += 8) calls.push(e.embed(texts.slice(i, i + 8)));
    await Promise.all(calls);
    const seconds = (performance.now() - start) / 1000;
    delay.disable();

    const ms = (ns: number): string => (ns / 1e6).toFixed(1);
    console.log(
      `event-loop delay while embedding ${texts.length} texts (mean ${meanTokens.toFixed(1)} tokens, ` +
        `${(texts.length / seconds).toFixed(0)} texts/s): p50 ${ms(delay.percentile(50))} ms, ` +
        `p99 ${ms(delay.percentile(99))} ms, max ${ms(delay.max)} ms`,
    );
    // Well below a BullMQ lock duration (30 s by default): lock renewals and HTTP keep running.
    expect(delay.max / 1e6).toBeLessThan(1000);
  });
});
