import type { Logger } from './logger.js';
import type { DeliveryLedger } from './store/ledger.js';

/** The lease on one (channel, day) while this process posts it. */
export interface HeldLease {
  /** Renews before a message; false once another owner has taken the lease (stop: the day is theirs now). */
  renew(): Promise<boolean>;
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
}

/**
 * Keeps an acquired delivery lease alive while a post waits (a platform rate limit can hold one
 * message for seconds), so another instance does not take the day over from a live holder. A
 * crashed holder stops renewing and its lease expires after `leaseMs`.
 */
export function holdLease(ledger: Pick<DeliveryLedger, 'acquire' | 'release'>, o: HeldLeaseOptions): HeldLease {
  let lost = false;
  let beat: Promise<unknown> | undefined;
  const renew = async () => {
    const ok = await ledger.acquire(o.key, o.day, o.owner, o.leaseMs);
    if (!ok) lost = true;
    return ok;
  };
  const timer = setInterval(() => {
    beat ??= renew()
      .catch((error: unknown) => o.logger.warn('lease renewal failed', { key: o.key, day: o.day, error }))
      .finally(() => (beat = undefined));
  }, o.leaseMs / 3);
  timer.unref();
  return {
    renew: async () => !lost && (await renew()),
    async release() {
      clearInterval(timer);
      await beat; // a renewal landing after the release would hold the day for another lease length
      await ledger.release(o.key, o.day, o.owner);
    },
  };
}
