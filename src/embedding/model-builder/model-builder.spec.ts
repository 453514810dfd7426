/**
 * Builds both stand-in models into a temporary MODELS_DIR (with a made-up 30522-token vocabulary and a
 * small corpus, so the test needs no downloaded files) and runs them with onnxruntime-node.
 *
 * onnxruntime-node runs in a worker thread: inside jest's sandbox its output tensors fail an instanceof
 * check (typed arrays from another realm), and the service runs it in a worker as well.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ModelManifest, ModelManifestEntry } from '../model-manifest.types';
import { buildModels, BuildModelsOptions, BuiltFile } from './build-models';

const VOCAB_SIZE = 30522;
const HIDDEN = 384;
const WORDS = [
  'the',
  'and',
  'of',
  'to',
  'a',
  'in',
  'for',
  'with',
  'is',
  'how',
  'i',
  'want',
  'learn',
  'more',
  'about',
  'it',
  'use',
  'apache',
  'fl',
  '##ink',
  'stream',
  'streaming',
  '##ing',
  'processing',
  'real',
  'time',
  'kubernetes',
  'cost',
  'management',
  'kafka',
  'data',
  'talk',
  'cloud',
  'sql',
  'event',
  'events',
  'security',
  'teams',
];

/** [PAD], [unused0..98], [UNK], [CLS], [SEP], [MASK], punctuation, WORDS, then filler tokens. */
function fakeVocab(): string[] {
  const vocab = ['[PAD]'];
  for (let i = 0; vocab.length < 100; i++) vocab.push(`[unused${i}]`);
  vocab.push('[UNK]', '[CLS]', '[SEP]', '[MASK]', ...'.,-!?:;()'.split(''), ...WORDS);
  for (let i = 0; vocab.length < VOCAB_SIZE; i++) vocab.push(`filler${i}`);
  return vocab;
}

/** Lowercase, split on spaces and punctuation, greedy longest-match word pieces: enough for these texts. */
function tokenize(vocab: string[], text: string): number[] {
  const ids = new Map(vocab.map((token, id) => [token, id]));
  const out = [101];
  for (const word of text.toLowerCase().match(/[a-z0-9]+|[^\sa-z0-9]/g) ?? []) {
    const pieces: number[] = [];
    for (let start = 0; start < word.length;) {
      let end = word.length;
      let id: number | undefined;
      for (; end > start; end--) {
        id = ids.get((start > 0 ? '##' : '') + word.slice(start, end));
        if (id !== undefined) break;
      }
      if (id === undefined) {
        pieces.splice(0, pieces.length, 100);
        break;
      }
      pieces.push(id);
      start = end;
    }
    out.push(...pieces);
  }
  out.push(102);
  return out;
}

const CORPUS = [
  { title: 'Getting started with Apache Flink', abstract: 'Flink for real-time stream processing of events.' },
  { title: 'Kubernetes cost management', abstract: 'How teams cut cloud cost on Kubernetes.' },
  { title: 'Kafka security', abstract: 'Securing Apache Kafka in the cloud.' },
  { title: 'Streaming SQL', abstract: 'Stream processing with SQL on Kafka and Flink.' },
  { title: 'Data mesh', abstract: 'N/A' },
];

const sha = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

function tokenizerFiles(dir: string, vocab: string[]) {
  const contents: Record<string, string> = {
    'vocab.txt': `${vocab.join('\n')}\n`,
    'tokenizer.json': JSON.stringify({ model: { type: 'WordPiece' } }),
    'config.json': JSON.stringify({ hidden_size: HIDDEN }),
  };
  mkdirSync(dir, { recursive: true });
  return Object.entries(contents).map(([name, text]) => {
    writeFileSync(path.join(dir, name), text);
    return { path: name, sha256: sha(text), size: Buffer.byteLength(text) };
  });
}

const PLACEHOLDER = { sha256: '0'.repeat(64), size: 0 };

