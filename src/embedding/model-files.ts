/**
 * models/manifest.json and the files it describes: loading it, and checking that a model's files are in
 * MODELS_DIR/<name>/ with the expected sha256 before anything loads them.
 */
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { repoRoot } from '../common/compiled-path';
import { StartupError } from '../common/startup-error';
import type { ModelFile, ModelManifest, ModelManifestEntry, Precision } from './model-manifest.types';

export const PRECISIONS: readonly Precision[] = ['int8', 'fp32'];

/** The committed manifest. */
export const DEFAULT_MANIFEST_PATH = path.join(repoRoot, 'models', 'manifest.json');

/** A model file that is missing or not the expected bytes, or a model/precision the manifest lacks. */
export class ModelFileError extends StartupError {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFileError';
  }
}

/** The npm script that puts a model's files in place. */
export const providingCommand = (entry: Pick<ModelManifestEntry, 'origin'>): string => (entry.origin === 'download' ? 'npm run models:download' : 'npm run models:build');

const SHA256 = /^[0-9a-f]{64}$/;

function checkManifestFile(where: string, file: unknown): asserts file is ModelFile {
  const f = file as Partial<ModelFile> | null;
  if (!f || typeof f.path !== 'string' || !f.path) throw new Error(`${where}: "path" is missing`);
  const normal = path.posix.normalize(f.path);
  if (path.posix.isAbsolute(f.path) || normal.startsWith('..') || normal !== f.path) {
    throw new Error(`${where}: path "${f.path}" must be a plain relative path`);
  }
  if (typeof f.sha256 !== 'string' || !SHA256.test(f.sha256)) throw new Error(`${where}: sha256 of ${f.path} must be 64 lowercase hex digits`);
  if (f.size !== undefined && (!Number.isInteger(f.size) || f.size < 0)) throw new Error(`${where}: size of ${f.path} must be a byte count`);
  if (f.url !== undefined && typeof f.url !== 'string') throw new Error(`${where}: url of ${f.path} must be a string`);
}

/** Structural checks, so that a hand-edited manifest fails with a message instead of later. */
export function validateManifest(manifest: unknown, source = 'manifest'): ModelManifest {
  const models = (manifest as ModelManifest | null)?.models;
  if (!Array.isArray(models)) throw new Error(`${source}: "models" must be an array`);
  const names = new Set<string>();
  for (const entry of models) {
    const where = `${source}: model ${JSON.stringify(entry?.name)}`;
    if (typeof entry?.name !== 'string' || !/^[A-Za-z0-9._-]+$/.test(entry.name)) throw new Error(`${where}: name must be letters, digits, . _ -`);
    if (names.has(entry.name)) throw new Error(`${where}: listed twice`);
    names.add(entry.name);
    if (entry.origin !== 'download' && entry.origin !== 'build') throw new Error(`${where}: origin must be "download" or "build"`);
    if (!Number.isInteger(entry.dimensions) || entry.dimensions <= 0) throw new Error(`${where}: dimensions must be a positive integer`);
    if (!Number.isInteger(entry.maxLength) || entry.maxLength < 3) throw new Error(`${where}: maxLength must be an integer >= 3`);
    if (entry.pooling !== 'mean') throw new Error(`${where}: pooling must be "mean"`);
    if (typeof entry.normalize !== 'boolean') throw new Error(`${where}: normalize must be true or false`);
    const precisions = Object.keys(entry.onnx ?? {});
    if (precisions.length === 0) throw new Error(`${where}: onnx must name at least one precision`);
    for (const p of precisions) {
      if (!PRECISIONS.includes(p as Precision)) throw new Error(`${where}: unknown precision "${p}" (known: ${PRECISIONS.join(', ')})`);
      checkManifestFile(`${where} onnx.${p}`, entry.onnx[p as Precision]);
    }
    if (!Array.isArray(entry.tokenizer)) throw new Error(`${where}: tokenizer must be a list of files`);
    entry.tokenizer.forEach((f, i) => checkManifestFile(`${where} tokenizer[${i}]`, f));
    for (const needed of ['tokenizer.json', 'vocab.txt']) {
      if (!entry.tokenizer.some((f) => f.path === needed)) throw new Error(`${where}: tokenizer files must include ${needed}`);
    }
    if (entry.build?.corpus !== undefined) checkManifestFile(`${where} build.corpus`, entry.build.corpus);
  }
  return manifest as ModelManifest;
}

