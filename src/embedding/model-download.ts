/**
 * `models:download`: fetches model files from the model hub (MODEL_DOWNLOAD_BASE_URL + the manifest's
 * url), streaming each into a temporary file beside its destination, and moves it into place only when
 * its sha256 is the manifest's. Files already present with the right hash are left alone.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { StartupError } from '../common/startup-error';
import { checkFile, modelDir, onnxFileFor } from './model-files';
import type { ModelFile, ModelManifestEntry, Precision } from './model-manifest.types';

export class ModelDownloadError extends StartupError {
  constructor(message: string) {
    super(message);
    this.name = 'ModelDownloadError';
  }
}

export interface DownloadOptions {
  /** MODEL_DOWNLOAD_BASE_URL, e.g. https://huggingface.co */
  baseUrl: string;
  /** Receives a progress line about every `progressIntervalMs` (default: written to stderr). */
  onProgress?: (line: string) => void;
  progressIntervalMs?: number;
}

export interface ExpectedFile {
  sha256: string;
  size?: number;
}

export type DownloadOutcome = 'downloaded' | 'present';

const MB = 1024 * 1024;
const mb = (bytes: number): string => (bytes / MB).toFixed(1);

/** The absolute URL of a manifest file: its url relative to the base URL. */
export function fileUrl(baseUrl: string, file: ModelFile): string {
  if (!file.url) throw new ModelDownloadError(`the manifest gives no download url for ${file.path}`);
  return new URL(file.url, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
}

/**
 * Downloads `url` to `dest` unless `dest` already has the expected sha256. Redirects are followed. The
 * bytes go to a temporary file that is renamed into place after the hash matched, and deleted when not.
 */
export async function downloadFile(url: string, dest: string, expected: ExpectedFile, options: DownloadOptions): Promise<DownloadOutcome> {
  if ((await checkFile(dest, expected.sha256)).state === 'ok') return 'present';
  const onProgress = options.onProgress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const label = path.basename(dest);

  let response: Response;
  try {
    response = await fetch(url, { redirect: 'follow' });
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    throw new ModelDownloadError(`cannot download ${url}: ${cause}`);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    throw new ModelDownloadError(`cannot download ${url}: HTTP ${response.status} ${response.statusText}`.trim());
  }
  const announced = Number(response.headers.get('content-length'));
  const total = expected.size ?? (Number.isFinite(announced) && announced > 0 ? announced : undefined);

  await mkdir(path.dirname(dest), { recursive: true });
  const temp = `${dest}.download-${process.pid}`;
  const hash = createHash('sha256');
  let received = 0;
  const report = () =>
    onProgress(total ? `${label}: ${Math.min(100, Math.floor((received / total) * 100))}% (${mb(received)} of ${mb(total)} MB)` : `${label}: ${mb(received)} MB`);
  const timer = setInterval(report, options.progressIntervalMs ?? 1000);
  try {
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        received += chunk.length;
        callback(null, chunk);
      },
    });
    await pipeline(Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>), meter, createWriteStream(temp));
  } catch (error) {
    await rm(temp, { force: true });
    throw new ModelDownloadError(`download of ${url} failed after ${mb(received)} MB: ${(error as Error).message}`);
  } finally {
    clearInterval(timer);
  }
  report();
  const actual = hash.digest('hex');
  if (actual !== expected.sha256) {
    await rm(temp, { force: true });
    const sizeNote = expected.size !== undefined && expected.size !== received ? ` (${received} bytes, expected ${expected.size})` : '';
    throw new ModelDownloadError(`downloaded ${dest} from ${url} has sha256 ${actual}, expected ${expected.sha256}${sizeNote}; the download was deleted`);
  }
  await rename(temp, dest);
  return 'downloaded';
}

export interface FileOutcome {
  path: string;
  outcome: DownloadOutcome;
  size: number | undefined;
  ms: number;
}

/** Downloads manifest files into `dir`, one after another. */
export async function downloadFiles(dir: string, files: ModelFile[], options: DownloadOptions): Promise<FileOutcome[]> {
  const results: FileOutcome[] = [];
  for (const file of files) {
    const started = Date.now();
    const dest = path.join(dir, file.path);
    const outcome = await downloadFile(fileUrl(options.baseUrl, file), dest, file, options);
    results.push({ path: dest, outcome, size: file.size, ms: Date.now() - started });
  }
  return results;
}

/** A model's ONNX files of the given precisions and its tokenizer files, into MODELS_DIR/<name>/. */
export async function downloadModel(modelsDir: string, entry: ModelManifestEntry, precisions: Precision[], options: DownloadOptions): Promise<FileOutcome[]> {
  const onnxFiles = precisions.map((p) => onnxFileFor(entry, p));
  return downloadFiles(modelDir(modelsDir, entry), [...onnxFiles, ...entry.tokenizer], options);
}
