import { systemClock, type Clock } from '../clock.js';
import type { Backend } from './backend.js';
import { createDeliveryLedger, type DeliveryLedger } from './ledger.js';
import { createPaperStore, type PaperStore } from './paper-store.js';
import { createSubscriptionStore, type SubscriptionStore } from './subscription-store.js';
import { createVoteStore, type VoteStore } from './vote-store.js';

/** The domain-named ports, all on one backend. */
export interface Stores {
  backend: Backend;
  papers: PaperStore;
  subscriptions: SubscriptionStore;
  votes: VoteStore;
  ledger: DeliveryLedger;
  /**
   * Claims `key` once for `ttlMs`: true the first time, false for a repeat (a platform's retried
   * delivery of the same event). Built on the lease primitive with a one-off owner.
   */
  claimOnce(key: string, ttlMs: number): Promise<boolean>;
}

export function createStores(backend: Backend, clock: Clock = systemClock): Stores {
  const votes = createVoteStore(backend);
  return {
    backend,
    papers: createPaperStore(backend),
    subscriptions: createSubscriptionStore(backend),
    votes,
    ledger: createDeliveryLedger(backend, votes, clock),
    claimOnce: (key, ttlMs) => backend.acquireLease(`once:${key}`, `${process.pid}:${Math.random()}`, ttlMs),
  };
}

export type { Backend } from './backend.js';
export { openBackend } from './open.js';
