import { randomUUID } from 'node:crypto';
import { Client, Events, GatewayIntentBits, Partials, ShardClientUtil, Status } from 'discord.js';
import { definitions } from '../../commands/index.js';
import type { CommandContext } from '../../commands/types.js';
import type { DiscordSharding } from '../../src/config.js';
import { createDelivery, type Delivery } from '../../src/delivery/delivery.js';
import { createRateLimitedLogger } from '../../src/ports/logger.js';
import type { ChannelRef } from '../../src/model.js';
import { observePoster } from '../../src/delivery/observed-poster.js';
import { createReceiptOrders } from '../../src/votes/receipt-order.js';
import type { Core } from '../bot/core.js';
import { rememberGuildRegistration, removeStaleGuildCopies } from './command-copies.js';
import { discordCacheOptions, REST_QUEUE_SWEEP_MS } from './cache.js';
import { registerCommands } from './commands.js';
import { handleInteraction, isDiscordAdmin } from './interactions.js';
import { createDiscordNames } from './names.js';
import { createDiscordPoster } from './poster.js';
import { CARDS_PER_REPLY } from './render.js';
import { listenForVotes } from './reactions.js';

export interface DiscordAdapter {
  client: Client<true>;
  delivery: Delivery;
  /** Readiness: throws unless every gateway shard is connected and ready. */
  assertConnected(): void;
  /**
   * Whether this process runs the shard of the channel's guild: the scheduler posts only those,
   * so processes of a sharded bot split the channels (the ledger's lease still rules out doubles).
   */
  serves(channel: ChannelRef): boolean;
  stop(): Promise<void>;
}

export interface DiscordOptions extends DiscordSharding {
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
 * for votes, guild messages for learning that a voted message was deleted; none privileged), registers
 * `/papers`, and routes interactions and reactions into the core.
 */
