import { systemClock, type Clock } from '../ports/clock.js';

/** At most this often (ms, on the store's clock) a store deletes its expired plain values. */
export const KV_SWEEP_EVERY_MS = 60_000;

/** When plain values written now expire, and the sweep that deletes them once they have. */
export interface KvExpiry {
  /** When a value written now with `ttlMs` expires (ms since the epoch); null when it never does. */
  expiresAt(ttlMs: number | undefined): number | null;
  /** Deletes every expired value, if the last sweep is at least `KV_SWEEP_EVERY_MS` old. */
  maybeSweep(): Promise<void>;
}

/**
 * keyv drops an expired value only when someone reads it again; one nobody reads (the pages of a
 * search nobody turns) stayed in SQLite, PostgreSQL and memory for ever, one row per search. The
 * SQL and memory stores keep each value's expiry beside it and call `maybeSweep` on every write,
 * which runs `sweep(now)` at most once a minute: values only pile up through writes, so this
 * bounds them to the last TTL's worth, with no timer to start, stop or fake. Redis expires keys
 * itself (@keyv/redis sets them with PX).
 */
export function createKvExpiry(sweep: (now: number) => unknown, clock: Clock = systemClock): KvExpiry {
  let lastSweep = -Infinity;
  return {
    expiresAt: (ttlMs) => (typeof ttlMs === 'number' && ttlMs > 0 ? clock.now() + ttlMs : null),
    async maybeSweep() {
      const now = clock.now();
      if (now - lastSweep < KV_SWEEP_EVERY_MS) return;
      lastSweep = now;
      await sweep(now);
    },
  };
}
