/**
 * Collects the keys asked for until pending promise work has run (setImmediate) and fetches them with one call: a list of 100 talks
 * asking for their like counts costs one query, not 100. One loader serves one request.
 */
export class KeyedBatchLoader<K, V> {
  private pending: Array<{ key: K; resolve: (value: V) => void; reject: (error: unknown) => void }> = [];

  constructor(
    private readonly fetch: (keys: K[]) => Promise<Map<K, V>>,
    private readonly missing: V,
  ) {}

  load(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(() => void this.flush());
      this.pending.push({ key, resolve, reject });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    try {
      const values = await this.fetch([...new Set(batch.map((item) => item.key))]);
      for (const item of batch) item.resolve(values.has(item.key) ? values.get(item.key)! : this.missing);
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
  }
}
