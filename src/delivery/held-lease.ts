import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { DeliveryLedger } from '../store/ledger.js';

/** The lease on one (channel, day) while this process posts it. */
export interface HeldLease {
  /** Renews before a message; false once another owner has taken the lease (stop: the day is theirs now). */
  renew(): Promise<boolean>;
  /**
   * True while the lease is certainly still this holder's: the last renewal the store confirmed
   * was sent less than a lease length (minus a margin) ago. A renewal that took as long as the
   * lease to answer (a stalled store) proves nothing: the lease may have expired and been taken.
   */
  held(): boolean;
  /** Stops the heartbeat and gives the lease up. */
  release(): Promise<void>;
}

export interface HeldLeaseOptions {
  /** Channel key and day of the delivery. */
  key: string;
  day: string;
  owner: string;
  /** Lease length (ms); the heartbeat renews every third of it. */
  leaseMs: number;
  logger: Logger;
  /** Times the heartbeat. */
  clock: Clock;
  /** Monotonic milliseconds (default `performance.now`); the lease's safety does not depend on wall clocks. */
  monotonic?: () => number;
  /** When the acquiring call was sent (monotonic ms). */
  acquiredAt: number;
}

/**
 * Keeps an acquired delivery lease alive while a post waits (a platform rate limit can hold one
 * message for seconds), so another instance does not take the day over from a live holder. A
 * crashed holder stops renewing and its lease expires after `leaseMs`.
 */
export function holdLease(ledger: Pick<DeliveryLedger, 'acquire' | 'release'>, o: HeldLeaseOptions): HeldLease {
  const now = o.monotonic ?? (() => performance.now());
  // Stores measure the lease from when they run the command, after it was sent; a margin covers clock rate drift.
  const margin = Math.min(1000, o.leaseMs / 10);
  let lost = false;
  let validUntil = o.acquiredAt + o.leaseMs - margin;
  let beat: Promise<unknown> | undefined;
  const renew = async () => {
    const sentAt = now();
    const ok = await ledger.acquire(o.key, o.day, o.owner, o.leaseMs);
    if (!ok) lost = true;
    else validUntil = Math.max(validUntil, sentAt + o.leaseMs - margin);
    return ok;
  };
  const held = () => !lost && now() < validUntil;
  const timer = o.clock.setInterval(() => {
    beat ??= renew()
      .catch((error: unknown) => o.logger.warn('lease renewal failed', { key: o.key, day: o.day, error }))
      .finally(() => (beat = undefined));
  }, o.leaseMs / 3);
  return {
    renew: async () => !lost && (await renew()) && held(),
    held,
    async release() {
      timer.cancel();
      await beat; // a renewal landing after the release would hold the day for another lease length
      await ledger.release(o.key, o.day, o.owner);
    },
  };
}
