import type { ReactionChange, ReactionResult } from './reaction-step.js';

/** What `mapTopNumbers` answers. */
export interface TopNumbers {
  top: [field: string, value: number][];
  count: number;
  sum: number;
}

/** `mapTopNumbers` over values already in hand (memory, and the reference for the others). */
export function topNumbers(entries: Iterable<[string, string]>, limit: number): TopNumbers {
  const all = [...entries]
    .map(([f, v]): [string, number] => [f, Number(v)])
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  const cut = all.length >= limit ? all[limit - 1]![1] : 1;
  return { top: all.filter(([, n]) => n >= cut), count: all.length, sum: all.reduce((s, [, n]) => s + n, 0) };
}

/** One write of an atomic batch: set a field, set it only when absent, or delete it. */
export type MapWrite =
  | { map: string; field: string; set: string }
  | { map: string; field: string; setIfAbsent: string }
  | { map: string; field: string; delete: true };
import type { Paper } from '../model.js';
import type { LocalHit } from '../search/query.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { StoreStatus } from './store-status.js';

/**
 * Plain values with an optional time to live, through keyv; all the stores need of it. `ttlMs` in
 * ms (none: kept until deleted).
 */
export interface PlainValues {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlMs?: number): Promise<unknown>;
  delete(key: string): Promise<boolean>;
}

/**
 * The storage primitives each backend provides: every call that reaches the store. Plain values
 * go through keyv; the operations below must be atomic under concurrency (two instances sharing
 * Redis or PostgreSQL), which keyv's get/set cannot promise, so each backend implements them with
 * its own atomic operations (Redis HSETNX / Lua, PostgreSQL and SQLite `INSERT … ON CONFLICT`).
 * `wrap-backend.ts` lists them once, for the wrappers (the guard, the error counter).
 */
export interface StoreOperations {
  /** Plain values with optional TTL. */
  readonly kv: PlainValues;
  mapGet(map: string, field: string): Promise<string | undefined>;
  mapSet(map: string, field: string, value: string): Promise<void>;
  /** Sets the field only when it has no value; true when this call set it. */
  mapSetIfAbsent(map: string, field: string, value: string): Promise<boolean>;
  /** True when the field existed. */
  mapDelete(map: string, field: string): Promise<boolean>;
  mapEntries(map: string): Promise<Map<string, string>>;
  /** Several fields of one map in one round trip, in the order asked (undefined where absent). */
  mapGetMany(map: string, fields: readonly string[]): Promise<(string | undefined)[]>;
  /**
   * A map of whole-number values read for a ranking, on the store's side: the fields whose value
   * reaches the `limit`-th largest (so every tie at the cut), largest first, and the count and sum
   * of all positive values. One round trip, without sending the whole map.
   */
  mapTopNumbers(map: string, limit: number): Promise<TopNumbers>;
  /** Several whole maps in one round trip, in the order asked. */
  mapEntriesMany(maps: readonly string[]): Promise<Map<string, string>[]>;
  /** Applies every write or none (one transaction, one `MULTI`). */
  batch(writes: readonly MapWrite[]): Promise<void>;
  /**
   * Sets the field to `next` (deletes it when `next` is undefined) only while it still holds
   * `expected` (undefined: absent). True when this call changed it.
   */
  mapCompareAndSet(
    map: string,
    field: string,
    expected: string | undefined,
    next: string | undefined,
  ): Promise<boolean>;
  /** Records one reaction event and derives the voter's vote from it, atomically (see reaction-step.ts). */
  applyReaction(change: ReactionChange): Promise<ReactionResult>;
  /**
   * Takes or renews the lease `name` for `owner` for `ttlMs`. Succeeds when the lease is free,
   * expired, or already `owner`'s; true when `owner` holds it afterwards.
   */
  acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up if `owner` holds it. */
  releaseLease(name: string, owner: string): Promise<void>;
  /**
   * Records `name` for `ttlMs` unless it is recorded already and not expired: true for the one
   * call that recorded it, false for every other until the time is over, across all instances.
   * Expired names are forgotten (pruned), so they do not pile up.
   */
  claimOnce(name: string, ttlMs: number): Promise<boolean>;
  /**
   * Stores papers in `PAPERS_MAP` (newest wins, except that an arXiv-only record never replaces a
   * stored one) and indexes their text for `searchPapers`, in one transaction. Papers are written
   * only through here, so the index always matches them.
   */
  putPapers(papers: readonly Paper[]): Promise<void>;
  /** The ids of the stored papers best matching `query`, best first (`src/search/`: AND, else any word; the last word a prefix). */
  searchPapers(query: string, limit: number): Promise<LocalHit[]>;
  /**
   * Indexes up to `max` of the papers stored before the search index existed (a store written by
   * an earlier version); resumable: each step records how far it got. Done once none are left.
   */
  indexStoredPapers(max: number): Promise<IndexStep>;
  /** Removes everything this backend stored under its namespace (tests, `doctor --reset`). */
  clear(): Promise<void>;
}

/** What one step of `indexStoredPapers` did. */
export interface IndexStep {
  indexed: number;
  done: boolean;
}

/** A store as a backend module opens it, before the guard (`guard.ts`) bounds it and adds its health probe. */
export interface RawBackend extends StoreOperations {
  readonly kind: 'memory' | 'sqlite' | 'redis' | 'postgres';
  /** True when several processes can share it (Redis, PostgreSQL). SQLite is single-instance. */
  readonly shared: boolean;
  close(): Promise<void>;
}

/**
 * The storage port the stores are built on. Every operation fails with `StoreUnavailableError`
 * (reason `busy` or `down`) within a bound when the store cannot answer (`guard.ts`); each
 * backend only says which of its errors mean that.
 */
export interface Backend extends RawBackend {
  /** Health probe: a small read bounded to about 1 s, then the state as it stands. */
  ping(): Promise<StoreStatus>;
  /** The state as last seen (operations and connection events), without touching the store. */
  status(): StoreStatus;
  /**
   * The same store, each operation bounded by `timeoutMs` instead: an interactive command's
   * 2 s (`INTERACTIVE_STORE_TIMEOUT_MS`), a probe's 1 s. Shares the connection and the status.
   */
  withTimeout(timeoutMs: number): Backend;
}

export interface BackendOptions {
  /** Prefix for every key and map, so several deployments (or test runs) can share a server. */
  namespace?: string;
  /** Where outages and reconnects are logged (once each). */
  logger?: Logger;
  /** Bound on each operation (ms, default `BACKGROUND_STORE_TIMEOUT_MS`); `withTimeout` gives other bounds. See `guard.ts`. */
  timeoutMs?: number;
  /**
   * The clock of leases, claims and plain values' expiry, and of the bounds and busy retries
   * (`guard.ts`); the system clock by default. Leases shared by several processes need the system clock.
   */
  clock?: Clock;
  /**
   * Redis only: the local SQLite file that keeps this process's search index (`redis-search.ts`).
   * Without one, the index is kept in memory and built at each start.
   */
  searchIndexPath?: string;
}
