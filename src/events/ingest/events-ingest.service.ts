import { Injectable, Logger } from '@nestjs/common';
import { InvalidInputError } from '../../common/invalid-input.error';
import { oneLine } from '../../common/startup-error';
import { AppConfig } from '../../config/app-config';
import { QueueService } from '../../queue/queue.service';
import { JobName } from '../../queue/queue.types';
import { eventEmbeddingJob } from '../events.service';
import { DeriveOptions, parseEventLine, textSeparator } from './event-record';
import { EventsSourceError, inputName, inputSize, LINE_TOO_LONG, readLines, resolveSource, ResolvedSource } from './event-source';
import { listSetting, SourceAccess } from './source-access';
import { EventsIngestRepository, MAX_UPSERT_ROWS } from './events-ingest.repository';
import { IngestRun } from './ingest-run';
import type { IngestSummary } from './ingest-summary';

/** Rows per upsert statement, and the text a batch may carry before it is written early. */
const BATCH_ROWS = Math.min(250, MAX_UPSERT_ROWS);
const BATCH_CHARS = 4_000_000;

export interface IngestProgress {
  /** Bytes read so far, over all inputs. */
  bytes: number;
  /** Bytes of all inputs together, when every input's size is known. */
  totalBytes: number | null;
  lines: number;
  read: number;
}

export interface IngestOptions {
  /** Also rewrite rows exactly as new as their record when a column differs (never older ones). */
  force?: boolean;
  /** Stops the run after the batch being written; records not yet written are left for the next run. */
  signal?: AbortSignal;
  /**
   * The source was named in an admin request: it must pass the EVENTS_SOURCE_ALLOWED_* checks (see
   * SourceAccess). EVENTS_SOURCE itself, named or not, is the operator's and is not checked.
   */
  requested?: boolean;
  onProgress?: (progress: IngestProgress) => void;
}

/**
 * Loads talks from a source: parse and validate every line, keep the newest record per id, upsert in
 * batches, and queue the embedding of every written talk whose text has none. Runs of one process take
 * turns (start-up load, watcher, admin request, CLI), so two never interleave their batches.
 */
@Injectable()
export class EventsIngestService {
  private readonly logger = new Logger('EventsIngest');
  private turn: Promise<unknown> = Promise.resolve();
  /** The checks on sources named in admin requests. */
  private readonly access: SourceAccess;

  constructor(
    private readonly repository: EventsIngestRepository,
    private readonly queues: QueueService,
    private readonly config: AppConfig,
  ) {
    this.access = new SourceAccess({
      allowedPaths: listSetting(config.EVENTS_SOURCE_ALLOWED_DIRS),
      allowedUrls: listSetting(config.EVENTS_SOURCE_ALLOWED_URLS),
      allowPrivateAddresses: config.EVENTS_SOURCE_ALLOW_PRIVATE_URLS,
    });
  }

  /** Ingests a source as it is now; no source given: EVENTS_SOURCE. EventsSourceError when unreadable. */
  ingest(source: string | undefined, options: IngestOptions = {}): Promise<IngestSummary> {
    const chosen = source ?? this.config.EVENTS_SOURCE;
    if (chosen.trim() === '') {
      return Promise.reject(new EventsSourceError('(none)', 'no source was given and EVENTS_SOURCE is empty'));
    }
    const access = options.requested && chosen !== this.config.EVENTS_SOURCE ? this.access : undefined;
    return this.exclusive(() => this.bounded(options, async (signal) => this.run(await resolveSource(chosen, signal, access), { ...options, signal })));
  }

  /** Ingests inputs a caller already resolved (the watcher: only the files that changed). */
  ingestResolved(resolved: ResolvedSource, options: IngestOptions = {}): Promise<IngestSummary> {
    return this.exclusive(() => this.bounded(options, (signal) => this.run(resolved, { ...options, signal })));
  }

  /**
   * Runs a task under EVENTS_SOURCE_TIMEOUT_MS as well as the caller's signal. When the time is up the
   * run stops like an aborted one (what was written stays) and fails with an error naming the bound.
   */
  private async bounded<T>(options: IngestOptions, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const limit = this.config.EVENTS_SOURCE_TIMEOUT_MS;
    const timeout = AbortSignal.timeout(limit);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const result = await task(signal);
    if (timeout.aborted && !options.signal?.aborted) {
      throw new InvalidInputError(`the ingestion run took longer than EVENTS_SOURCE_TIMEOUT_MS (${limit} ms) and was stopped; talks written before then stay`, 'source');
    }
    return result;
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.turn.then(task);
    this.turn = result.catch(() => undefined);
    return result;
  }

