import type { StoreFault } from '../errors.js';
import { silentLogger, type Logger } from '../ports/logger.js';

/** What the store looks like from here: `up`, `busy` (SQLite locked by another process) or `down`. */
export interface StoreStatus {
  kind: string;
  state: 'up' | 'busy' | 'down';
  /** While `down`: the store answers but cannot write (full, read-only, disk errors); absent when unreachable. */
  fault?: StoreFault;
  /** When the current state began (ms since the epoch). */
  since: number;
  /** The last failure's message while not `up`. */
  detail?: string;
}

/** What a success shows: a `read` or a `write` went through, or the client (re)connected. */
export type StoreProof = 'read' | 'write' | 'connection';

/**
 * Tracks the store's state from operation results and connection events, and logs each change
 * once: one warning when an outage (or a lock) begins, one info line when the store answers
 * again, however many commands fail in between.
 */
export interface StoreStatusTracker {
  current(): StoreStatus;
  /**
   * An operation succeeded (`read` or `write`) or the client reconnected (`connection`, the
   * default). A lock or a fault blocks writes only: reads keep working through them, so only a
   * write ends them; an unreachable store is back with any success.
   */
  up(proof?: StoreProof): void;
  /** An operation failed for the store's sake, or the connection dropped. */
  failed(state: 'busy' | 'down', error: unknown, fault?: StoreFault): void;
}

const FAULT_WARNINGS: Record<StoreFault, string> = {
  full: 'storage is full (writes fail)',
  'read-only': 'storage is read-only (writes fail)',
  'disk-error': 'storage has disk errors (writes fail)',
};

export function createStoreStatus(
  kind: string,
  logger: Logger = silentLogger,
  /** The store's clock (ms): when each state began. */
  now: () => number,
): StoreStatusTracker {
  let status: StoreStatus = { kind, state: 'up', since: now() };
  return {
    current: () => ({ ...status }),
    up(proof = 'connection') {
      if (status.state === 'up') return;
      const writesOnly = status.state === 'busy' || status.fault !== undefined;
      if (writesOnly && proof !== 'write') return;
      const at = now();
      const message =
        status.state === 'busy'
          ? 'storage is no longer busy'
          : status.fault
            ? 'storage accepts writes again'
            : 'storage reconnected';
      logger.info(message, { store: kind, [status.state === 'busy' ? 'busyForMs' : 'downForMs']: at - status.since });
      status = { kind, state: 'up', since: at };
    },
    failed(state, error, fault) {
      const detail = error instanceof Error ? error.message || error.constructor.name : String(error);
      if (status.state === state && status.fault === fault) return;
      // A lock that turns into an outage is still one incident for the operator; log the change.
      const warning =
        state === 'busy'
          ? 'storage is busy (locked by another process)'
          : fault
            ? FAULT_WARNINGS[fault]
            : 'storage is unavailable';
      logger.warn(warning, { store: kind, detail });
      status = { kind, state, since: now(), detail, ...(fault ? { fault } : {}) };
    },
  };
}

/** Readiness text for a store that is down: "sqlite is full since 2026-06-12T09:00:00.000Z (database or disk is full)". */
export function describeOutage(status: StoreStatus): string {
  const since = new Date(status.since).toISOString();
  if (!status.fault) return `${status.kind} is unavailable since ${since}`;
  const what = status.fault === 'disk-error' ? 'has disk errors' : `is ${status.fault}`;
  return `${status.kind} ${what} since ${since}${status.detail ? ` (${status.detail})` : ''}`;
}
