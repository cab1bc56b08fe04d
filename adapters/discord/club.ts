import {
  ButtonStyle,
  ComponentType,
  DiscordAPIError,
  Routes,
  type APIActionRowComponent,
  type APIButtonComponent,
  type Client,
  type SendableChannels,
} from 'discord.js';
import { TAKEAWAY_ACTION, TAKEAWAY_LABEL, type ClubMessage, type ClubPoster } from '../../src/club/club-poster.js';
import { PostError } from '../../src/delivery/channel-poster.js';
import type { MessageRef } from '../../src/model.js';
import { truncate } from '../../src/text/truncate.js';
import { discordText } from './markdown.js';
import type { createDiscordNames } from './names.js';
import { DISCORD_LIMITS } from './render.js';

/** "A thread has already been created for this message." */
const THREAD_EXISTS = 160004;
/** Errors that mean the message or channel is gone, or the bot may not post there. */
const GONE = new Set([10003, 10008, 50001, 50013]);

/** A club message as discord.js sends it: mentions off, but for the one person `mention` names. */
export function clubPayload(m: ClubMessage) {
  const userId = m.mention ? /^discord:(\d{1,20})$/.exec(m.mention)?.[1] : undefined;
  const row: APIActionRowComponent<APIButtonComponent> | undefined = m.takeawayFor
    ? {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Primary,
            label: TAKEAWAY_LABEL,
            custom_id: `${TAKEAWAY_ACTION}:${m.takeawayFor}`.slice(0, DISCORD_LIMITS.customId),
          },
        ],
      }
    : undefined;
  return {
    content: truncate(`${userId ? `<@${userId}> ` : ''}${discordText(m.text)}`, DISCORD_LIMITS.content),
    components: row ? [row] : [],
    allowedMentions: { parse: [] as [], users: userId ? [userId] : [] },
  };
}

const asPostError = (error: unknown, what: string) =>
  error instanceof PostError
    ? error
    : new PostError(`${what}: ${error instanceof Error ? error.message : String(error)}`, isGone(error), {
        cause: error,
      });
const isGone = (error: unknown) => error instanceof DiscordAPIError && GONE.has(Number(error.code));

/**
 * The reading club on Discord. A paper's thread is the thread started on its message (its id is
 * the message's, so it is found again after a restart; starting it twice answers 160004, which
 * means it is there); a message already in a thread (thread layout) or a forum post is answered in
 * that thread. DMs go through `users.send`; one the person does not accept (50007) is undefined.
 */
export function createDiscordClubPoster(client: Client, names: ReturnType<typeof createDiscordNames>): ClubPoster {
  const sendable = async (id: string): Promise<SendableChannels> => {
    const channel = await client.channels.fetch(id);
    if (!channel?.isSendable()) throw new PostError('the bot cannot post in this channel', true);
    return channel;
  };
  /** The thread of a paper's message: the one it is in, or the one started on it. */
  async function threadOf(ref: MessageRef, name: string): Promise<SendableChannels> {
    const channel = await client.channels.fetch(ref.channelId);
    if (!channel) throw new PostError('the bot cannot see this channel', true);
    if (channel.isThread()) return sendable(channel.id);
    if (!client.channels.cache.has(ref.messageId)) {
      try {
        await client.rest.post(Routes.threads(ref.channelId, ref.messageId), {
          body: { name: truncate(name, 100) || 'Discussion', auto_archive_duration: 10080 },
        });
      } catch (error) {
        if (!(error instanceof DiscordAPIError && error.code === THREAD_EXISTS)) throw error;
      }
    }
    return sendable(ref.messageId);
  }
  return {
    async replyInThread(paperMessage, message, threadName) {
      try {
        const thread = await threadOf(paperMessage, threadName);
        const sent = await thread.send(clubPayload(message));
        return { platform: 'discord', channelId: thread.id, messageId: sent.id };
      } catch (error) {
        throw asPostError(error, 'could not post in the paper thread');
      }
    },
    async edit(ref, message) {
      try {
        const channel = await sendable(ref.channelId);
        if (!('messages' in channel)) throw new PostError('the bot cannot edit messages here', true);
        await channel.messages.edit(ref.messageId, clubPayload(message));
      } catch (error) {
        throw asPostError(error, 'could not edit a club message');
      }
    },
    async directMessage(identity, message) {
      const userId = /^discord:(\d{1,20})$/.exec(identity)?.[1];
      if (!userId) return undefined;
      try {
        const sent = await client.users.send(userId, clubPayload(message));
        return { platform: 'discord', channelId: sent.channelId, messageId: sent.id };
      } catch (error) {
        // Discord answered (50007: the person takes no DMs from this server's members): not delivered.
        if (error instanceof DiscordAPIError) return undefined;
        throw asPostError(error, 'could not send a direct message');
      }
    },
    async displayName(ref, identity) {
      const channel = await client.channels.fetch(ref.channelId).catch(() => null);
      const guildId = channel && 'guildId' in channel ? channel.guildId : undefined;
      return guildId ? (await names(guildId, [identity])).get(identity) : undefined;
    },
  };
}
