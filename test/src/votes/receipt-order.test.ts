import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/ports/logger.js';
import { createStores } from '../../../src/store/index.js';
import { createMemoryBackend } from '../../../src/store/memory-backend.js';
import { createReceiptOrders, MAX_EPOCH, ORDER_BASE, ORDERS_PER_EPOCH } from '../../../src/votes/receipt-order.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('Discord event orders', () => {
  it('of a later process start are all greater than those of an earlier one, and than any order in µs since the epoch', async () => {
    const stores = createStores(createMemoryBackend());
    const start = () => createReceiptOrders({ takeEpoch: () => stores.votes.nextOrderEpoch(), logger: silentLogger });
    const [first, second] = [await start(), await start()];
    const a = Array.from({ length: 1000 }, () => first.next());
    const b = Array.from({ length: 3 }, () => second.next());
    expect(a.every((o, i) => i === 0 || o > a[i - 1]!)).toBe(true);
    expect(Math.min(...b)).toBeGreaterThan(Math.max(...a));
    // The previous scheme's orders: Date.now() in µs, even from a clock a century ahead.
    expect(Math.min(...a)).toBeGreaterThan(Date.parse('2100-01-01') * 1000);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(ORDER_BASE);
  });

  it('stay exact whole numbers up to the last epoch', () => {
    expect(Number.isSafeInteger(ORDER_BASE + MAX_EPOCH * ORDERS_PER_EPOCH + ORDERS_PER_EPOCH - 1)).toBe(true);
  });

  it('take a new epoch half way through one, and keep increasing', async () => {
    const stores = createStores(createMemoryBackend());
    let taken = 0;
    const takeEpoch = () => (taken++, stores.votes.nextOrderEpoch());
    const orders = await createReceiptOrders({ takeEpoch, logger: silentLogger, perEpoch: 8 });
    const seen: number[] = [];
    for (let i = 0; i < 40; i++) {
      seen.push(orders.next());
      await tick();
    }
    expect(seen.every((o, i) => i === 0 || o > seen[i - 1]!)).toBe(true);
    expect(taken).toBeGreaterThanOrEqual(8);
  });

  it('refuse an epoch the store cannot have given', async () => {
    await expect(createReceiptOrders({ takeEpoch: async () => MAX_EPOCH + 1, logger: silentLogger })).rejects.toThrow(
      /epoch 4194304 is outside/,
    );
  });
});
