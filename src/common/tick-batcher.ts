/**
 * Gathers the items handed to it until pending promise work has run (setImmediate) and processes them
 * with one call, each caller getting its own result: concurrent jobs share one query instead of
 * queueing one each at a database that runs them one at a time.
 */
export class TickBatcher<I, O> {
  private pending: Array<{ item: I; resolve: (value: O) => void; reject: (error: unknown) => void }> = [];

  /** `process` answers with one result per item, in the order of the items. */
  constructor(private readonly process: (items: I[]) => Promise<O[]>) {}

  run(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(() => void this.flush());
      this.pending.push({ item, resolve, reject });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    try {
      const results = await this.process(batch.map((entry) => entry.item));
      batch.forEach((entry, index) => entry.resolve(results[index]));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  }
}
