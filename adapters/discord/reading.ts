import {
  Events,
  type Client,
  type MessageReaction,
  type PartialMessageReaction,
  type PartialUser,
  type User,
} from 'discord.js';
import type { Logger } from '../../src/ports/logger.js';
import type { ReceiptOrders } from '../../src/votes/receipt-order.js';
import type { VoteIntake } from '../../src/votes/vote-intake.js';
import { isVoteEmoji } from './reactions.js';

/** What the 📖 listeners need: where claims go, the order source shared with votes, and the emoji. */
export interface DiscordClaimDeps {
  claims: VoteIntake;
  orders: ReceiptOrders;
  readEmoji: string;
  /** The bot's own user id once logged in: its reactions never claim. */
  botUserId: () => string | undefined;
}

const refOf = (m: { channelId: string; id: string }) => ({
  platform: 'discord' as const,
  channelId: m.channelId,
  messageId: m.id,
});

/**
 * Routes 📖 (`READ_EMOJI`) reactions into reading claims, beside the vote listeners and in the same
 * way: each event takes its receipt order on arrival, synchronously (so one person's add and remove
 * keep the gateway's order), from the orders votes use; a moderator's "Remove All Reactions",
 * removing the 📖 reactions, or deleting the message takes the claims away.
 */
export function listenForClaims(client: Client, deps: DiscordClaimDeps, logger: Logger): void {
  const failed = (error: unknown) => logger.error('discord claim failed', { error });
  const emojiOf = (e: { id: string | null; name: string | null }) => e.id ?? e.name ?? '';
  const onReaction =
    (present: boolean) => (reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser) => {
      // Taken first, synchronously: the gateway's order is the truth for one (message, user).
      const order = deps.orders.next();
      if (user.bot || user.id === deps.botUserId() || !isVoteEmoji(reaction.emoji, deps.readEmoji)) return;
      const ref = refOf(reaction.message);
      const claim = { present, ref, voter: `discord:${user.id}`, emoji: emojiOf(reaction.emoji), order };
      deps.claims.react(claim).catch(failed);
    };
  client.on(Events.MessageReactionAdd, onReaction(true));
  client.on(Events.MessageReactionRemove, onReaction(false));
  const clearOf = (message: { channelId: string; id: string }, emoji?: string) => {
    const order = deps.orders.next();
    deps.claims.clear({ ref: refOf(message), order, ...(emoji ? { only: { emoji } } : {}) }).catch(failed);
  };
  client.on(Events.MessageReactionRemoveAll, (message) => clearOf(message));
  client.on(Events.MessageReactionRemoveEmoji, (reaction) => {
    if (isVoteEmoji(reaction.emoji, deps.readEmoji)) clearOf(reaction.message, emojiOf(reaction.emoji));
  });
  client.on(Events.MessageDelete, (message) => clearOf(message));
  client.on(Events.MessageBulkDelete, (messages) => {
    for (const message of messages.values()) clearOf(message);
  });
}
