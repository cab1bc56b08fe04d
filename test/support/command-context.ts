import type { CommandContext } from '../../commands/types.js';
import { commandContext as contextFor, type PlatformTerms } from '../../adapters/bot/command-context.js';
import { createManualClock } from '../../src/ports/clock.js';
import type { Delivery } from '../../src/delivery/delivery.js';
import type { Feed } from '../../src/papers/feed.js';
import { createMemoryLogger } from '../../src/ports/logger.js';
import { INTERACTIVE_STORE_TIMEOUT_MS } from '../../src/store/guard.js';
import { createStores } from '../../src/store/index.js';
import type { Backend } from '../../src/store/backend.js';

/** How the test platform words things: plain, so assertions read easily. */
const TERMS: PlatformTerms = {
  platform: 'discord',
  adminRequirement: 'admin rights',
  voteEmoji: '👍',
  cardsPerReply: 5,
  channelMention: (id) => `#${id}`,
  messageLink: () => undefined,
  directMessageLayouts: ['messages', 'compact'],
};

/**
 * A command context on a real backend, as an admin in one Discord channel, built by the bot's
 * context factory with a command's store bound (as adapters/bot/bot.ts builds it); feed calls fail loudly.
 */
export function commandContext(backend: Backend, over: Partial<CommandContext> = {}): CommandContext {
  const feed = new Proxy(
    {},
    { get: (_, prop) => () => Promise.reject(new Error(`feed.${String(prop)} not expected`)) },
  ) as Feed;
  const clock = createManualClock('2026-06-12T12:00:00Z');
  const services = {
    feed,
    stores: createStores(backend.withTimeout(INTERACTIVE_STORE_TIMEOUT_MS)),
    clock,
    logger: createMemoryLogger(),
    deliveries: new Map([['discord' as const, {} as Delivery]]),
  };
  const ctx = contextFor(services, TERMS, { teamId: 'g', channelId: 'c', userId: 'u', isAdmin: true });
  return { ...ctx, ...over };
}
