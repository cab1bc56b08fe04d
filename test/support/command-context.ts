import type { CommandContext } from '../../commands/types.js';
import { createManualClock } from '../../src/ports/clock.js';
import type { Delivery } from '../../src/delivery/delivery.js';
import type { Feed } from '../../src/papers/feed.js';
import { createMemoryLogger } from '../../src/ports/logger.js';
import { createStores } from '../../src/store/index.js';
import type { Backend } from '../../src/store/backend.js';

/** A command context on a real backend, as an admin in one Discord channel; feed calls fail loudly. */
export function commandContext(backend: Backend, over: Partial<CommandContext> = {}): CommandContext {
  const feed = new Proxy(
    {},
    { get: (_, prop) => () => Promise.reject(new Error(`feed.${String(prop)} not expected`)) },
  ) as Feed;
  return {
    feed,
    stores: createStores(backend),
    clock: createManualClock('2026-06-12T12:00:00Z'),
    logger: createMemoryLogger(),
    delivery: {} as Delivery,
    channel: { platform: 'discord', teamId: 'g', channelId: 'c' },
    userId: 'discord:u',
    isAdmin: true,
    adminRequirement: 'admin rights',
    voteEmoji: '👍',
    cardsPerReply: 5,
    channelMention: (id) => `#${id}`,
    messageLink: () => undefined,
    ...over,
  };
}
