import {
  ChannelType,
  DiscordAPIError,
  Routes,
  SnowflakeUtil,
  type Channel,
  type Client,
  type Message,
  type SendableChannels,
} from 'discord.js';
import {
  PostError,
  ThreadParentGone,
  type ChannelPoster,
  type Outgoing,
  type PostOptions,
} from '../../src/delivery/channel-poster.js';
import type { Clock } from '../../src/ports/clock.js';
import type { ChannelRef } from '../../src/model.js';
import { truncate } from '../../src/text/truncate.js';
import { openDiscordDm } from './direct.js';
import { createForumPoster, rendered } from './forum.js';

/** Discord error codes that mean the bot cannot post here until someone fixes it. */
const LOST_ACCESS: Record<number, string> = {
  10003: 'the channel no longer exists (Unknown Channel)',
  50001: 'the bot cannot see this channel (Missing Access)',
  50013: 'the bot lacks permission to post here (Missing Permissions)',
  10008: 'the message no longer exists (Unknown Message)',
  50007:
    'Discord does not let the bot message this person (Cannot send messages to this user): their direct messages from the server are off, or they blocked the bot',
};

/** "A thread has already been created for this message." */
const THREAD_EXISTS = 160004;
/** Unknown Message: starting a thread on a header that was deleted. */
const UNKNOWN_MESSAGE = 10008;
/** Re-sends of a post whose answer was lost; the nonce makes each one land at most once. */
const UNKNOWN_OUTCOME_RETRIES = 2;
/** How far before an uncertain post's send time `find` starts looking (clock skew, ms). */
const FIND_SLACK_MS = 60_000;

/**
 * Posts digest messages with discord.js; rate limits are left to discord.js's REST queue.
 *
 * Each slot's post carries a nonce derived from (channel, day, slot) with `enforce_nonce`, so
 * Discord answers a repeat within its nonce window with the message that already landed. That
 * covers discord.js's own retries after a timeout or a reset, and this poster's re-send after a
 * dropped connection (which discord.js does not retry): a lost answer never becomes a second
 * message. Past the window, `find` recognises the message among the channel's recent ones.
 * Thread replies go into a thread started on the header (its id is the header's, so a resumed
 * day finds it); a forum channel gets forum posts (`forum.ts`); `react` adds a compact list's numbers.
 */
export function createDiscordPoster(client: Client, clock: Clock): ChannelPoster {
  const forums = createForumPoster(client, clock);
  const channelOf = async (id: string): Promise<Channel> => {
    const target = await client.channels.fetch(id);
    if (!target) throw new PostError('the bot cannot see this channel', true);
    return target;
  };
  const sendable = async (id: string): Promise<SendableChannels> => {
    const target = await channelOf(id);
    if (!target.isSendable()) throw new PostError('the bot cannot post in this kind of channel', true);
    return target;
  };
  /**
   * The channel a message goes to: the channel, or (thread layout) the header's thread. A thread
   * started on a message has that message's id, so a resumed day finds the same thread; starting
   * it again answers 160004, which means it is there. A header deleted before its thread was
   * started answers 10008: `ThreadParentGone`, so delivery posts the header again.
   */
  const destination = async (channel: ChannelRef, options: PostOptions | undefined): Promise<string> => {
    const thread = options?.thread;
    if (!thread) return channel.channelId;
    const id = thread.parent.messageId;
    if (client.channels.cache.has(id)) return id;
    try {
      await client.rest.post(Routes.threads(thread.parent.channelId, id), {
        body: { name: truncate(thread.name, 100), auto_archive_duration: 1440 },
      });
    } catch (error) {
      if (error instanceof DiscordAPIError && error.code === UNKNOWN_MESSAGE)
        throw new ThreadParentGone("the day's header message was deleted (Unknown Message)", { cause: error });
      if (!(error instanceof DiscordAPIError && error.code === THREAD_EXISTS)) throw error;
    }
    return id;
  };
  return {
    async post(channel, message, options) {
      try {
        const target = await channelOf(channel.channelId);
        if (target.type === ChannelType.GuildForum)
          return await forums.post(target, message, options?.forum?.tags ?? [], options?.key);
        const dest = await sendable(await destination(channel, options));
        const payload = options?.key
          ? { ...rendered(message), nonce: options.key, enforceNonce: true }
          : rendered(message);
        for (let attempt = 0; ; attempt++) {
          try {
            const sent = await dest.send(payload);
            return { platform: 'discord', channelId: dest.id, messageId: sent.id };
          } catch (error) {
            // A Discord error answer means the post was refused; anything else (a dropped
            // connection, a timeout, a 5xx) leaves its outcome unknown, and the nonce makes a re-send safe.
            if (!options?.key || error instanceof DiscordAPIError || attempt >= UNKNOWN_OUTCOME_RETRIES) throw error;
          }
        }
      } catch (error) {
        throw asPostError(error);
      }
    },
    async find(channel, message, options) {
      try {
        const target = await channelOf(channel.channelId);
        if (target.type === ChannelType.GuildForum) return await forums.find(target, message, options.since);
        const dest = await sendable(await destination(channel, options));
        if (!('messages' in dest)) return undefined;
        const after = SnowflakeUtil.generate({
          timestamp: Math.max(options.since - FIND_SLACK_MS, 1_420_070_400_000),
        }).toString();
        const recent = await dest.messages.fetch({ after, limit: 100, cache: false });
        const hit = recent.find((m) => m.author.id === client.user?.id && sameMessage(m, message));
        return hit && { platform: 'discord', channelId: dest.id, messageId: hit.id };
      } catch (error) {
        throw asPostError(error, 'could not check whether an earlier post landed: ');
      }
    },
    async react(ref, emojis) {
      try {
        // Adding the bot's own reaction again is a no-op for Discord (204).
        for (const emoji of emojis)
          await client.rest.put(
            Routes.channelMessageOwnReaction(ref.channelId, ref.messageId, encodeURIComponent(emoji)),
          );
      } catch (error) {
        throw asPostError(error, 'could not add the number reactions: ');
      }
    },
    async openDirect(person) {
      try {
        return await openDiscordDm(client, person.userId);
      } catch (error) {
        throw asPostError(error, 'could not open a direct message: ');
      }
    },
    async isForum(channel) {
      try {
        return (await channelOf(channel.channelId)).type === ChannelType.GuildForum;
      } catch (error) {
        throw asPostError(error);
      }
    },
    // Live cards: PATCH /channels/:id/messages/:id keeps the message id; discord.js paces it by the rate-limit headers.
    async edit(ref, message) {
      try {
        const target = await sendable(ref.channelId);
        if (!('messages' in target)) throw new PostError('the bot cannot edit messages in this kind of channel', true);
        await target.messages.edit(ref.messageId, rendered(message));
      } catch (error) {
        throw asPostError(error, 'could not edit a card: ');
      }
    },
  };
}

/** A bot message is the slot's when it carries the same header text, or the same paper's card. */
function sameMessage(m: Message, message: Outgoing): boolean {
  if (message.kind !== 'paper') return m.content === rendered(message).content;
  return m.embeds.some((e) => e.url === message.card.url);
}

function asPostError(error: unknown, prefix = ''): PostError {
  if (error instanceof PostError) return error;
  if (error instanceof DiscordAPIError && typeof error.code === 'number' && LOST_ACCESS[error.code]) {
    return new PostError(prefix + LOST_ACCESS[error.code]!, true, { cause: error });
  }
  return new PostError(prefix + (error instanceof Error ? error.message : String(error)), false, { cause: error });
}
