import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { InvalidInputError } from '../../common/invalid-input.error';
import { oneLine } from '../../common/startup-error';
import type { SourceAccess } from './source-access';

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

/** A lookup that answers with addresses already checked, so the connection goes where the check looked. */
function pinnedLookup(addresses: string[]): LookupFunction {
  const entries = addresses.map((address) => ({ address, family: isIP(address) }));
  return (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as (e: null, a: typeof entries) => void)(null, entries);
    else callback(null, entries[0].address, entries[0].family);
  };
}

/** The answer's headers as fetch's Headers (repeated ones joined). */
function headersOf(message: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/**
 * GET of a URL source, over node:http(s), connecting to `addresses` when given (the checked addresses
 * of a source named in a request). With validators, a 304 answer gives 'not-modified'. A redirect is not
 * followed: where it leads was never checked. Any other non-200 answer, or no answer within
 * RESPONSE_TIMEOUT_MS, is an EventsSourceError.
 */
export async function fetchUrlSource(url: string, validators: UrlValidators = {}, signal?: AbortSignal, addresses?: string[]): Promise<Response | 'not-modified'> {
  const label = redactUrl(url);
  const headers: Record<string, string> = { accept: 'application/x-ndjson, application/jsonl, application/json, text/plain, */*' };
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
  const onAbort = () => controller.abort(signal?.reason ?? new Error('aborted'));
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort, { once: true });
  let message: IncomingMessage;
  try {
    message = await new Promise<IncomingMessage>((resolve, reject) => {
      const get = target.protocol === 'https:' ? httpsGet : httpGet;
      const request = get(target, { headers, signal: controller.signal, ...(addresses ? { lookup: pinnedLookup(addresses) } : {}) }, resolve);
      request.on('error', reject);
    });
  } catch (error) {
    const why: unknown = controller.signal.aborted ? controller.signal.reason : error;
    const text = (why as { message?: unknown } | null)?.message;
    throw new EventsSourceError(label, oneLine(typeof text === 'string' ? text : why));
  } finally {
    clearTimeout(timer);
    // The body is read under readLines' signal; this one only bounded the wait for the headers.
    signal?.removeEventListener('abort', onAbort);
  }
  const status = message.statusCode ?? 0;
  if (status === 304 && (validators.etag || validators.lastModified)) {
    message.destroy();
    return 'not-modified';
  }
  if (status !== 200) {
    message.destroy();
    if (status >= 300 && status < 400) throw new EventsSourceError(label, `HTTP ${status}: redirects are not followed; name the URL it leads to`);
    throw new EventsSourceError(label, `HTTP ${status}${message.statusMessage ? ` ${message.statusMessage}` : ''}`);
  }
  return new Response(Readable.toWeb(message) as unknown as ReadableStream<Uint8Array>, { status, headers: headersOf(message) });
}

export function validatorsOf(response: Response): UrlValidators {
  return { etag: response.headers.get('etag') ?? undefined, lastModified: response.headers.get('last-modified') ?? undefined };
}

/**
 * The inputs of a source as it stands now (for a URL: the response to a fresh GET). With access (a source
 * named in a request), the source, every file of a directory and every address connected to is checked
 * first: a symlink in an allowed directory cannot lead out of it either.
 */
export async function resolveSource(source: string, signal?: AbortSignal, access?: SourceAccess): Promise<ResolvedSource> {
  if (isUrlSource(source)) {
    const addresses = await access?.checkUrl(source);
    const response = await fetchUrlSource(source, {}, signal, addresses);
    return { label: redactUrl(source), inputs: [{ kind: 'url', url: source, response: response as Response }] };
  }
  if (!access) return { label: source, inputs: await listLocalSource(source) };
  await access.checkPath(source);
  const inputs = await listLocalSource(source);
  for (const input of inputs) await access.checkPath(input.path);
  return { label: source, inputs };
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

/** What readLines yields in place of a line longer than its bound (the line itself is never held whole). */
export const LINE_TOO_LONG = Symbol('line too long');

export interface LineBounds {
  /** Longest line in bytes (EVENTS_SOURCE_MAX_LINE_BYTES). */
  maxLineBytes: number;
  /** Called with every chunk's size before it is split; throws to stop the read (EVENTS_SOURCE_MAX_BYTES). */
  take?: (bytes: number) => void;
}

const UNBOUNDED: LineBounds = { maxLineBytes: Number.POSITIVE_INFINITY };

/**
 * The lines of one input, in order, without their line breaks (\n or \r\n); a UTF-8 byte order mark is
 * dropped. A line longer than bounds.maxLineBytes comes as LINE_TOO_LONG: its bytes are skipped as they
 * arrive. onBytes hears of every chunk read. Read errors surface as EventsSourceError. When signal
 * aborts, reading stops (also in the middle of a response body that stalls) and the lines just end.
 */
export async function* readLines(
  input: SourceInput,
  onBytes: (bytes: number) => void = () => undefined,
  signal?: AbortSignal,
  bounds: LineBounds = UNBOUNDED,
): AsyncGenerator<string | typeof LINE_TOO_LONG> {
  const stream = openStream(input);
  const stop = () => stream.destroy();
  if (signal?.aborted) stop();
  signal?.addEventListener('abort', stop, { once: true });
  let parts: Buffer[] = [];
  let partBytes = 0;
  let tooLong = false;
  let first = true;
  const finish = (last: Buffer): string | typeof LINE_TOO_LONG => {
    const wasTooLong = tooLong || partBytes + last.length > bounds.maxLineBytes;
    const text = wasTooLong ? '' : Buffer.concat([...parts, last]).toString('utf8');
    parts = [];
    partBytes = 0;
    tooLong = false;
    if (wasTooLong) return LINE_TOO_LONG;
    const line = text.endsWith('\r') ? text.slice(0, -1) : text;
    const shown = first && line.startsWith('\uFEFF') ? line.slice(1) : line;
    first = false;
    return shown;
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bounds.take?.(chunk.length);
      onBytes(chunk.length);
      let start = 0;
      for (let end = chunk.indexOf(0x0a, start); end !== -1; end = chunk.indexOf(0x0a, start)) {
        const line = finish(chunk.subarray(start, end));
        start = end + 1;
        if (line === LINE_TOO_LONG) first = false;
        yield line;
      }
      const rest = chunk.subarray(start);
      if (tooLong || partBytes + rest.length > bounds.maxLineBytes) {
        tooLong = true;
        parts = [];
      } else if (rest.length > 0) parts.push(rest);
      partBytes += rest.length;
    }
    if (partBytes > 0) yield finish(Buffer.alloc(0));
  } catch (error) {
    if (signal?.aborted) return;
    if (error instanceof InvalidInputError) throw error;
    throw new EventsSourceError(inputName(input), describeFsError(error));
  } finally {
    signal?.removeEventListener('abort', stop);
    stream.destroy();
  }
}