/** Reads and validates the manifest (models/manifest.json of the project by default). */
export function loadManifest(manifestPath: string = DEFAULT_MANIFEST_PATH): ModelManifest {
  let text: string;
  try {
    text = readFileSync(manifestPath, 'utf8');
  } catch (error) {
    throw new ModelFileError(`cannot read the model manifest ${manifestPath}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ModelFileError(`the model manifest ${manifestPath} is not valid JSON: ${(error as Error).message}`);
  }
  try {
    return validateManifest(parsed, manifestPath);
  } catch (error) {
    throw new ModelFileError((error as Error).message);
  }
}

export function findModel(manifest: ModelManifest, name: string): ModelManifestEntry {
  const entry = manifest.models.find((m) => m.name === name);
  if (!entry) {
    throw new ModelFileError(`unknown model "${name}": the manifest lists ${manifest.models.map((m) => m.name).join(', ')}`);
  }
  return entry;
}

/** The ONNX file of one precision, or a ModelFileError naming the precisions the model has. */
export function onnxFileFor(entry: ModelManifestEntry, precision: Precision): ModelFile {
  const file = PRECISIONS.includes(precision) ? entry.onnx[precision] : undefined;
  if (!file) {
    const available = PRECISIONS.filter((p) => entry.onnx[p]);
    throw new ModelFileError(`model ${entry.name} has no ${precision} ONNX file (available precision: ${available.join(', ')})`);
  }
  return file;
}

/**
 * The precision to load: the requested one, except that a model offering a single precision (the
 * bag-of-word-pieces stand-in is fp32 only) uses that one.
 */
export function choosePrecision(entry: ModelManifestEntry, requested: Precision): Precision {
  const available = PRECISIONS.filter((p) => entry.onnx[p]);
  return available.length === 1 && !available.includes(requested) ? available[0] : requested;
}

/** The files a model needs at one precision: its ONNX graph, then the tokenizer files. */
export const filesFor = (entry: ModelManifestEntry, precision: Precision): ModelFile[] => [onnxFileFor(entry, precision), ...entry.tokenizer];

/** sha256 of a file, read as a stream (ONNX files are tens of megabytes). */
export function sha256File(filePath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(filePath)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')));
  });
}

export const modelDir = (modelsDir: string, entry: Pick<ModelManifestEntry, 'name'>): string => path.join(modelsDir, entry.name);

export type FileState = { state: 'ok' } | { state: 'missing' } | { state: 'mismatch'; actual: string };

export async function checkFile(filePath: string, expectedSha256: string): Promise<FileState> {
  try {
    if (!(await stat(filePath)).isFile()) return { state: 'missing' };
  } catch {
    return { state: 'missing' };
  }
  const actual = await sha256File(filePath);
  return actual === expectedSha256 ? { state: 'ok' } : { state: 'mismatch', actual };
}

export interface FileProblem {
  path: string;
  message: string;
}

/** One line naming the file, what is wrong, and the command that provides it. */
export function describeProblem(entry: ModelManifestEntry, filePath: string, expected: string, state: FileState): string {
  const what = state.state === 'missing' ? 'is missing' : state.state === 'mismatch' ? `has sha256 ${state.actual}, expected ${expected}` : 'is fine';
  return `model file ${filePath} ${what}: run \`${providingCommand(entry)}\``;
}

/** Every problem with a model's files at one precision (empty when all are in place). */
export async function findProblems(modelsDir: string, entry: ModelManifestEntry, precision: Precision): Promise<FileProblem[]> {
  const dir = modelDir(modelsDir, entry);
  const problems: FileProblem[] = [];
  for (const file of filesFor(entry, precision)) {
    const filePath = path.join(dir, file.path);
    const state = await checkFile(filePath, file.sha256);
    if (state.state !== 'ok') problems.push({ path: filePath, message: describeProblem(entry, filePath, file.sha256, state) });
  }
  return problems;
}

export interface ResolvedModelFiles {
  dir: string;
  onnxPath: string;
  tokenizerJsonPath: string;
  vocabPath: string;
}

/**
 * Checks that every file the model needs at this precision exists with the manifest's sha256 and returns
 * their paths; otherwise throws a ModelFileError about the first bad file.
 */
export async function resolveModelFiles(modelsDir: string, entry: ModelManifestEntry, precision: Precision): Promise<ResolvedModelFiles> {
  const onnxFile = onnxFileFor(entry, precision);
  const problems = await findProblems(modelsDir, entry, precision);
  if (problems.length > 0) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more file${problems.length > 2 ? 's' : ''} of ${entry.name})` : '';
    throw new ModelFileError(`${problems[0].message}${more}`);
  }
  const dir = modelDir(modelsDir, entry);
  return {
    dir,
    onnxPath: path.join(dir, onnxFile.path),
    tokenizerJsonPath: path.join(dir, 'tokenizer.json'),
    vocabPath: path.join(dir, 'vocab.txt'),
  };
}
