/**
 * `models:build`: writes the stand-in models of origin "build" into MODELS_DIR/<name>/ and checks that
 * they are the bytes the manifest records. The builds are deterministic (seeded generator, fixed
 * protobuf field order), so a different sha256 means the builder or one of its inputs changed; with
 * `updateManifest` the new sha256 and size are written to the manifest instead.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { ModelFileError, modelDir, PRECISIONS, sha256File } from '../model-files';
import type { ModelManifest, ModelManifestEntry, Precision } from '../model-manifest.types';
import { MINILM_L6_SHAPE, randomBertWeights } from './bert-weights';
import { buildBowModel } from './bow-model';
import { readCorpusTexts, tokenWeights } from './idf';
import { buildMiniLmModel } from './minilm-model';
import { provideTokenizerFiles, TokenizerSource } from './tokenizer-files';
import { readVocab } from './vocab';

const BOW_SEED = 0x5eed0384;
const SYNTHETIC_SEED = 0x5eed0006;

interface BuildInput {
  entry: ModelManifestEntry;
  vocab: string[];
  /** Absolute path of the entry's corpus, when it has one. */
  corpusPath?: string;
}

/** Per precision, a function producing the file's bytes (called in manifest order, timed separately). */
type ModelRecipe = (input: BuildInput) => Partial<Record<Precision, () => Buffer>>;

/** The models this project knows how to build, by manifest name. */
export const RECIPES: Record<string, ModelRecipe> = {
  'wordpiece-bow-384': ({ entry, vocab, corpusPath }) => {
    if (!corpusPath) throw new ModelFileError(`model ${entry.name} needs build.corpus in the manifest`);
    return { fp32: () => buildBowModel({ weights: tokenWeights(vocab, readCorpusTexts(corpusPath)), dimensions: entry.dimensions, seed: BOW_SEED }) };
  },
  'synthetic-minilm-l6': ({ entry, vocab }) => {
    if (entry.dimensions !== MINILM_L6_SHAPE.hidden || vocab.length !== MINILM_L6_SHAPE.vocabSize) {
      throw new ModelFileError(`model ${entry.name} must have ${MINILM_L6_SHAPE.hidden} dimensions and a ${MINILM_L6_SHAPE.vocabSize}-token vocabulary`);
    }
    let weights: ReturnType<typeof randomBertWeights> | undefined;
    const shared = () => (weights ??= randomBertWeights(MINILM_L6_SHAPE, SYNTHETIC_SEED));
    return {
      fp32: () => buildMiniLmModel(shared(), 'fp32', SYNTHETIC_SEED),
      int8: () => buildMiniLmModel(shared(), 'int8', SYNTHETIC_SEED),
    };
  },
};

export interface BuildModelsOptions {
  manifest: ModelManifest;
  /** Where `updateManifest` writes the manifest back. */
  manifestPath: string;
  modelsDir: string;
  /** Models to build (default: every model of origin build). */
  names?: string[];
  /** Only these precisions (default: every precision the model has). */
  precisions?: Precision[];
  tokenizer: TokenizerSource;
  /** Base of manifest paths of build inputs (the corpus). */
  projectRoot: string;
  /** Record the built files' sha256/size (and the corpus's) in the manifest instead of checking them. */
  updateManifest: boolean;
  log: (line: string) => void;
}

