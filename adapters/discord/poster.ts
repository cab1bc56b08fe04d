import { DiscordAPIError, type Client } from 'discord.js';
import { PostError, type ChannelPoster } from '../../src/delivery.js';
import { headerMessage, paperMessage } from './render.js';

/** Discord error codes that mean the bot cannot post here until someone fixes it. */
const LOST_ACCESS: Record<number, string> = {
  10003: 'the channel no longer exists (Unknown Channel)',
  50001: 'the bot cannot see this channel (Missing Access)',
  50013: 'the bot lacks permission to post here (Missing Permissions)',
};

/** Posts digest messages with discord.js; rate limits are left to discord.js's REST queue. */
export function createDiscordPoster(client: Client): ChannelPoster {
  return {
    async post(channel, message) {
      try {
        const target = await client.channels.fetch(channel.channelId);
        if (!target || !target.isSendable()) throw new PostError('the bot cannot post in this kind of channel', true);
        const payload = message.kind === 'header' ? headerMessage(message.text) : paperMessage(message.card);
        const sent = await target.send(payload);
        return { platform: 'discord', channelId: channel.channelId, messageId: sent.id };
      } catch (error) {
        if (error instanceof PostError) throw error;
        if (error instanceof DiscordAPIError && typeof error.code === 'number' && LOST_ACCESS[error.code]) {
          throw new PostError(LOST_ACCESS[error.code]!, true, { cause: error });
        }
        throw new PostError(error instanceof Error ? error.message : String(error), false, { cause: error });
      }
    },
  };
}
