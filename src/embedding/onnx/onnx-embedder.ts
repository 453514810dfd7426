import { performance } from 'node:perf_hooks';
import type { Embedder, Embedding, EmbeddingBatch } from '../embedder.types';
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
  /** Inference worker threads, each with its own session (default 1). */
  sessions?: number;
  /** onnxruntime intra-op threads of each session. */
  threads: number;
  /** Most texts gathered from concurrent embed() calls into one round (default 64). */
  maxBatchSize?: number;
  /** How long the first waiting text waits for more before its round starts (default 3 ms). */
  maxWaitMs?: number;
  /** Most texts waiting for a round; an embed() call that would queue more is refused (0 or unset: unbounded). */
  maxQueuedTexts?: number;
  /** Longest wait of an embed() call's texts for their rounds to start before it is refused (0 or unset: none). */
  requestTimeoutMs?: number;
  /** Texts per session.run() (default 1): rounds are length-sorted and cut into such micro-batches. */
  inferenceBatchSize?: number;
  /** Told about every round that produced its vectors, e.g. for metrics; must not throw. */
  onBatch?: (batch: EmbeddingBatch) => void;
}

export const ONNX_EMBEDDER_DEFAULTS = { maxBatchSize: 64, maxWaitMs: 3, inferenceBatchSize: 1 } as const;

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
  /** Inference sessions (one worker thread each). */
  sessions: number;
  /** session.run() calls per session: how evenly the work was spread. */
  microBatchesPerSession: number[];
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
 * Embeds texts with an ONNX BERT-style encoder run in worker threads (inference-worker.ts), so that
 * the main event loop stays free while the model runs.
 *
 * Concurrent embed() calls are gathered into rounds of up to maxBatchSize texts (waiting at most
 * maxWaitMs for company). A round is tokenised, sorted by token count and cut into micro-batches of
 * inferenceBatchSize texts, each padded only to its own longest text; short batches of similar length
 * waste little work on padding. Every caller gets its vectors in input order.
 *
 * With several sessions, each micro-batch goes to the worker with the fewest padded tokens in flight.
 * On small CPUs, independent single-threaded sessions beat one session splitting each matrix product
 * over all cores: measured on 2 cores, 2 x 1 thread gave 1.1-1.2x the sentences/s of 1 x 2 threads
 * (bench:embed), as short sequences leave intra-op threads waiting on each other.
 */
export class OnnxEmbedder implements Embedder {
  readonly name: string;
  readonly dimensions: number;

  private readonly batcher: RequestBatcher<string, Embedding>;
  private readonly inferenceBatchSize: number;
  private readonly workerOptions: InferenceWorkerOptions;
  private readonly workers: InferenceWorkerClient[];
  /** Padded tokens sent to each worker and not answered yet: where the next micro-batch goes. */
  private readonly tokensInFlight: number[];
  /** Per worker, set while a replacement for a dead one is loading, so concurrent rounds share it. */
  private readonly restarting: Array<Promise<InferenceWorkerClient> | undefined>;
  private closing: Promise<void> | undefined;
  private readonly counters: Omit<OnnxEmbedderStats, 'model' | 'queuedTexts' | 'activeBatches'>;