export interface BuiltFile {
  model: string;
  precision: Precision;
  path: string;
  size: number;
  sha256: string;
  ms: number;
  /** With updateManifest: the manifest held another sha256 before. */
  changed: boolean;
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

const manifestHint = (manifestPath: string) =>
  `if the change is intended, run \`npm run models:build -- --update-manifest\` and commit ${path.basename(path.dirname(manifestPath))}/${path.basename(manifestPath)}`;

async function checkCorpus(entry: ModelManifestEntry, options: BuildModelsOptions): Promise<string | undefined> {
  const corpus = entry.build?.corpus;
  if (!corpus) return undefined;
  const corpusPath = path.resolve(options.projectRoot, corpus.path);
  if (!existsSync(corpusPath)) throw new ModelFileError(`the corpus of ${entry.name}, ${corpus.path}, is missing`);
  const actual = await sha256File(corpusPath);
  if (actual !== corpus.sha256) {
    if (!options.updateManifest) {
      throw new ModelFileError(
        `${corpus.path} has sha256 ${actual} but the manifest recorded ${corpus.sha256} for ${entry.name}, whose token weights come from it; ${manifestHint(options.manifestPath)}`,
      );
    }
    corpus.sha256 = actual;
    corpus.size = (await stat(corpusPath)).size;
  }
  return corpusPath;
}

async function writeAtomically(dest: string, bytes: Buffer): Promise<void> {
  await mkdir(path.dirname(dest), { recursive: true });
  const temp = `${dest}.build-${process.pid}`;
  try {
    await writeFile(temp, bytes);
    await rename(temp, dest);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

async function buildOne(entry: ModelManifestEntry, options: BuildModelsOptions): Promise<BuiltFile[]> {
  const recipe = RECIPES[entry.name];
  if (!recipe) throw new ModelFileError(`no builder for model ${entry.name} (buildable: ${Object.keys(RECIPES).join(', ')})`);
  const dir = modelDir(options.modelsDir, entry);
  const corpusPath = await checkCorpus(entry, options);
  const from = await provideTokenizerFiles(entry, dir, options.tokenizer);
  options.log(`${entry.name}: tokenizer files ${from === 'already in place' ? 'already in place' : `copied from ${from}`}`);
  const makers = recipe({ entry, vocab: readVocab(path.join(dir, 'vocab.txt')), corpusPath });

  const built: BuiltFile[] = [];
  for (const precision of PRECISIONS) {
    const file = entry.onnx[precision];
    if (!file || (options.precisions && !options.precisions.includes(precision))) continue;
    const make = makers[precision];
    if (!make) throw new ModelFileError(`the builder of ${entry.name} makes no ${precision} file`);
    const started = performance.now();
    const bytes = make();
    const digest = sha256(bytes);
    const dest = path.join(dir, file.path);
    const changed = digest !== file.sha256 || bytes.length !== file.size;
    if (changed && !options.updateManifest) {
      throw new ModelFileError(
        `built ${dest} has sha256 ${digest} (${bytes.length} bytes) but the manifest expects ${file.sha256} (${file.size ?? '?'} bytes): ` +
          `the build no longer reproduces the recorded model; ${manifestHint(options.manifestPath)}`,
      );
    }
    await writeAtomically(dest, bytes);
    if (changed) {
      file.sha256 = digest;
      file.size = bytes.length;
    }
    built.push({ model: entry.name, precision, path: dest, size: bytes.length, sha256: digest, ms: performance.now() - started, changed });
  }
  return built;
}

/** Builds the selected models; with `updateManifest`, writes the manifest back when anything changed. */
export async function buildModels(options: BuildModelsOptions): Promise<BuiltFile[]> {
  const buildable = options.manifest.models.filter((m) => m.origin === 'build');
  const selected = options.names
    ? options.names.map((name) => {
        const entry = options.manifest.models.find((m) => m.name === name);
        if (!entry) throw new ModelFileError(`unknown model "${name}": the manifest lists ${options.manifest.models.map((m) => m.name).join(', ')}`);
        if (entry.origin !== 'build') throw new ModelFileError(`model ${name} is downloaded, not built: run \`npm run models:download\``);
        return entry;
      })
    : buildable;
  const before = JSON.stringify(options.manifest);
  const built: BuiltFile[] = [];
  for (const entry of selected) built.push(...(await buildOne(entry, options)));
  if (options.updateManifest && JSON.stringify(options.manifest) !== before) {
    await writeAtomically(options.manifestPath, Buffer.from(`${JSON.stringify(options.manifest, null, 2)}\n`));
    options.log(`updated ${options.manifestPath}`);
  }
  return built;
}
