import {
  AutoModerationRuleManager,
  BaseGuildEmojiManager,
  Collection,
  GuildBanManager,
  GuildEmojiManager,
  GuildInviteManager,
  GuildMemberManager,
  GuildScheduledEventManager,
  GuildStickerManager,
  LimitedCollection,
  MessageManager,
  Options,
  PresenceManager,
  ReactionManager,
  ReactionUserManager,
  StageInstanceManager,
  ThreadMemberManager,
  UserManager,
  VoiceStateManager,
  type CacheFactory,
  type ClientOptions,
  type LimitedCollectionOptions,
} from 'discord.js';

/**
 * Messages kept per channel: none. The GuildMessages intent (for MESSAGE_DELETE, which takes a
 * deleted message's votes away) delivers every message of every channel the bot can see, and the
 * bot needs none of them: votes work on partials, live cards edit by id, posts use what `send`
 * returns. A per-channel cache of 25 would hold 25 × every busy channel.
 */
const MESSAGES_PER_CHANNEL = 0;

/**
 * How often discord.js drops its idle REST queues (ms; its default is an hour). It keeps one queue
 * per rate-limit bucket and major parameter, and a webhook's major parameter includes its token:
 * every deferred answer, edited through /webhooks/<application>/<interaction token>, left a queue
 * behind (about 0.5 KB) for up to an hour. A queue that is busy or rate limited is not dropped.
 */
export const REST_QUEUE_SWEEP_MS = 60_000;

type Limit = number | LimitedCollectionOptions<unknown, unknown>;
/** A manager class, compared by identity (some have private constructors in the typings). */
type ManagerClass = { readonly prototype: unknown };

/**
 * Cache limits and sweepers for a bot that needs only guilds, channels (with roles and permission
 * overwrites, for admin checks) and its own recent messages: everything discord.js would otherwise
 * keep growing (members, users, reactions, emojis, …) is capped at nothing but the bot itself.
 * Guild, channel, role and overwrite caches stay unlimited: discord.js does not support limiting
 * them. https://discordjs.guide/miscellaneous/cache-customization.html
 */
export function discordCacheOptions(): Pick<ClientOptions, 'makeCache' | 'sweepers'> {
  const isBot = (x: { id: string; client: { user: { id: string } | null } }) => x.id === x.client.user?.id;
  const limits = new Map<ManagerClass, Limit>([
    [MessageManager, MESSAGES_PER_CHANNEL],
    [ReactionManager, 0],
    [ReactionUserManager, 0],
    [GuildMemberManager, { maxSize: 0, keepOverLimit: isBot as (x: unknown) => boolean }],
    [UserManager, { maxSize: 0, keepOverLimit: isBot as (x: unknown) => boolean }],
    [PresenceManager, 0],
    [VoiceStateManager, 0],
    [GuildEmojiManager, 0],
    [BaseGuildEmojiManager, 0],
    [GuildStickerManager, 0],
    [GuildScheduledEventManager, 0],
    [GuildInviteManager, 0],
    [GuildBanManager, 0],
    [StageInstanceManager, 0],
    [ThreadMemberManager, 0],
    [AutoModerationRuleManager, 0],
  ]);
  return { makeCache: cacheByClass(limits), sweepers: Options.DefaultSweeperSettings };
}

/**
 * Like discord.js's `Options.cacheWithLimits`, but looks a manager up by its class, not by the
 * class's name: a bundler may rename classes (esbuild without keepNames made `MessageManager`
 * `_MessageManager` and `UserManager` `UserManager2`), and then name-keyed limits silently match
 * nothing and every cache grows without bound. `manager` is the concrete class (a channel's
 * `GuildMessageManager`), `managerType` the one it caches as (`MessageManager`).
 */
function cacheByClass(limits: ReadonlyMap<ManagerClass, Limit>): CacheFactory {
  return ((managerType: ManagerClass, _holds: unknown, manager: ManagerClass) => {
    const limit = limits.get(manager) ?? limits.get(managerType);
    if (limit === undefined) return new Collection();
    return new LimitedCollection(typeof limit === 'number' ? { maxSize: limit } : limit);
  }) as unknown as CacheFactory;
}
