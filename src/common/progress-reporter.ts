/** Where progress goes: process.stderr, or anything with the same few members (tests). */
export interface ProgressOutput {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** How one kind of run words its progress. */
export interface ProgressFormat<P> {
  /** Starts every plain line, e.g. "ingest progress". */
  label: string;
  /** The counts, e.g. "1.0 MB / 2.0 MB, 5,000 lines, 5,000 records". */
  describe(progress: P): string;
  /** Share done in [0, 1], or null when the total is unknown (then no bar is drawn). */
  fraction(progress: P): number | null;
}

const BAR_WIDTH = 28;
const TTY_INTERVAL_MS = 100;
const LINE_INTERVAL_MS = 5000;

/**
 * Progress of a command-line run on stderr: a bar redrawn in place on a terminal; elsewhere (a log file,
 * a CI job) one plain line every few seconds and a last one at the end, since carriage returns would
 * only pile up. Shared by the ingest and generate commands, each with its own wording.
 */
export class ProgressReporter<P> {
  private lastAt = 0;
  private latest?: P;

  constructor(
    private readonly out: ProgressOutput,
    private readonly format: ProgressFormat<P>,
    private readonly now: () => number = Date.now,
    private readonly intervalMs = out.isTTY ? TTY_INTERVAL_MS : LINE_INTERVAL_MS,
  ) {
    this.lastAt = now();
  }

  update(progress: P): void {
    this.latest = progress;
    if (this.now() - this.lastAt < this.intervalMs) return;
    this.lastAt = this.now();
    this.render(progress);
  }

  /** Draws the final state (a full bar on a terminal) and ends the line. */
  finish(): void {
    if (this.latest === undefined) return;
    this.render(this.latest);
    if (this.out.isTTY) this.out.write('\n');
    this.latest = undefined;
  }

  private render(progress: P): void {
    if (!this.out.isTTY) {
      this.out.write(`${this.format.label}: ${this.format.describe(progress)}\n`);
      return;
    }
    const fraction = this.format.fraction(progress);
    const shown = fraction === null ? null : Math.min(1, Math.max(0, fraction));
    const bar = shown === null ? '' : `[${'#'.repeat(Math.round(shown * BAR_WIDTH)).padEnd(BAR_WIDTH, '.')}] ${String(Math.floor(shown * 100)).padStart(3)}%  `;
    const text = `${bar}${this.format.describe(progress)}`.slice(0, Math.max(20, (this.out.columns ?? 80) - 1));
    // \r and clear-to-end-of-line: the bar is redrawn in place.
    this.out.write(`\r${text}\x1b[K`);
  }
}
