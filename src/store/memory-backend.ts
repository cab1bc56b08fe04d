import Keyv from 'keyv';
import { topNumbers, type Backend, type BackendOptions, type MapWrite } from './backend.js';
import { reactionStep } from './reaction-step.js';
import { guardBackend } from './guard.js';
import { createStoreStatus } from './store-status.js';
import { createKvExpiry, type KvExpiry } from './kv-expiry.js';
import { systemClock, type Clock } from '../ports/clock.js';
import { PAPERS_MAP } from './keys.js';
import { processIndexedPapers } from './process-index.js';

/** A memory backend, which can also say what it holds. */
export interface MemoryBackend extends Backend {
  /** The keys of the plain values held now (keyv's, namespace included), expired ones not yet swept too. */
  plainKeys(): string[];
}

/** Everything in process memory: for tests and `STORE_URL=memory://`. Lost on exit. */
export function createMemoryBackend(options: BackendOptions = {}): MemoryBackend {
  const clock = options.clock ?? systemClock;
  const maps = new Map<string, Map<string, string>>();
  const leases = new Map<string, { owner: string; expiresAt: number }>();
  const claims = new Map<string, number>(); // name → expiry (ms since the epoch)
  const values = new ExpiringMap(clock);
  const kv = new Keyv({ store: values, namespace: options.namespace ?? 'paperfeed' });
  const mapOf = (name: string) => {
    let m = maps.get(name);
    if (!m) maps.set(name, (m = new Map()));
    return m;
  };
  const apply = (w: MapWrite) => {
    if ('delete' in w) maps.get(w.map)?.delete(w.field);
    else if ('set' in w) mapOf(w.map).set(w.field, w.set);
    else if (!mapOf(w.map).has(w.field)) mapOf(w.map).set(w.field, w.setIfAbsent);
  };
  const papers = processIndexedPapers({
    has: async (ids) => ids.map((id) => maps.get(PAPERS_MAP)?.has(id) ?? false),
    set: async (entries) => entries.forEach(([id, json]) => mapOf(PAPERS_MAP).set(id, json)),
    async page(cursor, max) {
      const all = [...(maps.get(PAPERS_MAP) ?? [])];
      const from = cursor === undefined ? 0 : Number(cursor);
      const entries = all.slice(from, from + max);
      return { entries, next: from + max < all.length ? String(from + max) : undefined };
    },
  });
  const backend = guardBackend(
    {
      kind: 'memory',
      shared: false,
      kv,
      async mapGet(map, field) {
        return maps.get(map)?.get(field);
      },
      async mapSet(map, field, value) {
        mapOf(map).set(field, value);
      },
      async mapSetIfAbsent(map, field, value) {
        const m = mapOf(map);
        if (m.has(field)) return false;
        m.set(field, value);
        return true;
      },
      async mapDelete(map, field) {
        return maps.get(map)?.delete(field) ?? false;
      },
      async mapEntries(map) {
        return new Map(maps.get(map) ?? []);
      },
      async mapGetMany(map, fields) {
        return fields.map((f) => maps.get(map)?.get(f));
      },
      async mapTopNumbers(map, limit) {
        return topNumbers(maps.get(map) ?? [], limit);
      },
      async mapEntriesMany(names) {
        return names.map((n) => new Map(maps.get(n) ?? []));
      },
      async batch(writes) {
        writes.forEach(apply);
      },
      async mapCompareAndSet(map, field, expected, next) {
        if (maps.get(map)?.get(field) !== expected) return false;
        if (next === undefined) maps.get(map)?.delete(field);
        else mapOf(map).set(field, next);
        return true;
      },
      async applyReaction(change) {
        const step = reactionStep((x) => maps.get(x.map)?.get(x.field), change);
        for (const w of step.writes) apply(w.value === undefined ? { ...w, delete: true } : { ...w, set: w.value });
        return step.result;
      },
      async acquireLease(name, owner, ttlMs) {
        const now = clock.now();
        const held = leases.get(name);
        if (held && held.owner !== owner && held.expiresAt > now) return false;
        leases.set(name, { owner, expiresAt: now + ttlMs });
        return true;
      },
      async releaseLease(name, owner) {
        if (leases.get(name)?.owner === owner) leases.delete(name);
      },
      async claimOnce(name, ttlMs) {
        const now = clock.now();
        for (const [n, until] of claims) if (until <= now) claims.delete(n);
        if (claims.has(name)) return false;
        claims.set(name, now + ttlMs);
        return true;
      },
      putPapers: papers.putPapers,
      searchPapers: papers.searchPapers,
      indexStoredPapers: papers.indexStoredPapers,
      async clear() {
        papers.reset();
        maps.clear();
        leases.clear();
        claims.clear();
        await kv.clear();
      },
      async close() {},
    },
    {
      status: createStoreStatus('memory', options.logger, clock.now),
      classify: () => undefined,
      timeoutMs: options.timeoutMs,
      clock,
    },
  );
  return { ...backend, plainKeys: () => [...values.keys()] };
}

/**
 * keyv's storage: a Map (as keyv's default) that also keeps each value's expiry, so expired values
 * are swept (`kv-expiry.ts`) rather than kept until read. keyv calls `set(key, value, ttlMs)`.
 */
class ExpiringMap extends Map<string, unknown> {
  private readonly expiries = new Map<string, number>();
  private readonly expiry: KvExpiry;

  constructor(clock: Clock) {
    super();
    this.expiry = createKvExpiry((now) => {
      for (const [key, at] of this.expiries) if (at <= now) this.delete(key);
    }, clock);
  }

  override set(key: string, value: unknown, ttlMs?: number): this {
    super.set(key, value);
    const at = this.expiry.expiresAt(ttlMs);
    if (at === null) this.expiries.delete(key);
    else this.expiries.set(key, at);
    // Synchronous: the sweep of a Map has nothing to wait for.
    void this.expiry.maybeSweep();
    return this;
  }

  override delete(key: string): boolean {
    this.expiries.delete(key);
    return super.delete(key);
  }

  override clear(): void {
    this.expiries.clear();
    super.clear();
  }
}
