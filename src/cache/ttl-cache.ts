/** A cache of looked-up values, each reused for a while, holding a bounded number of them. */
export interface TtlCache<V> {
  /** The value stored for `key` less than `ttlMs` ago, else undefined. */
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  readonly size: number;
}

/**
 * A Map kept in the order values were stored (a value stored again moves to the end), so the
 * oldest come first: each `set` drops the expired ones from the front, and the oldest beyond
 * `maxEntries`. A cache keyed by user that only ever replaced stale entries kept one per person
 * who had ever run a command; a library LRU would do, but none is a dependency and this is all
 * that is needed. `now`: the injected clock's, in ms.
 */
export function createTtlCache<V>(ttlMs: number, maxEntries: number, now: () => number): TtlCache<V> {
  const entries = new Map<string, { value: V; at: number }>();
  return {
    get(key) {
      const hit = entries.get(key);
      return hit && now() - hit.at < ttlMs ? hit.value : undefined;
    },
    set(key, value) {
      const t = now();
      entries.delete(key);
      entries.set(key, { value, at: t });
      for (const [k, e] of entries) {
        if (t - e.at < ttlMs && entries.size <= maxEntries) break;
        entries.delete(k);
      }
    },
    get size() {
      return entries.size;
    },
  };
}