function manifestFor(tokenizer: ModelManifestEntry['tokenizer']): ModelManifest {
  const common = { dimensions: HIDDEN, maxLength: 256, pooling: 'mean' as const, normalize: true, tokenizer, description: '' };
  return {
    models: [
      {
        ...common,
        name: 'wordpiece-bow-384',
        origin: 'build',
        onnx: { fp32: { path: 'model.onnx', ...PLACEHOLDER } },
        build: { corpus: { path: 'corpus.jsonl', ...PLACEHOLDER } },
      },
      {
        ...common,
        name: 'synthetic-minilm-l6',
        origin: 'build',
        onnx: { int8: { path: 'model_quantized.onnx', ...PLACEHOLDER }, fp32: { path: 'model.onnx', ...PLACEHOLDER } },
      },
    ],
  };
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const ort = require(workerData.ortPath);
const sessions = new Map();
parentPort.on('message', async ({ id, op, key, file, feeds }) => {
  try {
    if (op === 'load') {
      sessions.set(key, await ort.InferenceSession.create(file, { intraOpNumThreads: 2 }));
      parentPort.postMessage({ id });
    } else {
      const inputs = {};
      for (const [name, f] of Object.entries(feeds)) inputs[name] = new ort.Tensor('int64', f.data, f.dims);
      const out = (await sessions.get(key).run(inputs)).last_hidden_state;
      parentPort.postMessage({ id, data: out.data, dims: out.dims });
    }
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});`;

type Feed = { data: BigInt64Array; dims: number[] };
type Output = { data: Float32Array; dims: readonly number[] };

/** Inference sessions in a worker thread, addressed by key. */
class OrtWorker {
  private readonly worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ortPath: require.resolve('onnxruntime-node') } });
  private readonly pending = new Map<number, { resolve: (value: Output) => void; reject: (error: Error) => void }>();
  private nextId = 0;

  constructor() {
    this.worker.on('message', (m: { id: number; error?: string } & Output) => {
      const p = this.pending.get(m.id)!;
      this.pending.delete(m.id);
      if (m.error) p.reject(new Error(m.error));
      else p.resolve(m);
    });
  }

  private call(message: object): Promise<Output> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...message });
    });
  }

  async load(key: string, file: string): Promise<void> {
    await this.call({ op: 'load', key, file });
  }

  run(key: string, feeds: Record<string, Feed>): Promise<Output> {
    return this.call({ op: 'run', key, feeds });
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}

const ortWorker = new OrtWorker();
const int64 = (values: number[], dims: number[]): Feed => ({ data: BigInt64Array.from(values.map(BigInt)), dims });

/** Runs a batch of id sequences, right-padded with 0 and masked. */
async function run(session: string, batch: number[][]): Promise<Output> {
  const length = Math.max(...batch.map((ids) => ids.length));
  const ids: number[] = [];
  const mask: number[] = [];
  for (const seq of batch) {
    for (let i = 0; i < length; i++) {
      ids.push(seq[i] ?? 0);
      mask.push(i < seq.length ? 1 : 0);
    }
  }
  const dims = [batch.length, length];
  return ortWorker.run(session, {
    input_ids: int64(ids, dims),
    attention_mask: int64(mask, dims),
    token_type_ids: int64(
      ids.map(() => 0),
      dims,
    ),
  });
}

/** Mask-weighted mean over the sequence, L2-normalised, for each row of the batch. */
async function embed(session: string, batch: number[][]): Promise<Float64Array[]> {
  const { data, dims } = await run(session, batch);
  return batch.map((seq, b) => {
    const v = new Float64Array(HIDDEN);
    for (let t = 0; t < seq.length; t++) for (let d = 0; d < HIDDEN; d++) v[d] += data[(b * dims[1] + t) * HIDDEN + d];
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

const cosine = (a: Float64Array, b: Float64Array) => a.reduce((s, x, i) => s + x * b[i], 0);

function randomIds(count: number, length: number, seed: number): number[][] {
  let state = seed;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
  return Array.from({ length: count }, (_, i) => [101, ...Array.from({ length: length - 2 - i * 3 }, () => 1000 + (next() % 29000)), 102]);
}

describe('model builder', () => {
  let root: string;
  let vocab: string[];
  let options: BuildModelsOptions;
  let firstBuild: BuiltFile[];
  const logs: string[] = [];

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'semflow-model-builder-'));
    vocab = fakeVocab();
    const tokenizer = tokenizerFiles(path.join(root, 'tokenizer'), vocab);
    writeFileSync(path.join(root, 'corpus.jsonl'), CORPUS.map((r) => JSON.stringify(r)).join('\n'));
    const manifestPath = path.join(root, 'manifest.json');
    writeFileSync(manifestPath, JSON.stringify(manifestFor(tokenizer)));
    options = {
      manifest: manifestFor(tokenizer),
      manifestPath,
      modelsDir: path.join(root, 'models'),
      tokenizer: { fromDir: path.join(root, 'tokenizer'), download: { baseUrl: 'http://127.0.0.1:9' } },
      projectRoot: root,
      updateManifest: true,
      log: (line) => logs.push(line),
    };
    firstBuild = await buildModels(options);
    for (const file of firstBuild) await ortWorker.load(`${file.model}/${file.precision}`, file.path);
  }, 60000);

  afterAll(async () => {
    await ortWorker.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('writes every file with the recorded sha256 and copies the tokenizer files', () => {
    expect(firstBuild.map((f) => `${f.model}/${path.basename(f.path)}`)).toEqual([
      'wordpiece-bow-384/model.onnx',
      'synthetic-minilm-l6/model_quantized.onnx',
      'synthetic-minilm-l6/model.onnx',
    ]);
    const manifest = JSON.parse(readFileSync(options.manifestPath, 'utf8')) as ModelManifest;
    for (const file of firstBuild) {
      expect(sha(readFileSync(file.path))).toBe(file.sha256);
      const entry = manifest.models.find((m) => m.name === file.model)!;
      expect(entry.onnx[file.precision]).toMatchObject({ sha256: file.sha256, size: file.size });
    }
    expect(manifest.models[0].build?.corpus?.sha256).toBe(sha(readFileSync(path.join(root, 'corpus.jsonl'))));
    expect(readFileSync(path.join(root, 'models', 'synthetic-minilm-l6', 'vocab.txt'), 'utf8')).toBe(`${vocab.join('\n')}\n`);
  });

  it('is deterministic: a second build reproduces the recorded sha256 values', async () => {
    const manifest = JSON.parse(readFileSync(options.manifestPath, 'utf8')) as ModelManifest;
    const again = await buildModels({ ...options, manifest, updateManifest: false });
    expect(again.map((f) => f.sha256)).toEqual(firstBuild.map((f) => f.sha256));
  }, 30000);

  it('fails with a clear message when the build does not match the manifest', async () => {
    const manifest = JSON.parse(readFileSync(options.manifestPath, 'utf8')) as ModelManifest;
    manifest.models[1].onnx.fp32!.sha256 = 'a'.repeat(64);
    await expect(buildModels({ ...options, manifest, names: ['synthetic-minilm-l6'], precisions: ['fp32'], updateManifest: false })).rejects.toThrow(
      /model\.onnx has sha256 [0-9a-f]{64} \(\d+ bytes\) but the manifest expects a{64}.*--update-manifest/,
    );
    manifest.models[0].build!.corpus!.sha256 = 'b'.repeat(64);
    await expect(buildModels({ ...options, manifest, names: ['wordpiece-bow-384'], updateManifest: false })).rejects.toThrow(
      /corpus\.jsonl has sha256 [0-9a-f]{64} but the manifest recorded b{64} for wordpiece-bow-384/,
    );
  });

  describe.each(['fp32', 'int8'])('synthetic-minilm-l6 %s', (precision) => {
    const session = () => `synthetic-minilm-l6/${precision}`;

    it('outputs finite [batch, sequence, 384] values that depend on the input, for any batch and length', async () => {
      for (const [count, length] of [
        [1, 5],
        [3, 40],
        [2, 130],
      ]) {
        const batch = randomIds(count, length, count * length);
        const { data, dims } = await run(session(), batch);
        expect(dims).toEqual([count, length, HIDDEN]);
        expect(data.every(Number.isFinite)).toBe(true);
      }
      const [a, b] = await embed(session(), randomIds(2, 20, 7));
      expect(cosine(a, b)).toBeLessThan(0.9999);
      const [c] = await embed(session(), [[101, 2000, 3000, 102]]);
      const [d] = await embed(session(), [[101, 2000, 3001, 102]]);
      expect(Math.max(...c.map((x, i) => Math.abs(x - d[i])))).toBeGreaterThan(1e-4);
    });

    it('ignores padding: a short text gives the same outputs alone and padded in a batch', async () => {
      const short = [101, 2023, 2003, 1037, 3231, 102];
      const long = randomIds(1, 48, 3)[0];
      const alone = await run(session(), [short]);
      const batched = await run(session(), [long, short]);
      let maxDiff = 0;
      for (let t = 0; t < short.length; t++) {
        for (let d = 0; d < HIDDEN; d++) {
          const x = alone.data[t * HIDDEN + d];
          const y = batched.data[(batched.dims[1] + t) * HIDDEN + d];
          maxDiff = Math.max(maxDiff, Math.abs(x - y));
        }
      }
      // int8: the activation scale of DynamicQuantizeLinear is taken over the whole batch.
      expect(maxDiff).toBeLessThan(precision === 'fp32' ? 1e-4 : 0.1);
    });
  });

  it('int8 output stays close to fp32 output', async () => {
    const batch = randomIds(4, 64, 11);
    const fp32 = await embed('synthetic-minilm-l6/fp32', batch);
    const int8 = await embed('synthetic-minilm-l6/int8', batch);
    const cosines = fp32.map((v, i) => cosine(v, int8[i]));
    // Measured 0.99999 (per-token relative error about 0.9%). With random weights all pooled vectors are
    // alike (about 0.993 between unrelated inputs), so the bar sits well above that.
    expect(Math.min(...cosines)).toBeGreaterThan(0.9995);
    expect(Math.min(...cosines)).toBeGreaterThan(cosine(fp32[0], fp32[1]));
  });

  it('wordpiece-bow-384 makes texts sharing informative words similar', async () => {
    const session = 'wordpiece-bow-384/fp32';
    const texts = ['apache flink stream processing', 'flink streaming with apache flink', 'kubernetes cost management'];
    const [query, flink, kubernetes] = await embed(
      session,
      texts.map((t) => tokenize(vocab, t)),
    );
    expect(cosine(query, flink)).toBeGreaterThan(0.5);
    expect(cosine(query, kubernetes)).toBeLessThan(0.2);
    const { data, dims } = await run(session, [tokenize(vocab, 'kafka'), tokenize(vocab, 'apache flink')]);
    expect(dims).toEqual([2, 5, HIDDEN]);
    expect(data.slice(3 * HIDDEN, 5 * HIDDEN).every((x) => x === 0)).toBe(true); // padded positions of row 0
  });

  it('wordpiece-bow-384 weights function words and punctuation down', async () => {
    const session = 'wordpiece-bow-384/fp32';
    const norms = async (text: string) => {
      const ids = tokenize(vocab, text);
      const { data } = await run(session, [ids]);
      return ids.map((id, t) => [vocab[id], Math.hypot(...data.slice(t * HIDDEN, (t + 1) * HIDDEN))] as const);
    };
    const byToken = Object.fromEntries(await norms('the kubernetes , how'));
    expect(byToken['[CLS]']).toBeLessThan(0.02);
    expect(byToken[',']).toBeLessThan(0.02);
    // "the" and "kubernetes" both occur in one corpus document: the same idf, then x0.1 for "the".
    expect(byToken.kubernetes).toBeGreaterThan(1.5);
    expect(byToken.the).toBeCloseTo(byToken.kubernetes * 0.1, 3);
  });
});
