import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type Keyv from 'keyv';
import { StoreUnavailableError } from '../errors.js';
import type { Backend } from './backend.js';
import type { StoreStatusTracker } from './store-status.js';

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

/** Says whether a backend's error means the store is `busy` or `down`; undefined for anything else (a bug). */
export type Classify = (error: unknown) => 'busy' | 'down' | undefined;

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

class StoreTimeout extends Error {}

/**
 * Wraps every method of a backend (and its keyv) so that a store fault surfaces as one error
 * type, within a bound, and is logged once by the status tracker:
 * - each call is bounded by the `withStoreTimeout` budget (or `timeoutMs`);
 * - a `busy` failure (SQLite locked) is retried, yielding to the event loop between attempts,
 *   until the bound; so a method retried must be one statement or one transaction, which every
 *   SQLite method is;
 * - `busy` / `down` failures become `StoreUnavailableError`; other errors pass through unchanged.
 * Methods are wrapped by name at runtime, so methods added to a backend later are covered too.
 */
export function guardBackend(raw: RawBackend, options: GuardOptions): Backend {
  const { status, classify } = options;
  const fallback = options.timeoutMs ?? BACKGROUND_STORE_TIMEOUT_MS;

  async function run<T>(call: () => Promise<T>, boundMs = budget.getStore() ?? fallback): Promise<T> {
    const deadline = Date.now() + boundMs;
    for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
      try {
        const result = await bounded(call(), deadline - Date.now());
        status.up();
        return result;
      } catch (error) {
        const reason =
          error instanceof StoreTimeout
            ? 'down'
            : error instanceof StoreUnavailableError
              ? error.reason
              : classify(error);
        if (!reason) throw error;
        if (reason === 'busy' && Date.now() + pause < deadline) {
          await delay(pause);
          continue;
        }
        status.failed(reason, error);
        throw new StoreUnavailableError(reason, raw.kind, { cause: error });
      }
    }
  }

  const guarded: Record<string, unknown> = { ...raw };
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value !== 'function' || name === 'close') continue;
    const method = value as (...args: unknown[]) => Promise<unknown>;
    guarded[name] = (...args: unknown[]) => run(() => method.apply(raw, args));
  }
  const kv = new Proxy(raw.kv, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof prop !== 'string' || !KV_METHODS.has(prop) || typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => Promise<unknown>;
      return (...args: unknown[]) => run(() => method.apply(target, args));
    },
  }) as Keyv;
  const backend = {
    ...guarded,
    kv,
    status: () => status.current(),
    async ping() {
      await run(() => raw.mapGet('health', 'ping'), Math.min(PING_TIMEOUT_MS, budget.getStore() ?? fallback)).catch(
        () => undefined,
      );
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
