/**
 * bench:embed — semflow's embedding engine against @huggingface/transformers' feature-extraction
 * pipeline and a plain onnxruntime-node loop at batch 1: same corpus, same model (synthetic-minilm-l6,
 * int8 and fp32), same machine, runs interleaved round by round so that a noisy neighbour slows every
 * variant alike. Each run is its own process (its peak RSS is its own).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../../src/common/compiled-path';
import type { Precision } from '../../src/embedding/model-manifest.types';
import { cosineSimilarity } from '../../src/embedding/pooling';
import { WordPieceTokenizer } from '../../src/embedding/tokenizer/wordpiece-tokenizer';
import { intFlag } from '../lib/bench-args';
import { log, printTable, runBench } from '../lib/report';
import { median, round, summarize } from '../lib/stats';
import { talkCorpus } from '../lib/talk-corpus';
import { BENCH_MODEL, MAX_TOKENS, ONNX_FILES, VariantContext, VariantName } from './embed-variants';
import type { RunnerInput, RunnerOutput } from './embed-runner';

const run = promisify(execFile);
const RUNNER = path.join(__dirname, 'embed-runner.js');
const PRECISIONS: Precision[] = ['int8', 'fp32'];
const TARGET_RATIO = 1.2;

interface Contender {
  label: string;
  variant: VariantName;
  engine?: VariantContext['engine'];
}

const COMPARED: Contender[] = [
  { label: 'semflow', variant: 'semflow' },
  { label: 'transformers.js b1', variant: 'transformers.js b1' },
  { label: 'transformers.js b32', variant: 'transformers.js b32' },
  { label: 'onnxruntime b1', variant: 'onnxruntime b1' },
];

/** Engine settings tried on the way to the defaults (full size, or --tried yes). */
const TRIED: Contender[] = [
  { label: 'semflow 1 session x 2 threads, batch 8', variant: 'semflow', engine: { sessions: 1, threads: 2, inferenceBatch: 8 } },
  { label: 'semflow 2 sessions x 1 thread, batch 1', variant: 'semflow', engine: { sessions: 2, threads: 1, inferenceBatch: 1 } },
  { label: 'semflow 2 sessions x 1 thread, batch 4', variant: 'semflow', engine: { sessions: 2, threads: 1, inferenceBatch: 4 } },
  { label: 'semflow 2 sessions x 1 thread, batch 8', variant: 'semflow', engine: { sessions: 2, threads: 1, inferenceBatch: 8 } },
  { label: 'semflow 2 sessions x 1 thread, batch 16', variant: 'semflow', engine: { sessions: 2, threads: 1, inferenceBatch: 16 } },
];

/** The layout @huggingface/transformers loads from (config + tokenizer at the top, weights in onnx/). */
function transformersModelRoot(modelDir: string): string {
  const root = mkdtempSync(path.join(tmpdir(), 'semflow-bench-tjs-'));
  const dir = path.join(root, BENCH_MODEL);
  mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json']) symlinkSync(path.join(modelDir, file), path.join(dir, file));
  for (const file of Object.values(ONNX_FILES)) symlinkSync(path.join(modelDir, file), path.join(dir, 'onnx', file));
  return root;
}