  private constructor(
    private readonly options: OnnxEmbedderOptions,
    workers: InferenceWorkerClient[],
    workerOptions: InferenceWorkerOptions,
    loadMs: number,
  ) {
    this.name = options.name;
    this.dimensions = options.dimensions;
    this.workers = workers;
    this.tokensInFlight = workers.map(() => 0);
    this.restarting = workers.map(() => undefined);
    this.workerOptions = workerOptions;
    this.inferenceBatchSize = options.inferenceBatchSize ?? ONNX_EMBEDDER_DEFAULTS.inferenceBatchSize;
    this.batcher = new RequestBatcher<string, Embedding>({
      maxBatchSize: options.maxBatchSize ?? ONNX_EMBEDDER_DEFAULTS.maxBatchSize,
      maxWaitMs: options.maxWaitMs ?? ONNX_EMBEDDER_DEFAULTS.maxWaitMs,
      // One round per session at a time: texts arriving meanwhile gather into the next round (bigger,
      // better-sorted micro-batches), and a round's last micro-batches, still running on one session, do
      // not leave the others idle until the next round.
      concurrency: workers.length,
      // Refusals are EmbeddingOverloadedError: callers answer "retry later" instead of queueing without end.
      maxPendingItems: options.maxQueuedTexts,
      maxWaitForRoundMs: options.requestTimeoutMs,
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
      sessions: workers.length,
      microBatchesPerSession: workers.map(() => 0),
      workerRestarts: 0,
      lastBatchSize: 0,
      lastMicroBatchSizes: [],
    };
  }

  /** Starts the workers and resolves once the model is loaded; a load failure names the model file. */
  static async create(options: OnnxEmbedderOptions): Promise<OnnxEmbedder> {
    validateOptions(options);
    const workerOptions: InferenceWorkerOptions = {
      modelPath: options.modelPath,
      dimensions: options.dimensions,
      intraOpNumThreads: options.threads,
      normalize: options.normalize,
    };
    const started = await Promise.allSettled(Array.from({ length: options.sessions ?? 1 }, () => startWorker(options.name, workerOptions)));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    const loaded = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    if (failed) {
      await Promise.all(loaded.map(({ client }) => client.close()));
      throw failed.reason;
    }
    return new OnnxEmbedder(
      options,
      loaded.map((l) => l.client),
      workerOptions,
      Math.max(...loaded.map((l) => l.loadMs)),
    );
  }

  embed(texts: string[]): Promise<Embedding[]> {
    if (this.closing) return Promise.reject(new EmbedderClosedError(this.name));
    if (texts.length === 0) return Promise.resolve([]);
    return this.batcher.submit(texts);
  }

  /** Finishes the texts already accepted, then ends the workers. Later embed() calls reject. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.batcher.close();
      await Promise.all(this.restarting.map((r) => r?.then((client) => client.close()).catch(() => undefined)));
      await Promise.all(this.workers.map((worker) => worker.close()));
    })();
    return this.closing;
  }

  stats(): OnnxEmbedderStats {
    return {
      model: this.name,
      ...this.counters,
      lastMicroBatchSizes: [...this.counters.lastMicroBatchSizes],
      microBatchesPerSession: [...this.counters.microBatchesPerSession],
      queuedTexts: this.batcher.pending,
      activeBatches: this.batcher.active,
    };
  }

  private async embedRound(texts: string[]): Promise<Embedding[]> {
    const tokenizeStart = performance.now();
    const encoded: EncodedText[] = texts.map((text) => this.options.tokenizer.encode(text));
    const order = encoded.map((_, i) => i).sort((a, b) => encoded[a].ids.length - encoded[b].ids.length || a - b);
    this.counters.tokenizeMs += performance.now() - tokenizeStart;

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
      const padded = longest * members.length;
      sizes.push(members.length);
      const slot = this.leastLoadedSlot();
      this.tokensInFlight[slot] += padded;
      microBatches.push(
        this.liveWorker(slot)
          .then((worker) => worker.embed(ids, lengths))
          .finally(() => (this.tokensInFlight[slot] -= padded))
          .then((answer) => {
            const d = this.dimensions;
            members.forEach((textIndex, row) => {
              // A fresh array per text (made with this realm's constructor, not the message's): callers may
              // keep it, and instanceof checks hold even in test sandboxes.
              const vector = new Float32Array(d);
              vector.set(answer.vectors.subarray(row * d, (row + 1) * d));
              results[textIndex] = { vector, truncated: encoded[textIndex].truncated };
            });
            this.counters.microBatches++;
            this.counters.microBatchesPerSession[slot]++;
            this.counters.tokens += tokens;
            this.counters.paddedTokens += padded;
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
    this.options.onBatch?.({ model: this.name, texts: texts.length, seconds: (performance.now() - tokenizeStart) / 1000 });
    return results;
  }

  private leastLoadedSlot(): number {
    let best = 0;
    for (let i = 1; i < this.tokensInFlight.length; i++) if (this.tokensInFlight[i] < this.tokensInFlight[best]) best = i;
    return best;
  }

  /** The slot's worker, or a fresh one if the thread died (a crash fails its micro-batches, not the embedder). */
  private async liveWorker(slot: number): Promise<InferenceWorkerClient> {
    if (this.workers[slot].alive) return this.workers[slot];
    this.restarting[slot] ??= startWorker(this.name, this.workerOptions)
      .then(({ client, loadMs }) => {
        this.workers[slot] = client;
        this.counters.workerRestarts++;
        this.counters.loadMs = loadMs;
        return client;
      })
      .finally(() => (this.restarting[slot] = undefined));
    return this.restarting[slot];
  }
}

async function startWorker(name: string, options: InferenceWorkerOptions): Promise<{ client: InferenceWorkerClient; loadMs: number }> {
  try {
    return await InferenceWorkerClient.start(options);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot load ONNX model "${name}" from ${options.modelPath}: ${reason}`, { cause: error });
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
  positiveInteger('sessions', options.sessions);
  positiveInteger('maxBatchSize', options.maxBatchSize);
  positiveInteger('inferenceBatchSize', options.inferenceBatchSize);
  for (const [label, value] of [
    ['maxWaitMs', options.maxWaitMs],
    ['maxQueuedTexts', options.maxQueuedTexts],
    ['requestTimeoutMs', options.requestTimeoutMs],
  ] as const) {
    if (value !== undefined && !(value >= 0)) throw new RangeError(`OnnxEmbedder "${options.name}": ${label} must be >= 0, got ${value}`);
  }
}
