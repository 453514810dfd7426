/**
 * Every built model ships the production model's tokenizer files. The build takes them, in this order,
 * from: an explicit directory (`--tokenizer-from` / MODEL_TOKENIZER_DIR, chosen by the CLI), else a
 * fallback directory that already holds all of them with the right hashes (MODELS_DIR/all-MiniLM-L6-v2/
 * after `models:download`), else the model hub. Every file is checked against the manifest's sha256.
 */
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { checkFile, ModelFileError } from '../model-files';
import { downloadFiles, DownloadOptions } from '../model-download';
import type { ModelFile, ModelManifestEntry } from '../model-manifest.types';

export interface TokenizerSource {
  /** Copy from here; a missing or different file there is an error. */
  fromDir?: string;
  /** Used when fromDir is unset, only if every file there matches the manifest. */
  fallbackDirs?: string[];
  /** Last resort. */
  download: DownloadOptions;
}

async function allMatch(dir: string, files: ModelFile[]): Promise<boolean> {
  for (const file of files) {
    if ((await checkFile(path.join(dir, file.path), file.sha256)).state !== 'ok') return false;
  }
  return true;
}

async function copyVerified(fromDir: string, toDir: string, file: ModelFile): Promise<void> {
  const source = path.join(fromDir, file.path);
  const state = await checkFile(source, file.sha256);
  if (state.state === 'missing') throw new ModelFileError(`tokenizer file ${source} is missing`);
  if (state.state === 'mismatch') {
    throw new ModelFileError(`tokenizer file ${source} has sha256 ${state.actual}, expected ${file.sha256}`);
  }
  const dest = path.join(toDir, file.path);
  const temp = `${dest}.copy-${process.pid}`;
  await mkdir(path.dirname(dest), { recursive: true });
  await copyFile(source, temp);
  const copied = await checkFile(temp, file.sha256);
  if (copied.state !== 'ok') {
    await rm(temp, { force: true });
    throw new ModelFileError(`copy of ${source} to ${dest} does not match its sha256`);
  }
  await rename(temp, dest);
}

/**
 * Puts the entry's tokenizer files into `targetDir`; returns where they came from ("in place", a
 * directory, or a URL base).
 */
export async function provideTokenizerFiles(entry: ModelManifestEntry, targetDir: string, source: TokenizerSource): Promise<string> {
  const files = entry.tokenizer;
  if (await allMatch(targetDir, files)) return 'already in place';
  const fromDir =
    source.fromDir ??
    (await (async () => {
      for (const dir of source.fallbackDirs ?? []) {
        if (path.resolve(dir) !== path.resolve(targetDir) && (await allMatch(dir, files))) return dir;
      }
      return undefined;
    })());
  if (fromDir) {
    for (const file of files) await copyVerified(fromDir, targetDir, file);
    return fromDir;
  }
  // downloadFiles keeps a file only when its sha256 is the manifest's.
  await downloadFiles(targetDir, files, source.download);
  return source.download.baseUrl;
}
