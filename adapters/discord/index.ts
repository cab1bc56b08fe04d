import { randomUUID } from 'node:crypto';
import { Client, Events, GatewayIntentBits, Partials, Status } from 'discord.js';
import { definitions } from '../../commands/index.js';
import type { CommandContext } from '../../commands/types.js';
import { createDelivery, type Delivery } from '../../src/delivery.js';
import { createRateLimitedLogger } from '../../src/logger.js';
import type { Core } from '../core.js';
import { discordCacheOptions } from './cache.js';
import { registerCommands } from './commands.js';
import { handleInteraction, isDiscordAdmin } from './interactions.js';
import { createDiscordPoster } from './poster.js';
import { handleReaction } from './reactions.js';

export interface DiscordAdapter {
  client: Client<true>;
  delivery: Delivery;
  /** Readiness: throws unless every gateway shard is connected and ready. */
  assertConnected(): void;
  stop(): Promise<void>;
}

export interface DiscordOptions {
  token: string;
  apiUrl: string;
  guildId?: string;
  /** Lease owner id of this process (shared with the scheduler). */
  owner?: string;
  /** REST overrides for tests (retries, timeouts). */
  rest?: { retries?: number; timeout?: number };
}

/**
 * Logs in with the fewest intents that work (guilds for slash commands, guild message reactions
 * for votes), registers `/papers`, and routes interactions and reactions into the core.
 */
export async function startDiscord(core: Core, options: DiscordOptions): Promise<DiscordAdapter> {
  const { logger, stores, feed, clock, config } = core;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessageReactions],
    // Reactions on messages posted before a restart arrive as partials; they still count.
    partials: [Partials.Message, Partials.Channel, Partials.Reaction, Partials.User],
    rest: { api: options.apiUrl, ...options.rest },
    allowedMentions: { parse: [] },
    ...discordCacheOptions(),
  });
  const delivery = createDelivery({
    feed, stores, clock, logger, poster: createDiscordPoster(client), owner: options.owner ?? randomUUID(), voteEmoji: config.voteEmoji,
  });
  const makeContext = (i: Parameters<Parameters<typeof handleInteraction>[1]>[0]): CommandContext => ({
    feed, stores, clock, logger, delivery,
    channel: { platform: 'discord', teamId: i.guildId, channelId: i.channelId },
    userId: `discord:${i.user.id}`,
    isAdmin: isDiscordAdmin(i),
    adminRequirement: 'the Manage Channels (or Manage Server) permission in this channel',
    voteEmoji: config.voteEmoji,
    channelMention: (id) => `<#${id}>`,
    messageLink: (ref) => `https://discord.com/channels/${i.guildId}/${ref.channelId}/${ref.messageId}`,
  });

  client.on(Events.InteractionCreate, (i) => {
    handleInteraction(i, makeContext).catch((error: unknown) => logger.error('discord interaction failed', { id: i.id, error }));
  });
  const onReaction = (change: 'add' | 'remove') => (reaction: Parameters<typeof handleReaction>[1], user: Parameters<typeof handleReaction>[2]) => {
    handleReaction(change, reaction, user, { stores, voteEmoji: config.voteEmoji, botUserId: client.user?.id, logger, now: clock.now }).catch(
      (error: unknown) => logger.error('discord reaction failed', { error }),
    );
  };
  client.on(Events.MessageReactionAdd, onReaction('add'));
  client.on(Events.MessageReactionRemove, onReaction('remove'));
  // discord.js reports connection trouble through these events; the same text at most once a minute.
  const library = createRateLimitedLogger(logger, { now: clock.now });
  client.on(Events.Warn, (message) => library.warn(`discord.js: ${message}`));
  client.on(Events.Error, (error) => library.error(`discord.js: ${error.message}`, { error }));
  client.rest.on('rateLimited', (info) => logger.debug('discord rate limited', { route: info.route, ms: info.timeToReset }));

  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  try {
    await client.login(options.token);
    const readyClient = await ready;
    await registerCommands(readyClient, definitions(), options.guildId, logger);
    logger.info('discord ready', { user: readyClient.user.tag, guilds: readyClient.guilds.cache.size });
    return { client: readyClient, delivery, assertConnected: () => assertGatewayReady(client), stop: () => client.destroy() };
  } catch (error) {
    // An open gateway connection would keep the process alive after a failed start.
    await client.destroy();
    throw error;
  }
}

function assertGatewayReady(client: Client): void {
  const shards = [...client.ws.shards.values()];
  if (shards.length === 0) throw new Error('gateway not connected');
  const down = shards.find((s) => s.status !== Status.Ready);
  if (down) throw new Error(`gateway ${Status[down.status]?.toLowerCase() ?? 'not ready'} (shard ${down.id})`);
}