export async function startDiscord(core: Core, options: DiscordOptions): Promise<DiscordAdapter> {
  const { logger, stores, feed, clock, config, metrics } = core;
  // Discord's reaction events carry no time: each is ordered on arrival, in this start's epoch.
  const orders = await createReceiptOrders({ takeEpoch: () => stores.votes.nextOrderEpoch(), logger });
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.GuildMessageReactions],
    // Reactions on messages posted before a restart arrive as partials; they still count.
    partials: [Partials.Message, Partials.Channel, Partials.Reaction, Partials.User],
    rest: { api: options.apiUrl, handlerSweepInterval: REST_QUEUE_SWEEP_MS, ...options.rest },
    allowedMentions: { parse: [] },
    ...(options.shards !== undefined ? { shards: options.shards } : {}),
    ...(options.shardCount !== undefined ? { shardCount: options.shardCount } : {}),
    ...discordCacheOptions(),
  });
  const delivery = createDelivery({
    feed,
    stores,
    clock,
    logger,
    poster: core.liveCards.attach('discord', observePoster(createDiscordPoster(client), 'discord', core), {
      concurrency: 2,
    }),
    owner: options.owner ?? randomUUID(),
    voteEmoji: config.voteEmoji,
  });
  const names = createDiscordNames(client, clock.now);
  const makeContext = (i: Parameters<Parameters<typeof handleInteraction>[1]>[0]): CommandContext => ({
    feed,
    stores,
    clock,
    logger,
    metrics,
    delivery,
    channel: { platform: 'discord', teamId: i.guildId, channelId: i.channelId },
    userId: `discord:${i.user.id}`,
    isAdmin: isDiscordAdmin(i),
    adminRequirement: 'the Manage Channels (or Manage Server) permission in this channel',
    voteEmoji: config.voteEmoji,
    cardsPerReply: CARDS_PER_REPLY,
    channelMention: (id) => `<#${id}>`,
    messageLink: (ref) => `https://discord.com/channels/${i.guildId}/${ref.channelId}/${ref.messageId}`,
    displayNames: (voters) => names(i.guildId, voters),
  });

  client.on(Events.InteractionCreate, (i) => {
    handleInteraction(i, makeContext).catch((error: unknown) =>
      logger.error('discord interaction failed', { id: i.id, error }),
    );
  });
  const botUserId = () => client.user?.id;
  listenForVotes(client, { votes: core.votes, orders, voteEmoji: config.voteEmoji, botUserId }, logger);
  // discord.js reports connection trouble through these events; the same text at most once a minute.
  const library = createRateLimitedLogger(logger, { now: clock.now });
  client.on(Events.Warn, (message) => library.warn(`discord.js: ${message}`));
  client.on(Events.Error, (error) => library.error(`discord.js: ${error.message}`, { error }));
  client.rest.on('rateLimited', (info) => {
    metrics.rateLimitWait('discord', info.timeToReset);
    logger.debug('discord rate limited', { route: info.route, ms: info.timeToReset });
  });
  client.rest.on('response', (_request, response) => {
    if (response.status === 429) {
      // discord.js sleeps out a 429's Retry-After before retrying, without a 'rateLimited' event.
      metrics.rateLimited('discord');
      metrics.rateLimitWait('discord', Number(response.headers.get('retry-after') ?? 0) * 1000);
    }
    // discord.js hands listeners a clone of each response; nobody reads its body.
    if (response.body && 'cancel' in response.body) void response.body.cancel().catch(() => undefined);
  });

  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  try {
    await client.login(options.token);
    const readyClient = await ready;
    const stop = async () => {
      await client.destroy();
      // In a ShardingManager child, discord.js listens on the IPC channel, which would hold the process open.
      if (client.shard) process.channel?.unref();
    };
    const { shards, shardCount } = shardsOf(readyClient);
    // One process of a sharded bot registers /papers: the one running shard 0.
    if (shards.includes(0)) {
      const registered = await registerCommands(readyClient, definitions(), options.guildId, logger);
      if (options.guildId) await rememberGuildRegistration(stores.backend, options.guildId, clock.now());
      else {
        await removeStaleGuildCopies({
          rest: client.rest,
          applicationId: readyClient.application.id,
          backend: stores.backend,
          guildIds: [...readyClient.guilds.cache.keys()],
          globalChanged: registered === 'registered',
          logger,
        }).catch((error: unknown) =>
          logger.warn('discord: could not remove guild copies of /papers; see `paperfeed deploy-commands`', { error }),
        );
      }
    }
    logger.info('discord ready', {
      user: readyClient.user.tag,
      guilds: readyClient.guilds.cache.size,
      shards,
      shardCount,
    });
    const serves = (channel: ChannelRef) =>
      channel.platform === 'discord' && shards.includes(shardOfGuild(channel.teamId, shardCount));
    return { client: readyClient, delivery, assertConnected: () => assertGatewayReady(client), serves, stop };
  } catch (error) {
    // An open gateway connection would keep the process alive after a failed start.
    await client.destroy();
    throw error;
  }
}

/** The shards this client runs and the bot's total, as discord.js settled them at login (`auto` resolved). */
function shardsOf(client: Client): { shards: number[]; shardCount: number } {
  const { shards, shardCount } = client.options;
  return { shards: Array.isArray(shards) ? shards : [0], shardCount: shardCount ?? 1 };
}

/** Discord's `(guild_id >> 22) % shard_count`; anything not in a guild (a DM) is shard 0's. */
function shardOfGuild(guildId: string, shardCount: number): number {
  return /^\d{1,20}$/.test(guildId) ? ShardClientUtil.shardIdForGuildId(guildId, shardCount) : 0;
}

function assertGatewayReady(client: Client): void {
  const shards = [...client.ws.shards.values()];
  if (shards.length === 0) throw new Error('gateway not connected');
  const down = shards.find((s) => s.status !== Status.Ready);
  if (down) throw new Error(`gateway ${Status[down.status]?.toLowerCase() ?? 'not ready'} (shard ${down.id})`);
}
