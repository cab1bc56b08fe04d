import type { MessageReaction, PartialMessageReaction, PartialUser, User } from 'discord.js';
import type { Logger } from '../../src/logger.js';
import type { Metrics } from '../../src/metrics.js';
import type { Stores } from '../../src/store/index.js';
import { numberIndex } from '../../src/delivery/layout.js';
import { applyVote, receiptOrder } from '../../src/votes/votes.js';

/** True when `reaction` is the configured vote emoji (a Unicode emoji, or a custom emoji's name, id or `<:name:id>`). */
export function isVoteEmoji(reaction: MessageReaction | PartialMessageReaction, voteEmoji: string): boolean {
  const e = reaction.emoji;
  return e.name === voteEmoji || e.id === voteEmoji || e.toString() === voteEmoji;
}

/**
 * Counts a reaction as a vote when it is the vote emoji (or a numbered one on a compact list), on a paper message this bot posted, by
 * someone other than a bot. Works on messages posted before a restart: the ledger maps message
 * ids to papers, and partial reactions carry the ids without fetching anything.
 */
export async function handleReaction(
  change: 'add' | 'remove',
  reaction: MessageReaction | PartialMessageReaction,
  user: User | PartialUser,
  deps: {
    stores: Stores;
    voteEmoji: string;
    botUserId: string | undefined;
    logger: Logger;
    metrics?: Metrics;
    now: () => number;
    onVoteChange?: (target: { paperId: string; team: string }) => void;
  },
): Promise<void> {
  // Taken first, synchronously: the gateway's order is the truth for one (message, user).
  const order = receiptOrder();
  if (user.bot || user.id === deps.botUserId) return;
  // The vote emoji counts on a paper's message; a numbered one (1️⃣–🔟) on a compact list, for that paper.
  const choice = isVoteEmoji(reaction, deps.voteEmoji)
    ? undefined
    : reaction.emoji.id
      ? undefined
      : numberIndex(reaction.emoji.name ?? '');
  if (choice === undefined && !isVoteEmoji(reaction, deps.voteEmoji)) return;
  // In a thread or a forum post, the channel is the thread: the ledger recorded the message there.
  const ref = { platform: 'discord' as const, channelId: reaction.message.channelId, messageId: reaction.message.id };
  const emoji = reaction.emoji.id ?? reaction.emoji.name ?? '';
  await applyVote(
    {
      present: change === 'add',
      ref,
      voter: `discord:${user.id}`,
      emoji,
      order,
      ...(choice !== undefined ? { choice } : {}),
    },
    deps,
  );
}
