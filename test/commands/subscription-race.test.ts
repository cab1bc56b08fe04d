import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { runAction, runCommand } from '../../commands/index.js';
import type { CommandContext } from '../../commands/types.js';
import { createManualClock } from '../../src/ports/clock.js';
import type { Delivery } from '../../src/delivery/delivery.js';
import { createDeliveryHealth } from '../../src/delivery/feed-health.js';
import type { Feed } from '../../src/papers/feed.js';
import { silentLogger } from '../../src/ports/logger.js';
import { createStores, type Stores } from '../../src/store/index.js';
import { backendCases } from '../support/backends.js';
import { channel, subscription } from '../support/delivery-rig.js';
import { jittery, seeded } from '../support/store-faults.js';

const clock = createManualClock('2026-06-12T07:00:00Z');

function adminContext(stores: Stores, channelId: string): CommandContext {
  return {
    feed: { digest: () => Promise.reject(new Error('no Hugging Face here')) } as unknown as Feed,
    stores,
    clock,
    logger: silentLogger,
    delivery: {} as Delivery,
    channel: channel(channelId),
    userId: 'discord:admin',
    isAdmin: true,
    adminRequirement: 'admin rights',
    voteEmoji: '👍',
    cardsPerReply: 5,
    channelMention: (id) => `#${id}`,
    messageLink: () => undefined,
  };
}

const health = (stores: Stores) =>
  createDeliveryHealth({ stores, clock, logger: silentLogger, notify: async () => undefined, pauseAfterFailures: 3 });

for (const c of backendCases()) {
  describe.skipIf(Boolean(c.skip))(`subscription changes racing a delivery on ${c.name}`, () => {
    afterEach(() => c.cleanup());
    const runs = c.name === 'memory' || c.name === 'sqlite' ? 30 : 10;

    it(`an unsubscribe landing while a delivery records its result stays unsubscribed (${runs} seeded runs)`, async () => {
      const base = await c.open(`test-${randomUUID()}`);
      for (let run = 0; run < runs; run++) {
        const stores = createStores(jittery(base, seeded(run + 1), 4));
        const id = `u${run}`;
        await stores.subscriptions.put(subscription(id));
        // The admin pressed "Yes, unsubscribe" under /papers unsubscribe.
        const [reply] = await Promise.all([
          runAction('unsubscribe:confirm:', adminContext(stores, id)),
          health(stores).delivered(channel(id), '2026-06-11', 'posted'),
        ]);
        expect(reply.text).toMatch(/Unsubscribed/);
        expect(await stores.subscriptions.get(channel(id)), `run ${run}`).toBeUndefined();
      }
    });

    it(`a subscribe that resumes a paused channel while a failure is recorded is stored as confirmed (${runs} seeded runs)`, async () => {
      const base = await c.open(`test-${randomUUID()}`);
      for (let run = 0; run < runs; run++) {
        const stores = createStores(jittery(base, seeded(run + 100), 4));
        const id = `s${run}`;
        await stores.subscriptions.put(
          subscription(id, {
            failures: 3,
            paused: { reason: '3 failed attempts in a row', at: '2026-06-11T07:00:00Z', told: true },
          }),
        );
        const failure = { message: 'timeout', counted: true, permanent: false };
        const [reply] = await Promise.all([
          runCommand('subscribe', { count: 2 }, adminContext(stores, id)),
          health(stores).failed(channel(id), '2026-06-11', failure),
        ]);
        expect(reply.text).toMatch(/Resumed and updated/);
        const stored = await stores.subscriptions.get(channel(id));
        expect(stored?.settings.count, `run ${run}`).toBe(2);
        expect(stored?.paused, `run ${run}`).toBeUndefined();
      }
    });
  });
}
