import { DiscordAPIError, SnowflakeUtil, type Client, type Message, type SendableChannels } from 'discord.js';
import { PostError, type ChannelPoster, type Outgoing } from '../../src/delivery.js';
import type { ChannelRef } from '../../src/model.js';
import { headerMessage, paperMessage } from './render.js';

/** Discord error codes that mean the bot cannot post here until someone fixes it. */
const LOST_ACCESS: Record<number, string> = {
  10003: 'the channel no longer exists (Unknown Channel)',
  50001: 'the bot cannot see this channel (Missing Access)',
  50013: 'the bot lacks permission to post here (Missing Permissions)',
  10008: 'the message no longer exists (Unknown Message)',
};

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
 */
export function createDiscordPoster(client: Client): ChannelPoster {
  const sendable = async (channel: ChannelRef): Promise<SendableChannels> => {
    const target = await client.channels.fetch(channel.channelId);
    if (!target || !target.isSendable()) throw new PostError('the bot cannot post in this kind of channel', true);
    return target;
  };
  return {
    async post(channel, message, options) {
      try {
        const target = await sendable(channel);
        const rendered = message.kind === 'header' ? headerMessage(message.text) : paperMessage(message.card);
        const payload = options?.key ? { ...rendered, nonce: options.key, enforceNonce: true } : rendered;
        for (let attempt = 0; ; attempt++) {
          try {
            const sent = await target.send(payload);
            return { platform: 'discord', channelId: channel.channelId, messageId: sent.id };
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
    async find(channel, message, { since }) {
      try {
        const target = await sendable(channel);
        if (!('messages' in target)) return undefined;
        const after = SnowflakeUtil.generate({ timestamp: Math.max(since - FIND_SLACK_MS, 1_420_070_400_000) }).toString();
        const recent = await target.messages.fetch({ after, limit: 100, cache: false });
        const hit = recent.find((m) => m.author.id === client.user?.id && sameMessage(m, message));
        return hit && { platform: 'discord', channelId: channel.channelId, messageId: hit.id };
      } catch (error) {
        throw asPostError(error, 'could not check whether an earlier post landed: ');
      }
    },
    // Live cards: PATCH /channels/:id/messages/:id keeps the message id; discord.js paces it by the rate-limit headers.
    async edit(ref, message) {
      try {
        const target = await sendable({ platform: 'discord', teamId: '', channelId: ref.channelId });
        if (!('messages' in target)) throw new PostError('the bot cannot edit messages in this kind of channel', true);
        await target.messages.edit(ref.messageId, message.kind === 'header' ? headerMessage(message.text) : paperMessage(message.card));
      } catch (error) {
        throw asPostError(error, 'could not edit a card: ');
      }
    },
  };
}

/** A bot message is the slot's when it carries the same header text, or the same paper's card. */
function sameMessage(m: Message, message: Outgoing): boolean {
  if (message.kind === 'header') return m.content === headerMessage(message.text).content;
  return m.embeds.some((e) => e.url === message.card.url);
}

function asPostError(error: unknown, prefix = ''): PostError {
  if (error instanceof PostError) return error;
  if (error instanceof DiscordAPIError && typeof error.code === 'number' && LOST_ACCESS[error.code]) {
    return new PostError(prefix + LOST_ACCESS[error.code]!, true, { cause: error });
  }
  return new PostError(prefix + (error instanceof Error ? error.message : String(error)), false, { cause: error });
}
