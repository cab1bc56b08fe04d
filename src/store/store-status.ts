import { silentLogger, type Logger } from '../logger.js';

/** What the store looks like from here: `up`, `busy` (SQLite locked by another process) or `down`. */
export interface StoreStatus {
  kind: string;
  state: 'up' | 'busy' | 'down';
  /** When the current state began (ms since the epoch). */
  since: number;
  /** The last failure's message while not `up`. */
  detail?: string;
}

/**
 * Tracks the store's state from operation results and connection events, and logs each change
 * once: one warning when an outage (or a lock) begins, one info line when the store answers
 * again, however many commands fail in between.
 */
export interface StoreStatusTracker {
  current(): StoreStatus;
  /** An operation succeeded or the client reconnected. */
  up(): void;
  /** An operation failed for the store's sake, or the connection dropped. */
  failed(state: 'busy' | 'down', error: unknown): void;
}

export function createStoreStatus(
  kind: string,
  logger: Logger = silentLogger,
  now: () => number = Date.now,
): StoreStatusTracker {
  let status: StoreStatus = { kind, state: 'up', since: now() };
  return {
    current: () => ({ ...status }),
    up() {
      if (status.state === 'up') return;
      const at = now();
      logger.info(status.state === 'busy' ? 'storage is no longer busy' : 'storage reconnected', {
        store: kind,
        [status.state === 'busy' ? 'busyForMs' : 'downForMs']: at - status.since,
      });
      status = { kind, state: 'up', since: at };
    },
    failed(state, error) {
      const detail = error instanceof Error ? error.message || error.constructor.name : String(error);
      if (status.state === state) return;
      // A lock that turns into an outage is still one incident for the operator; log the change.
      logger.warn(state === 'busy' ? 'storage is busy (locked by another process)' : 'storage is unavailable', {
        store: kind,
        detail,
      });
      status = { kind, state, since: now(), detail };
    },
  };
}
