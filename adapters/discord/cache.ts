import { Options, type ClientOptions } from 'discord.js';

/** How long the bot's own posted messages stay cached (s); votes never need them (partials work). */
const MESSAGE_LIFETIME_S = 30 * 60;

/**
 * Cache limits and sweepers for a bot that needs only guilds, channels (with roles and permission
 * overwrites, for admin checks) and its own recent messages: everything discord.js would otherwise
 * keep growing (members, users, reactions, emojis, …) is capped at nothing but the bot itself.
 * Guild, channel, role and overwrite caches stay unlimited: discord.js does not support limiting
 * them. https://discordjs.guide/miscellaneous/cache-customization.html
 */
export function discordCacheOptions(): Pick<ClientOptions, 'makeCache' | 'sweepers'> {
  const isBot = (x: { id: string; client: { user: { id: string } | null } }) => x.id === x.client.user?.id;
  return {
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 25,
      ReactionManager: 0,
      ReactionUserManager: 0,
      GuildMemberManager: { maxSize: 0, keepOverLimit: isBot },
      UserManager: { maxSize: 0, keepOverLimit: isBot },
      PresenceManager: 0,
      VoiceStateManager: 0,
      GuildEmojiManager: 0,
      BaseGuildEmojiManager: 0,
      GuildStickerManager: 0,
      GuildScheduledEventManager: 0,
      GuildInviteManager: 0,
      GuildBanManager: 0,
      StageInstanceManager: 0,
      ThreadMemberManager: 0,
      AutoModerationRuleManager: 0,
    }),
    sweepers: {
      ...Options.DefaultSweeperSettings,
      messages: { interval: MESSAGE_LIFETIME_S, lifetime: MESSAGE_LIFETIME_S },
    },
  };
}
