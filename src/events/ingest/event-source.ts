import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { InvalidInputError } from '../../common/invalid-input.error';
import { oneLine } from '../../common/startup-error';

/**
 * Where talks come from: a JSON Lines file, a directory of them (*.jsonl and *.json, by name), or an
 * http(s) URL. Everything is read as a stream of lines, so a large source never sits in memory.
 */

/** The source cannot be read (missing, not a file or directory, HTTP error): nothing was loaded from it. */
export class EventsSourceError extends InvalidInputError {
  constructor(source: string, detail: string) {
    super(`cannot read events source ${source}: ${detail}`, 'source');
    this.name = 'EventsSourceError';
  }
}

export interface FileInput {
  kind: 'file';
  path: string;
  size: number;
  mtimeMs: number;
}

/** A URL whose response arrived (status 200) and whose body has not been read yet. */
export interface UrlInput {
  kind: 'url';
  url: string;
  response: Response;
}

export type SourceInput = FileInput | UrlInput;

export interface ResolvedSource {
  /** The source as given, for summaries and logs (a URL without credentials). */
  label: string;
  inputs: SourceInput[];
}

/** Validators of the last response, for a conditional request. */
export interface UrlValidators {
  etag?: string;
  lastModified?: string;
}

const SOURCE_FILE = /\.(jsonl|json)$/i;
/** How long a URL may take to answer with its headers; the body then streams as long as it needs. */
const RESPONSE_TIMEOUT_MS = 30000;

export const isUrlSource = (source: string): boolean => /^https?:\/\//i.test(source);

/** A URL with user and password removed, so that they appear in no summary or log line. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}

export function inputName(input: SourceInput): string {
  return input.kind === 'file' ? input.path : redactUrl(input.url);
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return oneLine(error);
}

/** The files of a local source with their size and modification time: one file, or a directory's. */
export async function listLocalSource(source: string): Promise<FileInput[]> {
  let info;
  try {
    info = await stat(source);
  } catch (error) {
    throw new EventsSourceError(source, describeFsError(error));
  }
  if (info.isFile()) return [{ kind: 'file', path: source, size: info.size, mtimeMs: info.mtimeMs }];
  if (!info.isDirectory()) throw new EventsSourceError(source, 'neither a file, a directory nor an http(s) URL');

  let names: string[];
  try {
    names = await readdir(source);
  } catch (error) {
    throw new EventsSourceError(source, describeFsError(error));
  }
  // Code-unit order, not the locale's: the same directory loads in the same order everywhere. Hidden
  // files are skipped (editors' swap files, partial downloads).
  const candidates = names.filter((name) => SOURCE_FILE.test(name) && !name.startsWith('.')).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const files: FileInput[] = [];
  for (const name of candidates) {
    const file = path.join(source, name);
    // A file removed between readdir and stat is simply not part of this listing.
    const entry = await stat(file).catch(() => undefined);
    if (entry?.isFile()) files.push({ kind: 'file', path: file, size: entry.size, mtimeMs: entry.mtimeMs });
  }
  return files;
}

/**
 * GET of a URL source. With validators, a 304 answer gives 'not-modified'. Any other non-200 answer, or
 * no answer within RESPONSE_TIMEOUT_MS, is an EventsSourceError.
 */
export async function fetchUrlSource(url: string, validators: UrlValidators = {}, signal?: AbortSignal): Promise<Response | 'not-modified'> {
  const label = redactUrl(url);
  const headers: Record<string, string> = { accept: 'application/x-ndjson, application/jsonl, application/json, text/plain, */*' };
  // fetch refuses URLs with credentials: they travel as HTTP basic authentication instead.
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new EventsSourceError(label, 'not a valid URL');
  }
  if (target.username || target.password) {
    const decode = (part: string) => {
      try {
        return decodeURIComponent(part);
      } catch {
        return part;
      }
    };
    const credentials = `${decode(target.username)}:${decode(target.password)}`;
    headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    target.username = '';
    target.password = '';
  }
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no response within ${RESPONSE_TIMEOUT_MS} ms`)), RESPONSE_TIMEOUT_MS);
  const onAbort = () => controller.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort, { once: true });
  let response: Response;
  try {
    response = await fetch(target, { headers, signal: controller.signal, redirect: 'follow' });
  } catch (error) {
    // fetch's own error says only "fetch failed"; the cause says why (ECONNREFUSED, ENOTFOUND, ...).
    const why: unknown = controller.signal.reason ?? (error as { cause?: unknown }).cause ?? error;
    const message = (why as { message?: unknown } | null)?.message;
    throw new EventsSourceError(label, oneLine(typeof message === 'string' ? message : why));
  } finally {
    clearTimeout(timer);
    // The body is read under readLines' signal; this one only bounded the wait for the headers.
    signal?.removeEventListener('abort', onAbort);
  }
  if (response.status === 304 && (validators.etag || validators.lastModified)) return 'not-modified';
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined);
    throw new EventsSourceError(label, `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  }
  return response;
}

export function validatorsOf(response: Response): UrlValidators {
  return { etag: response.headers.get('etag') ?? undefined, lastModified: response.headers.get('last-modified') ?? undefined };
}

/** The inputs of a source as it stands now (for a URL: the response to a fresh GET). */
export async function resolveSource(source: string, signal?: AbortSignal): Promise<ResolvedSource> {
  if (isUrlSource(source)) {
    const response = await fetchUrlSource(source, {}, signal);
    return { label: redactUrl(source), inputs: [{ kind: 'url', url: source, response: response as Response }] };
  }
  return { label: source, inputs: await listLocalSource(source) };
}

/** Bytes the input will deliver, when known (a file's size, a response's Content-Length). */
export function inputSize(input: SourceInput): number | null {
  if (input.kind === 'file') return input.size;
  const length = Number(input.response.headers.get('content-length'));
  return Number.isFinite(length) && length > 0 && !input.response.headers.get('content-encoding') ? length : null;
}

function openStream(input: SourceInput): Readable {
  if (input.kind === 'file') return createReadStream(input.path);
  if (!input.response.body) return Readable.from([]);
  return Readable.fromWeb(input.response.body as unknown as WebReadableStream<Uint8Array>);
}

/**
 * The lines of one input, in order, without their line breaks (\n or \r\n); a UTF-8 byte order mark is
 * dropped. onBytes hears of every chunk read. Read errors surface as EventsSourceError. When signal
 * aborts, reading stops (also in the middle of a response body that stalls) and the lines just end.
 */
export async function* readLines(input: SourceInput, onBytes: (bytes: number) => void = () => undefined, signal?: AbortSignal): AsyncGenerator<string> {
  const stream = openStream(input);
  stream.on('data', (chunk: Buffer) => onBytes(chunk.length));
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  const stop = () => stream.destroy();
  if (signal?.aborted) stop();
  signal?.addEventListener('abort', stop, { once: true });
  let first = true;
  try {
    for await (const line of lines) {
      yield first && line.startsWith('\uFEFF') ? line.slice(1) : line;
      first = false;
    }
  } catch (error) {
    throw new EventsSourceError(inputName(input), describeFsError(error));
  } finally {
    signal?.removeEventListener('abort', stop);
    lines.close();
    stream.destroy();
  }
}
