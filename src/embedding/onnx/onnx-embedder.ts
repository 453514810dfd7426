import { performance } from 'node:perf_hooks';
import type { Embedder, Embedding } from '../embedder.types';
import type { EncodedText, TextTokenizer } from '../tokenizer.types';
import { RequestBatcher } from '../batching/request-batcher';
import { InferenceWorkerClient } from './inference-worker-client';
import type { InferenceWorkerOptions } from './inference-worker.protocol';

export interface OnnxEmbedderOptions {
  /** Model name as clients see it (models/manifest.json). */
  name: string;
  /** Width of the vectors; the model's hidden size must match. */
  dimensions: number;
  modelPath: string;
  tokenizer: TextTokenizer;
  /** Scale vectors to unit length (all-MiniLM-L6-v2 ships with a Normalize step). */
  normalize: boolean;
  /** onnxruntime intra-op threads of the worker. */
  threads: number;
  /** Most texts gathered from concurrent embed() calls into one round (default 64). */
  maxBatchSize?: number;
  /** How long the first waiting text waits for more before its round starts (default 3 ms). */
  maxWaitMs?: number;
  /** Texts per session.run() (default 8): rounds are length-sorted and cut into such micro-batches. */
  inferenceBatchSize?: number;
}

export const ONNX_EMBEDDER_DEFAULTS = { maxBatchSize: 64, maxWaitMs: 3, inferenceBatchSize: 8 } as const;

/** Counters since start, for health and metrics. Times are milliseconds. */
export interface OnnxEmbedderStats {
  model: string;
  /** Rounds: gatherings of concurrent embed() calls. */
  batches: number;
  /** session.run() calls. */
  microBatches: number;
  texts: number;
  truncatedTexts: number;
  /** Real word pieces, [CLS] and [SEP] included. */
  tokens: number;
  /** Tensor positions including padding: paddedTokens / tokens - 1 is the padding overhead. */
  paddedTokens: number;
  /** Time inside session.run(), summed over micro-batches. */
  inferenceMs: number;
  /** Time in mean pooling and normalisation in the worker. */
  poolMs: number;
  /** Time tokenising on the main thread. */
  tokenizeMs: number;
  loadMs: number;
  workerRestarts: number;
  lastBatchSize: number;
  lastMicroBatchSizes: number[];
  /** Texts waiting for a round right now. */
  queuedTexts: number;
  /** Rounds being processed right now. */
  activeBatches: number;
}

export class EmbedderClosedError extends Error {
  constructor(name: string) {
    super(`embedder "${name}" is closed`);
    this.name = 'EmbedderClosedError';
  }
}

/**
 * Embeds texts with an ONNX BERT-style encoder run in a worker thread (inference-worker.ts), so that
 * the main event loop stays free while the model runs.
 *
 * Concurrent embed() calls are gathered into rounds of up to maxBatchSize texts (waiting at most
 * maxWaitMs for company). A round is tokenised, sorted by token count and cut into micro-batches of
 * inferenceBatchSize texts, each padded only to its own longest text; short batches of similar length
 * waste little work on padding. Every caller gets its vectors in input order.
 */
export class OnnxEmbedder implements Embedder {
  readonly name: string;
  readonly dimensions: number;

  private readonly batcher: RequestBatcher<string, Embedding>;
  private readonly inferenceBatchSize: number;
  private readonly workerOptions: InferenceWorkerOptions;
  private worker: InferenceWorkerClient;
  /** Set while a replacement for a dead worker is loading, so concurrent rounds share it. */
  private restarting: Promise<InferenceWorkerClient> | undefined;
  private closing: Promise<void> | undefined;
  private readonly counters: Omit<OnnxEmbedderStats, 'model' | 'queuedTexts' | 'activeBatches'>;

  private constructor(
    private readonly options: OnnxEmbedderOptions,
    worker: InferenceWorkerClient,
    workerOptions: InferenceWorkerOptions,
    loadMs: number,
  ) {
    this.name = options.name;
    this.dimensions = options.dimensions;
    this.worker = worker;
    this.workerOptions = workerOptions;
    this.inferenceBatchSize = options.inferenceBatchSize ?? ONNX_EMBEDDER_DEFAULTS.inferenceBatchSize;
    this.batcher = new RequestBatcher<string, Embedding>({
      maxBatchSize: options.maxBatchSize ?? ONNX_EMBEDDER_DEFAULTS.maxBatchSize,
      maxWaitMs: options.maxWaitMs ?? ONNX_EMBEDDER_DEFAULTS.maxWaitMs,
      // One round at a time: texts arriving meanwhile gather into the next round (bigger, better-sorted
      // micro-batches). The worker still never waits inside a round, whose micro-batches are all sent at
      // once; between rounds it idles only for tokenising the next one (~0.03 ms per text).
      concurrency: 1,
      process: (texts) => this.embedRound(texts),
    });
    this.counters = {
      batches: 0,
      microBatches: 0,
      texts: 0,
      truncatedTexts: 0,
      tokens: 0,
      paddedTokens: 0,
      inferenceMs: 0,
      poolMs: 0,
      tokenizeMs: 0,
      loadMs,
      workerRestarts: 0,
      lastBatchSize: 0,
      lastMicroBatchSizes: [],
    };
  }

