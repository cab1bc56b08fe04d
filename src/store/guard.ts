import { StoreUnavailableError, type StoreFault } from '../errors.js';
import { systemClock, type Clock } from '../ports/clock.js';
import type { Backend, RawBackend } from './backend.js';
import { HEALTH_MAP } from './keys.js';
import type { StoreStatusTracker } from './store-status.js';
import { wrapOperations, type OperationKind } from './wrap-backend.js';

/** Bound on each store operation of an interactive command (ms): leaves room in the platforms' 3 s windows. */
export const INTERACTIVE_STORE_TIMEOUT_MS = 2000;
/** Bound on each store operation of background work (ms): deliveries, votes, the search index warm-up. */
export const BACKGROUND_STORE_TIMEOUT_MS = 30_000;
/** Bound on a health probe (ms). */
const PING_TIMEOUT_MS = 1000;

/**
 * Says whether a backend's error means the store is `busy`, `down` (unreachable) or answering
 * with a fault that stops writes (full, read-only, disk errors); undefined for anything else (a bug).
 */
export type Classify = (error: unknown) => 'busy' | 'down' | StoreFault | undefined;

export interface GuardOptions {
  status: StoreStatusTracker;
  classify: Classify;
  /** Bound on each operation (ms); BACKGROUND_STORE_TIMEOUT_MS by default. `withTimeout` gives other bounds. */
  timeoutMs?: number;
  /** Times the bounds and the pauses between busy retries (default the system clock). */
  clock?: Clock;
}

class StoreTimeout extends Error {}

/**
 * Bounds every operation of a backend so that a store fault surfaces as one error type, within
 * a bound, and is logged once by the status tracker:
 * - each call is bounded by the backend's `timeoutMs` (a view from `withTimeout` has its own);
 * - a `busy` failure (SQLite locked) is retried, yielding to the event loop between attempts,
 *   until the bound; so a method retried must be one statement or one transaction, which every
 *   SQLite method is;
 * - `busy` / `down` failures and faults become `StoreUnavailableError`; other errors pass through unchanged;
 * - a lock or fault ends only with a write that succeeds (reads work through both), so while one
 *   lasts the health probe writes a small value rather than reads one.
 */
export function guardBackend(raw: RawBackend, options: GuardOptions): Backend {
  const { status, classify } = options;
  const clock = options.clock ?? systemClock;

  async function run<T>(call: () => Promise<T>, kind: OperationKind, boundMs: number): Promise<T> {
    const bound = startBound(clock, boundMs);
    try {
      for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
        try {
          const result = await Promise.race([call(), bound.expired]);
          status.up(kind);
          return result;
        } catch (error) {
          const found =
            error instanceof StoreTimeout
              ? 'down'
              : error instanceof StoreUnavailableError
                ? (error.fault ?? error.reason)
                : classify(error);
          if (!found) throw error;
          if (found === 'busy' && !bound.over() && (await pauseWithin(clock, pause, bound))) continue;
          const reason = found === 'busy' ? 'busy' : 'down';
          const fault = found === 'busy' || found === 'down' ? undefined : found;
          status.failed(reason, error, fault);
          throw new StoreUnavailableError(reason, raw.kind, { cause: error, fault });
        }
      }
    } finally {
      bound.clear();
    }
  }

  const bounded = (timeoutMs: number): Backend => ({
    kind: raw.kind,
    shared: raw.shared,
    ...wrapOperations(raw, (call, _name, kind) => run(call, kind, timeoutMs)),
    close: () => raw.close(),
    status: () => status.current(),
    async ping() {
      const bound = Math.min(PING_TIMEOUT_MS, timeoutMs);
      // A fault ends with a write: probe with one, or readiness would wait for a command that a failing readiness keeps away.
      const probe = status.current().fault
        ? run(() => raw.mapSet(HEALTH_MAP, 'ping', String(clock.now())), 'write', bound)
        : run(() => raw.mapGet(HEALTH_MAP, 'ping'), 'read', bound);
      await probe.catch(() => undefined);
      return status.current();
    },
    withTimeout: (ms) => bounded(ms),
  });
  return bounded(options.timeoutMs ?? BACKGROUND_STORE_TIMEOUT_MS);
}

/** One operation's bound: `expired` rejects with StoreTimeout once `ms` have passed, unless cleared first. */
interface Bound {
  expired: Promise<never>;
  over(): boolean;
  clear(): void;
}

function startBound(clock: Clock, ms: number): Bound {
  let over = false;
  let expire: (error: StoreTimeout) => void = () => undefined;
  const expired = new Promise<never>((_, reject) => (expire = reject));
  // A late result or failure of the call itself is dropped by the race; so is this one's, once cleared.
  expired.catch(() => undefined);
  // A background timer: whatever the call waits on (a socket, a pool) keeps the process alive meanwhile.
  const timer = clock.setTimeout(() => {
    over = true;
    expire(new StoreTimeout(`no answer within ${ms} ms`));
  }, ms);
  return { expired, over: () => over, clear: () => timer.cancel() };
}

/** Waits `ms` before a retry; false when the bound runs out first (no retry then). */
function pauseWithin(clock: Clock, ms: number, bound: Bound): Promise<boolean> {
  return Promise.race([
    clock.sleep(ms).then(() => !bound.over()),
    bound.expired.then(
      () => false,
      () => false,
    ),
  ]);
}