async function runOnce(input: RunnerInput): Promise<RunnerOutput> {
  const { stdout } = await run(process.execPath, [RUNNER, JSON.stringify(input)], { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as RunnerOutput;
}

runBench('embed', async (args) => {
  const full = args.size === 'full';
  const texts = intFlag(args, 'texts', full ? 1024 : 512);
  const rounds = intFlag(args, 'rounds', full ? 3 : 2);
  const tried = full || args.extra.tried === 'yes';
  const modelDir = path.join(repoRoot, 'models', BENCH_MODEL);
  const corpus = talkCorpus(texts);
  const tokenizer = WordPieceTokenizer.fromTokenizerJson(path.join(modelDir, 'tokenizer.json'), { maxLength: MAX_TOKENS });
  const lengths = summarize(corpus.map((t) => tokenizer.encode(t).ids.length));
  const work = mkdtempSync(path.join(tmpdir(), 'semflow-bench-embed-'));
  const corpusFile = path.join(work, 'corpus.json');
  writeFileSync(corpusFile, JSON.stringify(corpus));
  const transformersRoot = transformersModelRoot(modelDir);
  log(
    `corpus: ${texts} talk-like texts, tokens p50 ${lengths.p50} (min ${lengths.min}, max ${lengths.max}, ${corpus.filter((t) => tokenizer.encode(t).truncated).length} truncated); ${rounds} interleaved rounds`,
  );

  // Batches of 32 were the slowest way to call transformers.js in every run; quick runs leave them out.
  const compared = full ? COMPARED : COMPARED.filter((c) => c.label !== 'transformers.js b32');
  const contenders = tried ? [...compared, ...TRIED] : compared;
  const speeds = new Map<string, number[]>();
  const memory = new Map<string, number[]>();
  const agreement = new Map<string, number>();
  try {
    for (let r = 0; r < rounds; r++) {
      for (const precision of PRECISIONS) {
        // Rotate the order each round: no variant always runs first (cold caches) or last.
        const order = contenders.map((_, i) => contenders[(i + r) % contenders.length]);
        let reference: number[][] | undefined;
        for (const c of order) {
          const out = await runOnce({ variant: c.variant, context: { modelDir, precision, engine: c.engine ?? {}, transformersRoot }, corpusFile, sampleVectors: 8 });
          const key = `${precision}|${c.label}`;
          (speeds.get(key) ?? speeds.set(key, []).get(key)!).push(out.sentencesPerSecond);
          (memory.get(key) ?? memory.set(key, []).get(key)!).push(out.peakRssMb);
          if (c.variant === 'onnxruntime b1') reference ??= out.sample;
          if (!reference && c.variant === 'semflow' && !c.engine) reference = out.sample;
          if (reference && c.variant !== 'onnxruntime b1') {
            const worst = Math.min(...out.sample.map((v, i) => cosineSimilarity(v, reference![i])));
            agreement.set(key, Math.min(agreement.get(key) ?? 1, worst));
          }
          log(`round ${r + 1}/${rounds} ${precision} ${c.label}: ${round(out.sentencesPerSecond)} sentences/s, peak RSS ${round(out.peakRssMb)} MB`);
        }
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(transformersRoot, { recursive: true, force: true });
  }

  const rows = [];
  const targets = [];
  for (const precision of PRECISIONS) {
    const med = (label: string) => median(speeds.get(`${precision}|${label}`) ?? []);
    const bestTransformers = Math.max(...contenders.filter((c) => c.variant.startsWith('transformers.js')).map((c) => med(c.label)));
    for (const c of contenders) {
      const key = `${precision}|${c.label}`;
      rows.push({
        precision,
        variant: c.label,
        'sentences/s (median)': round(med(c.label)),
        'min..max': `${round(Math.min(...speeds.get(key)!))}..${round(Math.max(...speeds.get(key)!))}`,
        'x best transformers.js': round(med(c.label) / bestTransformers),
        'peak RSS MB': round(median(memory.get(key)!)),
        'min cosine vs reference': agreement.has(key) ? Number(agreement.get(key)!.toFixed(5)) : undefined,
      });
    }
    const ratio = med('semflow') / bestTransformers;
    targets.push({ what: `${precision}: semflow / best transformers.js sentences/s`, target: `>= ${TARGET_RATIO}x`, measured: `${round(ratio)}x`, met: ratio >= TARGET_RATIO });
  }
  printTable('Embedding throughput (sentences/s, median of rounds)', rows);
  return { targets, corpus: { texts, seed: 'talkCorpus default', tokens: lengths }, rounds, results: rows };
});
