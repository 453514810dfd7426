import type { IngestEvent } from './event-record';
import type { IngestSummary, Rejection } from './ingest-summary';

export type RowOutcome = 'new' | 'updated' | 'unchanged';

/** What the upsert reported for one row it wrote (rows it left alone are not reported). */
export interface WrittenRow {
  id: number;
  inserted: boolean;
  contentHash: string;
  /** The stored embedding is not of this text (never embedded, or the text changed). */
  needsEmbedding: boolean;
}

interface SeenId {
  lastUpdatedMicros: bigint;
  /** What the database did with this id's records so far in this run; unset while not yet written. */
  outcome?: RowOutcome;
}

export const DEFAULT_MAX_REJECTIONS = 100;

/** An id this run wrote twice: new stays new, and a rewrite anywhere makes it updated. */
function merge(before: RowOutcome | undefined, now: RowOutcome): RowOutcome {
  if (before === 'new' || now === 'new') return 'new';
  if (before === 'updated' || now === 'updated') return 'updated';
  return 'unchanged';
}

/**
 * The bookkeeping of one ingestion run, without I/O: the newest record per id (equal: the first seen),
 * the batch waiting to be written, and the counts of the summary.
 *
 * Records are written in batches while the source is still being read, so a newer record of an id may
 * come after an older one was already written; it is then written too and the database keeps the newer
 * (its upsert only replaces older rows). Per id only a small entry stays in memory, never the record.
 */
export class IngestRun {
  files = 0;
  lines = 0;
  read = 0;
  duplicates = 0;
  rejected = 0;
  queued = 0;
  notQueued = 0;
  aborted = false;
  private readonly rejections: Rejection[] = [];
  private readonly seen = new Map<number, SeenId>();
  private readonly pending = new Map<number, IngestEvent>();
  private pendingChars = 0;
  private readonly startedAt: number;

  constructor(
    readonly source: string,
    readonly force = false,
    private readonly maxRejections = DEFAULT_MAX_REJECTIONS,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
  }

  reject(file: string, line: number, reason: string): void {
    this.rejected++;
    if (this.rejections.length < this.maxRejections) this.rejections.push({ file, line, reason });
  }

  /** Takes a valid record: it joins the next batch unless this run already has a newer or equal one. */
  offer(event: IngestEvent): void {
    const seen = this.seen.get(event.id);
    if (!seen) {
      this.seen.set(event.id, { lastUpdatedMicros: event.lastUpdatedMicros });
      this.hold(event);
      return;
    }
    this.duplicates++;
    if (event.lastUpdatedMicros <= seen.lastUpdatedMicros) return;
    seen.lastUpdatedMicros = event.lastUpdatedMicros;
    this.hold(event);
  }

  /** Records waiting to be written, and roughly how much text they carry. */
  get pendingSize(): { rows: number; chars: number } {
    return { rows: this.pending.size, chars: this.pendingChars };
  }

  takeBatch(): IngestEvent[] {
    const batch = [...this.pending.values()];
    this.pending.clear();
    this.pendingChars = 0;
    return batch;
  }

  /** The upsert's answer for a batch: ids it returned were inserted or rewritten, the others unchanged. */
  recordWritten(batch: IngestEvent[], written: WrittenRow[]): void {
    const byId = new Map(written.map((row) => [row.id, row]));
    for (const event of batch) {
      const row = byId.get(event.id);
      const seen = this.seen.get(event.id)!;
      seen.outcome = merge(seen.outcome, row ? (row.inserted ? 'new' : 'updated') : 'unchanged');
    }
  }

  summary(): IngestSummary {
    const counts: Record<RowOutcome, number> = { new: 0, updated: 0, unchanged: 0 };
    for (const { outcome } of this.seen.values()) if (outcome) counts[outcome]++;
    return {
      source: this.source,
      files: this.files,
      lines: this.lines,
      read: this.read,
      ...counts,
      duplicates: this.duplicates,
      rejected: this.rejected,
      rejections: [...this.rejections],
      rejectionsOmitted: this.rejected - this.rejections.length,
      queued: this.queued,
      notQueued: this.notQueued,
      force: this.force,
      aborted: this.aborted,
      durationMs: this.now() - this.startedAt,
    };
  }

  private hold(event: IngestEvent): void {
    const replaced = this.pending.get(event.id);
    if (replaced) this.pendingChars -= replaced.fullText.length;
    this.pending.set(event.id, event);
    this.pendingChars += event.fullText.length;
  }
}
