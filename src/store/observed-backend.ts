import { StoreUnavailableError } from '../errors.js';
import type { Metrics } from '../ports/metrics.js';
import type { Backend } from './backend.js';

/** The keyv methods that reach the store (as the store guard wraps them). */
const KV_METHODS = new Set(['get', 'set', 'delete', 'clear', 'has', 'getMany', 'setMany', 'deleteMany', 'hasMany']);
/** Backend methods that are not store operations (or report failures themselves). */
const UNCOUNTED = new Set(['close', 'status', 'ping']);

/**
 * Counts every failed store operation, as its caller sees it (after the guard's retries):
 * `busy` and `down` from `StoreUnavailableError`, `other` for anything else. Wraps methods by name
 * at call time like the guard does, so methods added to a backend later are counted too.
 */
export function observeBackend(backend: Backend, metrics: Metrics): Backend {
  const counted = <T>(call: () => Promise<T>): Promise<T> =>
    call().catch((error: unknown) => {
      metrics.storeError(backend.kind, error instanceof StoreUnavailableError ? error.reason : 'other');
      throw error;
    });
  const around = <T extends object>(target: T, counts: (prop: string) => boolean): T =>
    new Proxy(target, {
      get(t, prop) {
        const value: unknown = Reflect.get(t, prop, t);
        if (typeof prop !== 'string' || typeof value !== 'function' || !counts(prop)) return value;
        const method = value as (...args: unknown[]) => unknown;
        return (...args: unknown[]) => counted(async () => method.apply(t, args));
      },
    });
  const kv = around(backend.kv, (name) => KV_METHODS.has(name));
  return around(
    new Proxy(backend, { get: (t, prop) => (prop === 'kv' ? kv : Reflect.get(t, prop, t)) }),
    (name) => !UNCOUNTED.has(name),
  );
}