  /** Starts the worker and resolves once the model is loaded; a load failure names the model file. */
  static async create(options: OnnxEmbedderOptions): Promise<OnnxEmbedder> {
    validateOptions(options);
    const workerOptions: InferenceWorkerOptions = {
      modelPath: options.modelPath,
      dimensions: options.dimensions,
      intraOpNumThreads: options.threads,
      normalize: options.normalize,
    };
    const { client, loadMs } = await startWorker(options.name, workerOptions);
    return new OnnxEmbedder(options, client, workerOptions, loadMs);
  }

  embed(texts: string[]): Promise<Embedding[]> {
    if (this.closing) return Promise.reject(new EmbedderClosedError(this.name));
    if (texts.length === 0) return Promise.resolve([]);
    return this.batcher.submit(texts);
  }

  /** Finishes the texts already accepted, then ends the worker. Later embed() calls reject. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.batcher.close();
      const restarting = this.restarting;
      if (restarting) await restarting.then((client) => client.close()).catch(() => undefined);
      await this.worker.close();
    })();
    return this.closing;
  }

  stats(): OnnxEmbedderStats {
    return {
      model: this.name,
      ...this.counters,
      lastMicroBatchSizes: [...this.counters.lastMicroBatchSizes],
      queuedTexts: this.batcher.pending,
      activeBatches: this.batcher.active,
    };
  }

  private async embedRound(texts: string[]): Promise<Embedding[]> {
    const tokenizeStart = performance.now();
    const encoded: EncodedText[] = texts.map((text) => this.options.tokenizer.encode(text));
    const order = encoded.map((_, i) => i).sort((a, b) => encoded[a].ids.length - encoded[b].ids.length || a - b);
    this.counters.tokenizeMs += performance.now() - tokenizeStart;

    const worker = await this.liveWorker();
    const microBatches: Promise<void>[] = [];
    const results = new Array<Embedding>(texts.length);
    const sizes: number[] = [];
    for (let start = 0; start < order.length; start += this.inferenceBatchSize) {
      const members = order.slice(start, start + this.inferenceBatchSize);
      const lengths = Int32Array.from(members, (i) => encoded[i].ids.length);
      const ids = new Int32Array(lengths.reduce((sum, length) => sum + length, 0));
      let offset = 0;
      for (const i of members) {
        ids.set(encoded[i].ids, offset);
        offset += encoded[i].ids.length;
      }
      const tokens = ids.length;
      const longest = lengths[lengths.length - 1];
      sizes.push(members.length);
      microBatches.push(
        worker.embed(ids, lengths).then((answer) => {
          const d = this.dimensions;
          members.forEach((textIndex, row) => {
            // A fresh array per text (made with this realm's constructor, not the message's): callers may
            // keep it, and instanceof checks hold even in test sandboxes.
            const vector = new Float32Array(d);
            vector.set(answer.vectors.subarray(row * d, (row + 1) * d));
            results[textIndex] = { vector, truncated: encoded[textIndex].truncated };
          });
          this.counters.microBatches++;
          this.counters.tokens += tokens;
          this.counters.paddedTokens += longest * members.length;
          this.counters.inferenceMs += answer.runMs;
          this.counters.poolMs += answer.poolMs;
        }),
      );
    }
    await Promise.all(microBatches);
    this.counters.batches++;
    this.counters.texts += texts.length;
    this.counters.truncatedTexts += encoded.reduce((n, e) => n + (e.truncated ? 1 : 0), 0);
    this.counters.lastBatchSize = texts.length;
    this.counters.lastMicroBatchSizes = sizes;
    return results;
  }

  /** The worker, or a fresh one if the thread died (a crash fails its round, not the embedder). */
  private async liveWorker(): Promise<InferenceWorkerClient> {
    if (this.worker.alive) return this.worker;
    if (!this.restarting) {
      this.restarting = startWorker(this.name, this.workerOptions)
        .then(({ client, loadMs }) => {
          this.worker = client;
          this.counters.workerRestarts++;
          this.counters.loadMs = loadMs;
          return client;
        })
        .finally(() => (this.restarting = undefined));
    }
    return this.restarting;
  }
}

async function startWorker(name: string, options: InferenceWorkerOptions): Promise<{ client: InferenceWorkerClient; loadMs: number }> {
  try {
    return await InferenceWorkerClient.start(options);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot load ONNX model "${name}" from ${options.modelPath}: ${reason}`);
  }
}

function validateOptions(options: OnnxEmbedderOptions): void {
  const positiveInteger = (label: string, value: number | undefined): void => {
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      throw new RangeError(`OnnxEmbedder "${options.name}": ${label} must be a positive integer, got ${value}`);
    }
  };
  positiveInteger('dimensions', options.dimensions);
  positiveInteger('threads', options.threads);
  positiveInteger('maxBatchSize', options.maxBatchSize);
  positiveInteger('inferenceBatchSize', options.inferenceBatchSize);
  if (options.maxWaitMs !== undefined && !(options.maxWaitMs >= 0)) {
    throw new RangeError(`OnnxEmbedder "${options.name}": maxWaitMs must be >= 0, got ${options.maxWaitMs}`);
  }
}
