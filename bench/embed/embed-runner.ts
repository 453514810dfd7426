/**
 * One timed run of one embedding variant, in a process of its own so that its memory is its own:
 * load, warm up, embed the corpus once, print one JSON line. Started by bench/embed/embed.ts.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { VARIANTS, VariantContext, VariantName } from './embed-variants';

export interface RunnerInput {
  variant: VariantName;
  context: VariantContext;
  corpusFile: string;
  /** How many leading vectors to send back, to check that the variants agree. */
  sampleVectors: number;
}

export interface RunnerOutput {
  loadMs: number;
  seconds: number;
  sentencesPerSecond: number;
  peakRssMb: number;
  sample: number[][];
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2]) as RunnerInput;
  const texts = JSON.parse(readFileSync(input.corpusFile, 'utf8')) as string[];
  const loadStart = performance.now();
  const variant = await VARIANTS[input.variant](input.context);
  const loadMs = performance.now() - loadStart;
  await variant.embedAll(texts.slice(0, 16)); // first runs allocate and pick kernels
  const start = performance.now();
  const vectors = await variant.embedAll(texts);
  const seconds = (performance.now() - start) / 1000;
  if (vectors.length !== texts.length) throw new Error(`${input.variant} returned ${vectors.length} vectors for ${texts.length} texts`);
  await variant.close();
  const output: RunnerOutput = {
    loadMs,
    seconds,
    sentencesPerSecond: texts.length / seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    sample: vectors.slice(0, input.sampleVectors).map((v) => Array.from(v)),
  };
  process.stdout.write(`${JSON.stringify(output)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
