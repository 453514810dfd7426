/** The reference generator paused this long after every row (SLEEP=125 in its config.env). */
export const ROW_INTERVAL_MS = 125;

/**
 * The generator's notion of "now": it starts at a given instant and moves ROW_INTERVAL_MS forward per
 * written row, as the reference's clock moved with its throttle. Every time-dependent field (event
 * times, dates of birth, expiry dates, UUIDv7 timestamps) reads this clock and never the wall clock,
 * so a seeded run writes the same rows however fast or slow it actually runs.
 */
export class SimulatedClock {
  private rows = 0;

  constructor(readonly startMs: number) {}

  /** The instant of the row being built. */
  now(): number {
    return this.startMs + this.rows * ROW_INTERVAL_MS;
  }

  /** One row was built: the next one is ROW_INTERVAL_MS later. */
  advance(): void {
    this.rows++;
  }
}
