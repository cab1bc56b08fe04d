import { describe, expect, it } from 'vitest';
import { runCommand } from '../../commands/index.js';
import type { Backend } from '../../src/store/backend.js';
import { SUBSCRIPTIONS_MAP } from '../../src/store/keys.js';
import { createMemoryBackend } from '../../src/store/memory-backend.js';
import { createStores } from '../../src/store/index.js';
import type { Subscription } from '../../src/subscriptions/subscription.js';
import { commandContext } from '../support/command-context.js';

const paused = (teamId: string, channelId: string): Subscription => ({
  channel: { platform: 'discord', teamId, channelId },
  time: '09:00',
  timeZone: 'UTC',
  settings: { count: 5, keywords: [], minUpvotes: 0 },
  day: 'previous',
  emptyDayNote: true,
  createdAt: '2026-06-12T00:00:00Z',
  createdBy: 'u1',
  failures: 3,
  paused: { reason: 'the bot lost access to the channel', at: '2026-06-12T08:00:00Z' },
});

/** A memory backend that counts reads of the whole subscription map. */
function counted(): { backend: Backend; scans: () => number } {
  const backend = createMemoryBackend();
  let scans = 0;
  return {
    backend: {
      ...backend,
      mapEntries: (map) => {
        if (map === SUBSCRIPTIONS_MAP) scans++;
        return backend.mapEntries(map);
      },
    },
    scans: () => scans,
  };
}

describe('paused feeds an admin is told about', () => {
  it("tells an admin of their own team's paused feeds once, reading only that team's subscriptions", async () => {
    const { backend, scans } = counted();
    const stores = createStores(backend);
    await stores.subscriptions.put(paused('g', 'c2'));
    for (let i = 0; i < 50; i++) await stores.subscriptions.put(paused(`other${i}`, `x${i}`));
    const ctx = commandContext(backend, { stores });
    await stores.subscriptions.inTeam('discord:warm-up'); // the store's one-time index check
    const before = scans();
    const first = await runCommand('feeds', {}, ctx);
    expect(first.text).toMatch(/^⚠️ Daily posts in #c2 are paused: the bot lost access to the channel\./);
    expect(first.text).not.toMatch(/#x\d/);
    expect((await runCommand('feeds', {}, ctx)).text).not.toMatch(/are paused/);
    expect(scans()).toBe(before);
    expect((await stores.subscriptions.get({ platform: 'discord', channelId: 'x1' }))?.paused?.told).toBeUndefined();
  });
});
