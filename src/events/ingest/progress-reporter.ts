import type { IngestProgress } from './events-ingest.service';

export interface ProgressOutput {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

const BAR_WIDTH = 28;
const TTY_INTERVAL_MS = 100;
const LINE_INTERVAL_MS = 5000;

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function describeProgress(p: IngestProgress): string {
  const amount = p.totalBytes ? `${formatBytes(p.bytes)} / ${formatBytes(p.totalBytes)}` : formatBytes(p.bytes);
  return `${amount}, ${p.lines.toLocaleString('en-US')} lines, ${p.read.toLocaleString('en-US')} records`;
}

/**
 * Progress of a run on stderr: a bar redrawn in place on a terminal; elsewhere (a log file, a CI job)
 * one plain line every few seconds and a last one at the end, since carriage returns would only pile up.
 */
export class ProgressReporter {
  private lastAt = 0;
  private latest?: IngestProgress;

  constructor(
    private readonly out: ProgressOutput,
    private readonly now: () => number = Date.now,
    private readonly intervalMs = out.isTTY ? TTY_INTERVAL_MS : LINE_INTERVAL_MS,
  ) {
    this.lastAt = now();
  }

  update(progress: IngestProgress): void {
    this.latest = progress;
    if (this.now() - this.lastAt < this.intervalMs) return;
    this.lastAt = this.now();
    this.render(progress);
  }

  /** Draws the final state (a full bar on a terminal) and ends the line. */
  finish(): void {
    if (!this.latest) return;
    this.render(this.latest);
    if (this.out.isTTY) this.out.write('\n');
    this.latest = undefined;
  }

  private render(p: IngestProgress): void {
    if (!this.out.isTTY) {
      this.out.write(`ingest progress: ${describeProgress(p)}\n`);
      return;
    }
    const fraction = p.totalBytes ? Math.min(1, p.bytes / p.totalBytes) : null;
    const bar =
      fraction === null
        ? ''
        : `[${'#'.repeat(Math.round(fraction * BAR_WIDTH)).padEnd(BAR_WIDTH, '.')}] ${String(Math.floor(fraction * 100)).padStart(3)}%  `;
    const text = `${bar}${describeProgress(p)}`.slice(0, Math.max(20, (this.out.columns ?? 80) - 1));
    // \r and clear-to-end-of-line: the bar is redrawn in place.
    this.out.write(`\r${text}\x1b[K`);
  }
}
