import type { MessageReaction, PartialMessageReaction, PartialUser, User } from 'discord.js';
import type { Logger } from '../../src/logger.js';
import type { Metrics } from '../../src/metrics.js';
import type { Stores } from '../../src/store/index.js';
import { applyVote, receiptOrder } from '../../src/votes.js';

/** True when `reaction` is the configured vote emoji (a Unicode emoji, or a custom emoji's name, id or `<:name:id>`). */
export function isVoteEmoji(reaction: MessageReaction | PartialMessageReaction, voteEmoji: string): boolean {
  const e = reaction.emoji;
  return e.name === voteEmoji || e.id === voteEmoji || e.toString() === voteEmoji;
}

/**
 * Counts a reaction as a vote when it is the vote emoji, on a paper message this bot posted, by
 * someone other than a bot. Works on messages posted before a restart: the ledger maps message
 * ids to papers, and partial reactions carry the ids without fetching anything.
 */
export async function handleReaction(
  change: 'add' | 'remove',
  reaction: MessageReaction | PartialMessageReaction,
  user: User | PartialUser,
  deps: { stores: Stores; voteEmoji: string; botUserId: string | undefined; logger: Logger; metrics?: Metrics; now: () => number; onVoteChange?: (target: { paperId: string; team: string }) => void },
): Promise<void> {
  // Taken first, synchronously: the gateway's order is the truth for one (message, user).
  const order = receiptOrder();
  if (user.bot || user.id === deps.botUserId || !isVoteEmoji(reaction, deps.voteEmoji)) return;
  const ref = { platform: 'discord' as const, channelId: reaction.message.channelId, messageId: reaction.message.id };
  await applyVote({ present: change === 'add', ref, voter: `discord:${user.id}`, emoji: reaction.emoji.id ?? reaction.emoji.name ?? '', order }, deps);
}