  private async run(resolved: ResolvedSource, options: IngestOptions): Promise<IngestSummary> {
    const run = new IngestRun(resolved.label, options.force ?? false);
    const derive: DeriveOptions = {
      separator: textSeparator(this.config.EVENT_TEXT_SEPARATOR),
      timeZone: this.config.EVENTS_TIME_ZONE,
      maxFieldChars: this.config.EVENT_FIELD_MAX_CHARS,
    };
    const sizes = resolved.inputs.map(inputSize);
    const progress: IngestProgress = { bytes: 0, totalBytes: sizes.includes(null) ? null : (sizes as number[]).reduce((a, b) => a + b, 0), lines: 0, read: 0 };
    const report = () => options.onProgress?.({ ...progress, lines: run.lines, read: run.read });
    const { EVENTS_SOURCE_MAX_BYTES: maxBytes, EVENTS_SOURCE_MAX_LINE_BYTES: maxLineBytes } = this.config;
    const tooLarge = () => new EventsSourceError(resolved.label, `larger than EVENTS_SOURCE_MAX_BYTES (${maxBytes} bytes)`);
    // Sizes known before reading (files, Content-Length) are refused before a line is read; others stop there.
    if (sizes.reduce<number>((sum, size) => sum + (size ?? 0), 0) > maxBytes) {
      for (const input of resolved.inputs) if (input.kind === 'url') await input.response.body?.cancel().catch(() => undefined);
      throw tooLarge();
    }
    let bytesRead = 0;
    const take = (bytes: number) => {
      bytesRead += bytes;
      if (bytesRead > maxBytes) throw tooLarge();
    };
    const lineTooLong = `line is longer than EVENTS_SOURCE_MAX_LINE_BYTES (${maxLineBytes} bytes)`;

    try {
      for (const input of resolved.inputs) {
        if (options.signal?.aborted) break;
        run.files++;
        const file = inputName(input);
        let lineNumber = 0;
        for await (const line of readLines(input, (bytes) => (progress.bytes += bytes), options.signal, { maxLineBytes, take })) {
          lineNumber++;
          run.lines++;
          // Blank lines (a trailing newline, spacing between records) are not records.
          if (line !== LINE_TOO_LONG && line.trim() === '') continue;
          run.read++;
          const parsed = line === LINE_TOO_LONG ? { ok: false as const, reason: lineTooLong } : parseEventLine(line, derive);
          if (parsed.ok) run.offer(parsed.value);
          else run.reject(file, lineNumber, parsed.reason);
          const pending = run.pendingSize;
          if (pending.rows >= BATCH_ROWS || pending.chars >= BATCH_CHARS) await this.writeBatch(run);
          report();
          if (options.signal?.aborted) break;
        }
      }
      if (options.signal?.aborted) {
        // A batch is one statement: what was written is whole; what is still pending is simply dropped.
        run.aborted = true;
      } else {
        await this.writeBatch(run);
      }
    } finally {
      report();
    }
    return run.summary();
  }

  /**
   * Writes the pending batch, then queues embeddings for the rows it wrote whose text has none. Queued
   * after the statement committed, so a worker never looks for a row that is not there yet. When Redis
   * is unreachable the rows stay written and the embedding sweep queues them later.
   */
  private async writeBatch(run: IngestRun): Promise<void> {
    const batch = run.takeBatch();
    if (batch.length === 0) return;
    // Records no newer than their row are left out before the upsert (which would leave them alone
    // too, at several times the cost): a replay of a whole source then costs one SELECT per batch.
    const stored = await this.repository.lastUpdatedOf(batch.map((event) => event.id));
    const candidates = batch.filter((event) => {
      const current = stored.get(event.id);
      return current === undefined || event.lastUpdatedMicros > current || (run.force && event.lastUpdatedMicros === current);
    });
    const written = await this.repository.upsert(candidates, run.force);
    run.recordWritten(batch, written);
    const jobs = written.filter((row) => row.needsEmbedding).map((row) => eventEmbeddingJob(row.id, row.contentHash));
    try {
      await this.queues.enqueueMany(JobName.EmbedEvent, jobs);
      run.queued += jobs.length;
    } catch (error) {
      run.notQueued += jobs.length;
      this.logger.warn({ msg: 'could not queue embeddings of ingested talks; the embedding sweep will', count: jobs.length, error: oneLine(error) });
    }
  }
}
