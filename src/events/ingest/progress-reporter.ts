import { ProgressFormat, ProgressOutput, ProgressReporter as CommandProgressReporter } from '../../common/progress-reporter';
import type { IngestProgress } from './events-ingest.service';

export type { ProgressOutput } from '../../common/progress-reporter';

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function describeProgress(p: IngestProgress): string {
  const amount = p.totalBytes ? `${formatBytes(p.bytes)} / ${formatBytes(p.totalBytes)}` : formatBytes(p.bytes);
  return `${amount}, ${p.lines.toLocaleString('en-US')} lines, ${p.read.toLocaleString('en-US')} records`;
}

/** Ingestion's wording: bytes read (a bar when every input's size is known), lines and records. */
export const INGEST_PROGRESS_FORMAT: ProgressFormat<IngestProgress> = {
  label: 'ingest progress',
  describe: describeProgress,
  fraction: (p) => (p.totalBytes ? p.bytes / p.totalBytes : null),
};

/** The command-line progress display with ingestion's wording. */
export class ProgressReporter extends CommandProgressReporter<IngestProgress> {
  constructor(out: ProgressOutput, now?: () => number, intervalMs?: number) {
    super(out, INGEST_PROGRESS_FORMAT, now, intervalMs);
  }
}
