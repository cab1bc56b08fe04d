import type { Logger } from '../ports/logger.js';

/**
 * Orders start here, above every order the previous scheme wrote (Date.now() in µs: about 1.8e15
 * in 2026, and 2^52 ≈ 4.5e15 only in the year 2112), so a reaction stored before the upgrade is
 * older than any event received after it.
 */
export const ORDER_BASE = 2 ** 52;
/** Orders per epoch: 2^30, about a billion events in one process run; a new epoch is taken half way. */
export const ORDERS_PER_EPOCH = 2 ** 30;
/**
 * The last usable epoch: BASE + epoch · 2^30 + sequence stays below 2^53, the largest whole number
 * a double holds exactly (orders are compared as JavaScript and Lua numbers, and as PostgreSQL bigint).
 * About 4 million process starts.
 */
export const MAX_EPOCH = 2 ** 22 - 1;

/** Strictly increasing orders for events that carry no timestamp of their own (Discord's reactions). */
export interface ReceiptOrders {
  /** The next order; taken synchronously when an event arrives, in gateway order. */
  next(): number;
}

/**
 * Event orders that survive restarts and clock steps: the store hands each process start an epoch
 * (one more than any before: `takeEpoch`), and an order is `ORDER_BASE + epoch · 2^30 + n`, n counting
 * this process's events. Any event received after a restart is newer than any before it, whatever
 * the clocks say; the wall clock plays no part (it used to: an un-vote after a restart with the clock
 * set back was older than its vote, and ignored).
 *
 * Two processes receiving events for the same message (a rolling restart's overlap) order them by
 * start, not by arrival; before, they were ordered by two clocks.
 */
export async function createReceiptOrders(deps: {
  takeEpoch: () => Promise<number>;
  logger: Logger;
  /** Orders per epoch (tests; ORDERS_PER_EPOCH, the most that fits, otherwise). */
  perEpoch?: number;
}): Promise<ReceiptOrders> {
  const span = deps.perEpoch ?? ORDERS_PER_EPOCH;
  const usable = (epoch: number) => {
    if (!Number.isInteger(epoch) || epoch < 1 || epoch > MAX_EPOCH)
      throw new Error(`event order epoch ${epoch} is outside 1…${MAX_EPOCH}`);
    return epoch;
  };
  let epoch = usable(await deps.takeEpoch());
  let n = 0;
  let renewing = false;
  const renew = () => {
    if (renewing) return;
    renewing = true;
    deps
      .takeEpoch()
      .then((next) => {
        epoch = usable(next);
        n = 0;
      })
      .catch((error: unknown) => deps.logger.warn('could not take a new event order epoch; will try again', { error }))
      .finally(() => (renewing = false));
  };
  return {
    next() {
      if (n >= span / 2) renew();
      if (n >= span) throw new Error('event orders of this epoch are used up and no new epoch came yet');
      return ORDER_BASE + epoch * ORDERS_PER_EPOCH + n++;
    },
  };
}
