import { TickBatcher } from './tick-batcher';

/**
 * Loads the keys asked for in one tick with one call: a list of 100 talks asking for their like counts
 * costs one query, not 100. A key asked for twice is fetched once.
 */
export class KeyedBatchLoader<K, V> {
  private readonly batcher: TickBatcher<K, V>;

  constructor(fetch: (keys: K[]) => Promise<Map<K, V>>, missing: V) {
    this.batcher = new TickBatcher(async (keys) => {
      const values = await fetch([...new Set(keys)]);
      return keys.map((key) => (values.has(key) ? values.get(key)! : missing));
    });
  }

  load(key: K): Promise<V> {
    return this.batcher.run(key);
  }
}
