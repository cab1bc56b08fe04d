import { describe, expect, it } from 'vitest';
import { holdLease } from '../../../src/delivery/held-lease.js';
import { silentLogger } from '../../../src/ports/logger.js';
import { createFakeClock } from '../../support/fake-clock.js';

describe('a delivery lease, on the bot clock', () => {
  it('renews the lease every third of its length while a post waits, and not after it is given up', async () => {
    const clock = createFakeClock('2026-06-12T12:00:00Z');
    const renewals: number[] = [];
    let released = 0;
    const ledger = {
      async acquire() {
        renewals.push(clock.now());
        return true;
      },
      async release() {
        released++;
      },
    };
    const lease = holdLease(ledger, {
      key: 'discord:c1',
      day: '2026-06-12',
      owner: 'me',
      leaseMs: 60_000,
      logger: silentLogger,
      clock,
      monotonic: clock.now,
      acquiredAt: clock.now(),
    });
    await clock.advance(19_999);
    expect(renewals).toHaveLength(0);
    await clock.advance(1);
    expect(renewals).toHaveLength(1);
    await clock.advance(20_000);
    expect(renewals).toHaveLength(2);
    await lease.release();
    await clock.advance(60_000);
    expect([renewals.length, released]).toEqual([2, 1]);
  });
});
