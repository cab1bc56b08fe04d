import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type Keyv from 'keyv';
import { StoreUnavailableError, type StoreFault } from '../errors.js';
import type { Backend } from './backend.js';
import { HEALTH_MAP } from './keys.js';
import type { StoreProof, StoreStatusTracker } from './store-status.js';

/** Bound on each store operation of an interactive command (ms): leaves room in the platforms' 3 s windows. */
export const INTERACTIVE_STORE_TIMEOUT_MS = 2000;
/** Bound on each store operation of background work (ms): deliveries, the search index warm-up. */
export const BACKGROUND_STORE_TIMEOUT_MS = 30_000;
/** Bound on a health probe (ms). */
const PING_TIMEOUT_MS = 1000;

const budget = new AsyncLocalStorage<number>();

/** Runs `fn` with every store operation inside it (awaited or not) bounded by `ms`. */
export function withStoreTimeout<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  return budget.run(ms, fn);
}

/**
 * Says whether a backend's error means the store is `busy`, `down` (unreachable) or answering
 * with a fault that stops writes (full, read-only, disk errors); undefined for anything else (a bug).
 */
export type Classify = (error: unknown) => 'busy' | 'down' | StoreFault | undefined;

/** A backend before the guard adds its health probe. */
export type RawBackend = Omit<Backend, 'ping' | 'status'>;

export interface GuardOptions {
  status: StoreStatusTracker;
  classify: Classify;
  /** Bound outside `withStoreTimeout` (ms); BACKGROUND_STORE_TIMEOUT_MS by default. */
  timeoutMs?: number;
}

/** The keyv methods that reach the store. */
const KV_METHODS = new Set(['get', 'set', 'delete', 'clear', 'has', 'getMany', 'setMany', 'deleteMany', 'hasMany']);
/**
 * Methods (of a backend or its keyv) that only read. Their success does not end a lock or a fault,
 * which block writes only; any other method counts as a write, so one added later errs that way.
 */
const READS = new Set([
  'get',
  'has',
  'getMany',
  'hasMany',
  'mapGet',
  'mapEntries',
  'mapGetMany',
  'mapTopNumbers',
  'mapEntriesMany',
]);

class StoreTimeout extends Error {}

/**
 * Wraps every method of a backend (and its keyv) so that a store fault surfaces as one error
 * type, within a bound, and is logged once by the status tracker:
 * - each call is bounded by the `withStoreTimeout` budget (or `timeoutMs`);
 * - a `busy` failure (SQLite locked) is retried, yielding to the event loop between attempts,
 *   until the bound; so a method retried must be one statement or one transaction, which every
 *   SQLite method is;
 * - `busy` / `down` failures and faults become `StoreUnavailableError`; other errors pass through unchanged;
 * - a lock or fault ends only with a write that succeeds (reads work through both), so while one
 *   lasts the health probe writes a small value rather than reads one.
 * Methods are wrapped by name at runtime, so methods added to a backend later are covered too.
 */
export function guardBackend(raw: RawBackend, options: GuardOptions): Backend {
  const { status, classify } = options;
  const fallback = options.timeoutMs ?? BACKGROUND_STORE_TIMEOUT_MS;

  async function run<T>(
    call: () => Promise<T>,
    proof: StoreProof,
    boundMs = budget.getStore() ?? fallback,
  ): Promise<T> {
    const deadline = Date.now() + boundMs;
    for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
      try {
        const result = await bounded(call(), deadline - Date.now());
        status.up(proof);
        return result;
      } catch (error) {
        const found =
          error instanceof StoreTimeout
            ? 'down'
            : error instanceof StoreUnavailableError
              ? (error.fault ?? error.reason)
              : classify(error);
        if (!found) throw error;
        if (found === 'busy' && Date.now() + pause < deadline) {
          await delay(pause);
          continue;
        }
        const reason = found === 'busy' ? 'busy' : 'down';
        const fault = found === 'busy' || found === 'down' ? undefined : found;
        status.failed(reason, error, fault);
        throw new StoreUnavailableError(reason, raw.kind, { cause: error, fault });
      }
    }
  }

  const guarded: Record<string, unknown> = { ...raw };
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value !== 'function' || name === 'close') continue;
    const method = value as (...args: unknown[]) => Promise<unknown>;
    guarded[name] = (...args: unknown[]) => run(() => method.apply(raw, args), READS.has(name) ? 'read' : 'write');
  }
  const kv = new Proxy(raw.kv, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof prop !== 'string' || !KV_METHODS.has(prop) || typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => Promise<unknown>;
      return (...args: unknown[]) => run(() => method.apply(target, args), READS.has(prop) ? 'read' : 'write');
    },
  }) as Keyv;
  const backend = {
    ...guarded,
    kv,
    status: () => status.current(),
    async ping() {
      const bound = Math.min(PING_TIMEOUT_MS, budget.getStore() ?? fallback);
      // A fault ends with a write: probe with one, or readiness would wait for a command that a failing readiness keeps away.
      const probe = status.current().fault
        ? run(() => raw.mapSet(HEALTH_MAP, 'ping', String(Date.now())), 'write', bound)
        : run(() => raw.mapGet(HEALTH_MAP, 'ping'), 'read', bound);
      await probe.catch(() => undefined);
      return status.current();
    },
  };
  return backend as unknown as Backend;
}

/** Rejects with StoreTimeout after `ms`; a late result or failure of `promise` is dropped. */
function bounded<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreTimeout(`no answer within ${ms} ms`)), Math.max(ms, 0));
  });
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
