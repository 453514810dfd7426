import DataLoader from 'dataloader';

/**
 * A DataLoader for each GraphQL request, found by the request's context object (Nest's Apollo driver
 * makes a new one for each request): the fields of a request that ask for the same kind of value,
 * such as the like counts of 100 talks, cost one query, not 100. A key asked for twice is fetched
 * once, and the cache goes with the request, so no request sees values read for another.
 */
export class PerRequestLoader<K, V> {
  private readonly loaders = new WeakMap<object, DataLoader<K, V>>();

  /** `fetch` answers the keys it finds; the others get `missing`. */
  constructor(
    private readonly fetch: (keys: K[]) => Promise<Map<K, V>>,
    private readonly missing: V,
  ) {}

  load(request: object, key: K): Promise<V> {
    let loader = this.loaders.get(request);
    if (!loader) {
      loader = new DataLoader(async (keys) => {
        const found = await this.fetch([...keys]);
        return keys.map((key) => (found.has(key) ? found.get(key)! : this.missing));
      });
      this.loaders.set(request, loader);
    }
    return loader.load(key);
  }
}
