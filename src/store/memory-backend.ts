import Keyv from 'keyv';
import type { Backend, BackendOptions } from './backend.js';
import { guardBackend } from './guard.js';
import { createStoreStatus } from './store-status.js';

/** Everything in process memory: for tests and `STORE_URL=memory://`. Lost on exit. */
export function createMemoryBackend(options: BackendOptions = {}): Backend {
  const maps = new Map<string, Map<string, string>>();
  const leases = new Map<string, { owner: string; expiresAt: number }>();
  const kv = new Keyv({ namespace: options.namespace ?? 'paperfeed' });
  const mapOf = (name: string) => {
    let m = maps.get(name);
    if (!m) maps.set(name, (m = new Map()));
    return m;
  };
  return guardBackend({
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
    async acquireLease(name, owner, ttlMs) {
      const now = Date.now();
      const held = leases.get(name);
      if (held && held.owner !== owner && held.expiresAt > now) return false;
      leases.set(name, { owner, expiresAt: now + ttlMs });
      return true;
    },
    async releaseLease(name, owner) {
      if (leases.get(name)?.owner === owner) leases.delete(name);
    },
    async clear() {
      maps.clear();
      leases.clear();
      await kv.clear();
    },
    async close() {},
  }, { status: createStoreStatus('memory', options.logger), classify: () => undefined });
}
