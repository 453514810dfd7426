/** A line of the source that was not loaded, and why. */
export interface Rejection {
  file: string;
  /** 1-based line number in that file, blank lines included. */
  line: number;
  reason: string;
}

/**
 * What one ingestion run did. Every non-blank line is counted once:
 * read = new + updated + unchanged + duplicates + rejected.
 */
export interface IngestSummary {
  /** The source as given (a URL without its credentials). */
  source: string;
  /** Files (or URLs) read. */
  files: number;
  /** Lines read, blank ones included. */
  lines: number;
  /** Records seen: the non-blank lines. */
  read: number;
  /** Talks the database did not have. */
  new: number;
  /** Talks rewritten because the record was newer (or, with force, equally new and different). */
  updated: number;
  /** Talks whose stored row was as new as the record or newer: nothing written. */
  unchanged: number;
  /** Records of a talk that this run also read in a newer (or an earlier, equally new) record. */
  duplicates: number;
  rejected: number;
  /** The first rejections (see rejectionsOmitted for the rest). */
  rejections: Rejection[];
  rejectionsOmitted: number;
  /** Embedding jobs queued: written talks whose text has no embedding yet. */
  queued: number;
  /** Written talks whose job could not be queued (Redis unreachable); the embedding sweep queues them. */
  notQueued: number;
  force: boolean;
  /** Stopped before the end (shutdown): the records after the last written batch were not loaded. */
  aborted: boolean;
  durationMs: number;
}

const pad = (n: number) => String(n).padStart(7);

/** The summary for a person: counts, then the rejected lines as file:line: reason. */
export function formatSummary(summary: IngestSummary): string {
  const files = `${summary.files} file${summary.files === 1 ? '' : 's'}`;
  const lines = [
    `${summary.aborted ? 'stopped while ingesting' : 'ingested'} ${summary.source} (${files}, ${summary.lines} lines) in ${summary.durationMs} ms${summary.force ? ' (force)' : ''}`,
    `  read      ${pad(summary.read)}`,
    `  new       ${pad(summary.new)}`,
    `  updated   ${pad(summary.updated)}`,
    `  unchanged ${pad(summary.unchanged)}`,
    `  duplicate ${pad(summary.duplicates)}`,
    `  rejected  ${pad(summary.rejected)}`,
    `  queued    ${pad(summary.queued)} embedding jobs${summary.notQueued ? ` (${summary.notQueued} could not be queued: the embedding sweep will)` : ''}`,
  ];
  if (summary.rejections.length > 0) {
    lines.push('rejected lines:');
    for (const r of summary.rejections) lines.push(`  ${r.file}:${r.line}: ${r.reason}`);
    if (summary.rejectionsOmitted > 0) lines.push(`  … and ${summary.rejectionsOmitted} more`);
  }
  return lines.join('\n');
}
