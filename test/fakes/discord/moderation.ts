/**
 * What a moderator does to messages in the Discord client, and the gateway events Discord sends
 * bots for it (https://discord.com/developers/docs/topics/gateway-events):
 * - "Remove All Reactions": MESSAGE_REACTION_REMOVE_ALL `{ channel_id, message_id, guild_id }`;
 * - removing every reaction of one emoji: MESSAGE_REACTION_REMOVE_EMOJI `{ …, emoji }`;
 * - deleting a message: MESSAGE_DELETE `{ id, channel_id, guild_id }`;
 * - deleting several at once (bulk delete): MESSAGE_DELETE_BULK `{ ids, channel_id, guild_id }`.
 * No single MESSAGE_REACTION_REMOVE is sent for the reactions these take away. The reaction events
 * need the GuildMessageReactions intent, the deletes GuildMessages (the gateway filters by intent).
 * The stored message changes as it would on Discord: its reactions go, or it is gone.
 */
import type { DiscordFakeState } from './state.js';
import { DEFAULTS, type MessageObject } from './types.js';

type Emoji = string | { id: string | null; name: string; animated?: boolean };

const emojiObject = (e: Emoji) => (typeof e === 'object' ? e : { id: null, name: e });

function where(state: DiscordFakeState, channelId: string): Record<string, unknown> {
  const guildId = state.channels.get(channelId)?.guildId;
  return { channel_id: channelId, ...(guildId ? { guild_id: guildId } : {}) };
}

const reactionsOf = (msg: MessageObject | undefined) =>
  Array.isArray(msg?.reactions) ? (msg.reactions as { emoji?: { id?: string | null; name?: string } }[]) : [];

function reactionRemoveAll(state: DiscordFakeState, channelId: string, messageId: string) {
  const msg = state.getMessage(channelId, messageId);
  if (msg) msg.reactions = [];
  return { ...where(state, channelId), message_id: messageId };
}

function reactionRemoveEmoji(state: DiscordFakeState, channelId: string, messageId: string, emoji: Emoji) {
  const e = emojiObject(emoji);
  const msg = state.getMessage(channelId, messageId);
  if (msg) msg.reactions = reactionsOf(msg).filter((r) => r.emoji?.name !== e.name || (r.emoji?.id ?? null) !== e.id);
  return { ...where(state, channelId), message_id: messageId, emoji: e };
}

function messageDelete(state: DiscordFakeState, channelId: string, messageId: string) {
  state.messages.get(channelId)?.delete(messageId);
  return { id: messageId, ...where(state, channelId) };
}

function messageDeleteBulk(state: DiscordFakeState, channelId: string, messageIds: string[]) {
  for (const id of messageIds) state.messages.get(channelId)?.delete(id);
  return { ids: messageIds, ...where(state, channelId) };
}

/** The moderator actions a test can take on the fake (each returns the number of gateway clients told). */
export interface Moderation {
  /** "Remove All Reactions" on a message; `channelId` defaults to the first seeded channel. */
  sendReactionRemoveAll(o: { messageId: string; channelId?: string }): number;
  /** Removes every reaction of one emoji (default 👍) from a message. */
  sendReactionRemoveEmoji(o: { messageId: string; channelId?: string; emoji?: Emoji }): number;
  /** Deletes a message. */
  deleteMessage(channelId: string, messageId: string): number;
  /** Deletes several messages of a channel at once. */
  bulkDeleteMessages(channelId: string, messageIds: string[]): number;
}

export function moderation(state: DiscordFakeState, dispatch: (t: string, d: unknown) => number): Moderation {
  const channel = (id?: string) => id ?? state.guilds[0]?.channels?.[0]?.id ?? DEFAULTS.channelId;
  return {
    sendReactionRemoveAll: (o) =>
      dispatch('MESSAGE_REACTION_REMOVE_ALL', reactionRemoveAll(state, channel(o.channelId), o.messageId)),
    sendReactionRemoveEmoji: (o) =>
      dispatch(
        'MESSAGE_REACTION_REMOVE_EMOJI',
        reactionRemoveEmoji(state, channel(o.channelId), o.messageId, o.emoji ?? '👍'),
      ),
    deleteMessage: (channelId, messageId) => dispatch('MESSAGE_DELETE', messageDelete(state, channelId, messageId)),
    bulkDeleteMessages: (channelId, ids) => dispatch('MESSAGE_DELETE_BULK', messageDeleteBulk(state, channelId, ids)),
  };
}
