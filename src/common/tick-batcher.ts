interface PendingItem<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers the items handed to it and processes them with one call, each caller getting its own result:
 * concurrent jobs share one query instead of queueing one each at a database that runs them one at a
 * time. A batch starts once pending promise work has run (setImmediate); items that arrive while it
 * runs gather for the next one, which starts when it ends. Jobs finish one by one, each in its own tick,
 * so batching by tick alone gave batches of about one row under load: 2.8 statements per embedded row
 * (bench:pipeline). Waiting for the batch in flight costs nothing on a database that would have run
 * the queries one after another anyway.
 */
export class TickBatcher<I, O> {
  private pending: Array<PendingItem<I, O>> = [];
  private scheduled = false;
  private running = false;

  /** `process` answers with one result per item, in the order of the items. */
  constructor(private readonly process: (items: I[]) => Promise<O[]>) {}

  run(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running || this.pending.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.running = true;
    try {
      const results = await this.process(batch.map((entry) => entry.item));
      batch.forEach((entry, index) => entry.resolve(results[index]));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    } finally {
      this.running = false;
      this.schedule();
    }
  }
}
