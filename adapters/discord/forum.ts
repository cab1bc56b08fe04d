import {
  DiscordAPIError,
  REST,
  Routes,
  SnowflakeUtil,
  type APIThreadChannel,
  type Client,
  type ForumChannel,
} from 'discord.js';
import type { Outgoing } from '../../src/delivery/channel-poster.js';
import type { MessageRef } from '../../src/model.js';
import type { Clock } from '../../src/ports/clock.js';
import { truncate } from '../../src/text/truncate.js';
import { plainText } from '../../src/text/verbatim.js';
import { headerMessage, listMessage, paperMessage, type DiscordMessage } from './render.js';

/** Re-sends of a forum post whose answer was lost, each only after `find` showed it did not land. */
const UNKNOWN_OUTCOME_RETRIES = 2;
/** How far before an uncertain post's send time `find` looks (clock skew, ms). */
const FIND_SLACK_MS = 60_000;
/** A thread name is at most 100 characters (discord-api-docs resources/channel.mdx §Start Thread in Forum). */
const NAME_MAX = 100;
/**
 * Discord's limits for forum tags: 20 per forum, 5 per post, names of at most 20 characters
 * (https://discord.com/developers/docs/resources/channel#forum-tag-object).
 */
export const FORUM_TAG_LIMITS = { perForum: 20, perPost: 5, name: 20 } as const;

/** The tags a post asks for, in the core's order, cut to Discord's limits: names of 20 characters, five of them. */
export function forumTagNames(tags: readonly string[]): string[] {
  const names = tags.map((t) => t.slice(0, FORUM_TAG_LIMITS.name).trim()).filter((t) => t.length > 0);
  return [...new Set(names)].slice(0, FORUM_TAG_LIMITS.perPost);
}

export const rendered = (message: Outgoing): DiscordMessage =>
  message.kind === 'header'
    ? headerMessage(message.text)
    : message.kind === 'list'
      ? listMessage(message.text, message.cards)
      : paperMessage(message.card);

/** A forum post's title: the paper's title, or a header's first line (post titles render no Markdown). */
export const postName = (message: Outgoing): string =>
  truncate(message.kind === 'paper' ? message.card.title : plainText(message.text.split('\n')[0]!), NAME_MAX);

/**
 * Posts into a Discord forum channel: one forum post (a thread with its first message) per message,
 * with tags. Creating a forum post takes no nonce, and discord.js re-sends a request that timed out
 * by itself; so forum posts go through a REST client that never retries, and after an unknown
 * outcome the poster looks among the forum's active posts before posting again.
 */
export function createForumPoster(client: Client, clock: Clock) {
  let once: REST | undefined;
  const rest = () => (once ??= new REST({ ...client.rest.options, retries: 0 }).setToken(client.token ?? ''));

  /** The ids of `names` among the forum's tags, creating missing ones while the forum has room; none when the bot may not edit the forum. */
  async function tagIds(forum: ForumChannel, tags: readonly string[]): Promise<string[]> {
    const names = forumTagNames(tags);
    let available = forum.availableTags;
    const missing = names.filter((n) => !available.some((t) => t.name === n));
    const room = FORUM_TAG_LIMITS.perForum - available.length;
    if (missing.length && room > 0) {
      try {
        available = (await forum.setAvailableTags([...available, ...missing.slice(0, room).map((name) => ({ name }))]))
          .availableTags;
      } catch (error) {
        // Missing Manage Channels (or any refusal): post with the tags that exist.
        if (!(error instanceof DiscordAPIError)) throw error;
      }
    }
    // A moderated tag may only be applied by members with Manage Threads.
    const ids = names.flatMap((n) => available.filter((t) => t.name === n && !t.moderated).map((t) => t.id));
    return ids.slice(0, FORUM_TAG_LIMITS.perPost);
  }

  async function find(forum: ForumChannel, message: Outgoing, since: number): Promise<MessageRef | undefined> {
    const { threads } = await forum.guild.channels.fetchActiveThreads();
    const name = postName(message);
    const after = since - FIND_SLACK_MS;
    const hit = threads.find(
      (t) =>
        t.parentId === forum.id &&
        t.ownerId === client.user?.id &&
        t.name === name &&
        SnowflakeUtil.timestampFrom(t.id) >= after,
    );
    return hit && { platform: 'discord', channelId: hit.id, messageId: hit.id };
  }

  return {
    find,
    async post(
      forum: ForumChannel,
      message: Outgoing,
      tags: readonly string[],
      key: string | undefined,
    ): Promise<MessageRef> {
      const { content, embeds, components } = rendered(message);
      const body = {
        name: postName(message),
        message: { ...(content ? { content } : {}), embeds, components, allowed_mentions: { parse: [] } },
        applied_tags: await tagIds(forum, tags),
      };
      const sentAt = clock.now();
      for (let attempt = 0; ; attempt++) {
        try {
          const thread = (await rest().post(Routes.threads(forum.id), { body })) as APIThreadChannel & {
            message?: { id: string };
          };
          // The post's first message has the thread's id; reactions on it arrive with the thread as their channel.
          return { platform: 'discord', channelId: thread.id, messageId: thread.message?.id ?? thread.id };
        } catch (error) {
          if (!key || error instanceof DiscordAPIError || attempt >= UNKNOWN_OUTCOME_RETRIES) throw error;
          const landed = await find(forum, message, sentAt);
          if (landed) return landed;
        }
      }
    },
  };
}
