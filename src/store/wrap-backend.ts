import type { PlainValues, StoreOperations } from './backend.js';

/** A store operation by name: a `StoreOperations` method, or a plain-value call (`kv.get`, …). */
export type OperationName = Exclude<keyof StoreOperations, 'kv'> | `kv.${keyof PlainValues}`;

/**
 * Whether an operation only reads. A read's success does not end a lock or a fault, which block
 * writes only (`guard.ts`); every other operation counts as a write.
 */
export type OperationKind = 'read' | 'write';

/** Runs one operation: `call` reaches the wrapped store; `around` may bound it, retry it, count its failure. */
export type Around = <T>(call: () => Promise<T>, name: OperationName, kind: OperationKind) => Promise<T>;

/**
 * `inner`'s operations, each call run through `around`. This is the one list of a backend's
 * operations: one added to `StoreOperations` is a type error here until it is listed, so no
 * wrapper (the guard, the error counter, a test's fault injection) can miss it.
 */
export function wrapOperations(inner: StoreOperations, around: Around): StoreOperations {
  const read = <T>(name: OperationName, call: () => Promise<T>) => around(call, name, 'read');
  const write = <T>(name: OperationName, call: () => Promise<T>) => around(call, name, 'write');
  return {
    kv: {
      get: <T>(key: string) => read('kv.get', () => inner.kv.get<T>(key)),
      set: (key, value, ttlMs) => write('kv.set', () => inner.kv.set(key, value, ttlMs)),
      delete: (key) => write('kv.delete', () => inner.kv.delete(key)),
    },
    mapGet: (map, field) => read('mapGet', () => inner.mapGet(map, field)),
    mapSet: (map, field, value) => write('mapSet', () => inner.mapSet(map, field, value)),
    mapSetIfAbsent: (map, field, value) => write('mapSetIfAbsent', () => inner.mapSetIfAbsent(map, field, value)),
    mapDelete: (map, field) => write('mapDelete', () => inner.mapDelete(map, field)),
    mapEntries: (map) => read('mapEntries', () => inner.mapEntries(map)),
    mapGetMany: (map, fields) => read('mapGetMany', () => inner.mapGetMany(map, fields)),
    mapTopNumbers: (map, limit) => read('mapTopNumbers', () => inner.mapTopNumbers(map, limit)),
    mapEntriesMany: (maps) => read('mapEntriesMany', () => inner.mapEntriesMany(maps)),
    batch: (writes) => write('batch', () => inner.batch(writes)),
    mapCompareAndSet: (map, field, expected, next) =>
      write('mapCompareAndSet', () => inner.mapCompareAndSet(map, field, expected, next)),
    applyReaction: (change) => write('applyReaction', () => inner.applyReaction(change)),
    acquireLease: (name, owner, ttlMs) => write('acquireLease', () => inner.acquireLease(name, owner, ttlMs)),
    releaseLease: (name, owner) => write('releaseLease', () => inner.releaseLease(name, owner)),
    claimOnce: (name, ttlMs) => write('claimOnce', () => inner.claimOnce(name, ttlMs)),
    putPapers: (papers) => write('putPapers', () => inner.putPapers(papers)),
    searchPapers: (query, limit) => read('searchPapers', () => inner.searchPapers(query, limit)),
    indexStoredPapers: (max) => write('indexStoredPapers', () => inner.indexStoredPapers(max)),
    clear: () => write('clear', () => inner.clear()),
  };
}
