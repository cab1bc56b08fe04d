import {
  Events,
  type Client,
  type Emoji,
  type MessageReaction,
  type PartialMessageReaction,
  type PartialUser,
  type User,
} from 'discord.js';
import type { Logger } from '../../src/ports/logger.js';
import { NUMBER_EMOJI } from '../../src/delivery/layout.js';
import type { VoteIntake } from '../../src/votes/vote-intake.js';
import type { ReceiptOrders } from '../../src/votes/receipt-order.js';

/** What the reaction handlers need: where votes go, the order source, and what counts. */
export interface DiscordVoteDeps {
  votes: VoteIntake;
  orders: ReceiptOrders;
  voteEmoji: string;
  /** `DOWNVOTE_EMOJI`: the "not interested" reaction (none when absent). */
  downvoteEmoji?: string;
  /** The bot's own user id once logged in: its own reactions (the numbers under a list) never count. */
  botUserId: () => string | undefined;
}

/** The paper index (0-based) a numbered reaction stands for; undefined for any other emoji. */
export function numberIndex(emoji: string): number | undefined {
  // Discord clients send keycaps with or without the variation selector U+FE0F.
  const bare = (e: string) => e.replace(/\uFE0F/g, '');
  const i = NUMBER_EMOJI.findIndex((n) => bare(n) === bare(emoji));
  return i >= 0 ? i : undefined;
}

/** True when `emoji` is the configured vote emoji (a Unicode emoji, or a custom emoji's name, id or `<:name:id>`). */
export function isVoteEmoji(emoji: Pick<Emoji, 'name' | 'id' | 'toString'>, voteEmoji: string): boolean {
  return emoji.name === voteEmoji || emoji.id === voteEmoji || emoji.toString() === voteEmoji;
}

/**
 * What an emoji votes with: `{ emoji }` for the vote emoji, `{ emoji, choice }` for a numbered one
 * (1️⃣–🔟, a vote for that paper of a compact list), undefined for any other. `emoji` is the key
 * stored with the reaction: a custom emoji's id, or the Unicode emoji.
 */
function voteOf(e: Pick<Emoji, 'name' | 'id' | 'toString'>, voteEmoji: string) {
  const emoji = e.id ?? e.name ?? '';
  if (isVoteEmoji(e, voteEmoji)) return { emoji };
  const choice = e.id ? undefined : numberIndex(e.name ?? '');
  return choice === undefined ? undefined : { emoji, choice };
}

/** In a thread or a forum post, the channel is the thread: the ledger recorded the message there. */
const refOf = (m: { channelId: string; id: string }) => ({
  platform: 'discord' as const,
  channelId: m.channelId,
  messageId: m.id,
});

/**
 * Counts a reaction as a vote when it is the vote emoji (or a numbered one on a compact list), on a paper message this bot posted, by
 * someone other than a bot. Works on messages posted before a restart: the ledger maps message
 * ids to papers, and partial reactions carry the ids without fetching anything.
 */
export async function handleReaction(
  change: 'add' | 'remove',
  reaction: MessageReaction | PartialMessageReaction,
  user: User | PartialUser,
  deps: DiscordVoteDeps,
): Promise<void> {
  // Taken first, synchronously: the gateway's order is the truth for one (message, user).
  const order = deps.orders.next();
  if (user.bot || user.id === deps.botUserId()) return;
  const vote = voteOf(reaction.emoji, deps.voteEmoji);
  if (!vote && deps.downvoteEmoji && isVoteEmoji(reaction.emoji, deps.downvoteEmoji)) {
    const emoji = reaction.emoji.id ?? reaction.emoji.name ?? '';
    const ref = refOf(reaction.message);
    await deps.votes.react({
      present: change === 'add',
      ref,
      voter: `discord:${user.id}`,
      order,
      emoji,
      notInterested: true,
    });
    return;
  }
  if (!vote) return;
  await deps.votes.react({
    present: change === 'add',
    ref: refOf(reaction.message),
    voter: `discord:${user.id}`,
    order,
    ...vote,
  });
}

/**
 * Routes Discord's reaction and message events into votes. Besides single adds and removals, a
 * moderator's "Remove All Reactions" (MESSAGE_REACTION_REMOVE_ALL), removing one emoji's reactions
 * (MESSAGE_REACTION_REMOVE_EMOJI) and deleting messages (MESSAGE_DELETE, MESSAGE_DELETE_BULK: these
 * need the GuildMessages intent) take away the votes those reactions were; Discord sends no single
 * removal for them. discord.js emits all of them for uncached messages too (Partials.Message).
 */
export function listenForVotes(client: Client, deps: DiscordVoteDeps, logger: Logger): void {
  const failed = (error: unknown) => logger.error('discord reaction failed', { error });
  const clearOf = (message: { channelId: string; id: string }, only?: { emoji: string; choice?: number }) => {
    const order = deps.orders.next();
    deps.votes.clear({ ref: refOf(message), order, ...(only ? { only } : {}) }).catch(failed);
  };
  client.on(
    Events.MessageReactionAdd,
    (reaction, user) => void handleReaction('add', reaction, user, deps).catch(failed),
  );
  client.on(
    Events.MessageReactionRemove,
    (reaction, user) => void handleReaction('remove', reaction, user, deps).catch(failed),
  );
  client.on(Events.MessageReactionRemoveAll, (message) => clearOf(message));
  client.on(Events.MessageReactionRemoveEmoji, (reaction) => {
    const only = voteOf(reaction.emoji, deps.voteEmoji);
    if (only) clearOf(reaction.message, only);
  });
  client.on(Events.MessageDelete, (message) => clearOf(message));
  listenForUncachedDmReactions(client, deps, failed);
  client.on(Events.MessageBulkDelete, (messages) => {
    for (const message of messages.values()) clearOf(message);
  });
}

/** A reaction event's fields as the gateway sends them (MESSAGE_REACTION_ADD / _REMOVE). */
interface RawReaction {
  user_id: string;
  channel_id: string;
  message_id: string;
  guild_id?: string;
  emoji: { id: string | null; name: string | null; animated?: boolean };
}

/**
 * discord.js drops a reaction in a DM whose channel it has not cached (after a restart, until
 * the bot posts there again): its partial DM channel needs the channel's type, which reaction
 * events do not carry. Such events are taken from the raw packet, which discord.js emits just
 * before handling (and dropping) the event; should discord.js count one after all, the vote step
 * takes a second add of a reaction as no change.
 */
function listenForUncachedDmReactions(client: Client, deps: DiscordVoteDeps, failed: (error: unknown) => void): void {
  client.on(Events.Raw, (packet: { t?: string; d?: unknown }) => {
    if (packet.t !== 'MESSAGE_REACTION_ADD' && packet.t !== 'MESSAGE_REACTION_REMOVE') return;
    const d = packet.d as RawReaction;
    if (d.guild_id !== undefined || client.channels.cache.has(d.channel_id)) return;
    const order = deps.orders.next();
    if (d.user_id === deps.botUserId()) return;
    const { id, name, animated } = d.emoji;
    const emoji = { id, name, toString: () => (id ? `<${animated ? 'a' : ''}:${name ?? ''}:${id}>` : (name ?? '')) };
    const vote = voteOf(emoji, deps.voteEmoji);
    if (!vote) return;
    const ref = { platform: 'discord' as const, channelId: d.channel_id, messageId: d.message_id };
    deps.votes
      .react({ present: packet.t === 'MESSAGE_REACTION_ADD', ref, voter: `discord:${d.user_id}`, order, ...vote })
      .catch(failed);
  });
}
