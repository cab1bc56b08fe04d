import { Client, Events, GatewayIntentBits, Partials, ShardClientUtil, Status } from 'discord.js';
import { definitions } from '../../commands/index.js';
import type { DiscordSharding } from '../../src/config.js';
import { createRateLimitedLogger } from '../../src/ports/logger.js';
import type { ChannelRef } from '../../src/model.js';
import { createReceiptOrders } from '../../src/votes/receipt-order.js';
import type { PlatformAdapter, PlatformDeps, PlatformHandlers, RunningPlatform } from '../bot/platform.js';
import { rememberGuildRegistration, removeStaleGuildCopies } from './command-copies.js';
import { discordCacheOptions, REST_QUEUE_SWEEP_MS } from './cache.js';
import { registerCommands } from './commands.js';
import { DM_LAYOUTS, isDmTeam } from './direct.js';
import { handleInteraction } from './interactions.js';
import { createDiscordNames } from './names.js';
import { createDiscordPoster } from './poster.js';
import { CARDS_PER_REPLY } from './render.js';
import { listenForVotes } from './reactions.js';
import { createDiscordClubPoster } from './club.js';
import { listenForClaims } from './reading.js';

export interface DiscordOptions extends DiscordSharding {
  token: string;
  apiUrl: string;
  guildId?: string;
  /** REST overrides for tests (retries, timeouts). */
  rest?: { retries?: number; timeout?: number };
}

/** The Discord adapter, with the discord.js client it runs (tests look at its caches). */
export interface DiscordAdapter extends PlatformAdapter {
  readonly client: Client;
}

/**
 * discord.js with the fewest intents that work (guilds for slash commands, guild message reactions
 * for votes, guild messages for learning that a voted message was deleted, direct message reactions
 * for votes in a person's own feed; none privileged).
 * Starting it logs in, registers `/papers`, and routes interactions and reactions to the handlers.
 */
export function createDiscordAdapter(options: DiscordOptions, deps: PlatformDeps): DiscordAdapter {
  const client = new Client({
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.GuildMessageReactions,
      // Votes on the papers of a person's own feed, in their DM (DM channels arrive as Partials.Channel).
      GatewayIntentBits.DirectMessageReactions,
    ],
    // Reactions on messages posted before a restart arrive as partials; they still count.
    partials: [Partials.Message, Partials.Channel, Partials.Reaction, Partials.User],
    rest: { api: options.apiUrl, handlerSweepInterval: REST_QUEUE_SWEEP_MS, ...options.rest },
    allowedMentions: { parse: [] },
    ...(options.shards !== undefined ? { shards: options.shards } : {}),
    ...(options.shardCount !== undefined ? { shardCount: options.shardCount } : {}),
    ...discordCacheOptions(),
  });
  const names = createDiscordNames(client, deps.clock.now);
  return {
    platform: 'discord',
    name: 'discord',
    client,
    poster: createDiscordPoster(client, deps.clock),
    club: createDiscordClubPoster(client, names),
    // discord.js paces every request from the rate-limit headers; two edits in flight keep up with a busy day.
    editPace: { concurrency: 2 },
    terms: {
      platform: 'discord',
      adminRequirement: 'the Manage Channels (or Manage Server) permission in this channel',
      voteEmoji: deps.voteEmoji,
      readEmoji: deps.readEmoji,
      cardsPerReply: CARDS_PER_REPLY,
      channelMention: (id) => `<#${id}>`,
      // A DM's messages link under `@me` (direct.ts).
      messageLink: (channel, ref) =>
        `https://discord.com/channels/${isDmTeam(channel.teamId) ? '@me' : channel.teamId}/${ref.channelId}/${ref.messageId}`,
      displayNames: (channel, voters) => names(channel.teamId, voters),
      directMessageLayouts: DM_LAYOUTS,
    },
    start: (handlers) => startDiscord(client, options, deps, handlers),
  };
}

async function startDiscord(
  client: Client,
  options: DiscordOptions,
  deps: PlatformDeps,
  handlers: PlatformHandlers,
): Promise<RunningPlatform> {
  const { logger, clock } = deps;
  // Discord's reaction events carry no time: each is ordered on arrival, in this start's epoch.
  const orders = await createReceiptOrders({ takeEpoch: () => deps.stores.votes.nextOrderEpoch(), logger });
  client.on(Events.InteractionCreate, (i) => {
    handleInteraction(i, handlers.commands, clock).catch((error: unknown) =>
      logger.error('discord interaction failed', { id: i.id, error }),
    );
  });
  const botUserId = () => client.user?.id;
  listenForVotes(
    client,
    { votes: handlers.votes, orders, voteEmoji: deps.voteEmoji, downvoteEmoji: deps.downvoteEmoji, botUserId },
    logger,
  );
  listenForClaims(client, { claims: handlers.claims, orders, readEmoji: deps.readEmoji, botUserId }, logger);
  reportLibrary(client, deps);
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  try {
    await client.login(options.token);
    const readyClient = await ready;
    const { shards, shardCount } = shardsOf(readyClient);
    // One process of a sharded bot registers /papers: the one running shard 0.
    if (shards.includes(0)) await register(readyClient, options, deps);
    logger.info('discord ready', {
      user: readyClient.user.tag,
      guilds: readyClient.guilds.cache.size,
      shards,
      shardCount,
    });
    return {
      assertConnected: () => assertGatewayReady(client),
      serves: (channel: ChannelRef) =>
        channel.platform === 'discord' && shards.includes(shardOfGuild(channel.teamId, shardCount)),
      async stop() {
        await client.destroy();
        // In a ShardingManager child, discord.js listens on the IPC channel, which would hold the process open.
        if (client.shard) process.channel?.unref();
      },
    };
  } catch (error) {
    // An open gateway connection would keep the process alive after a failed start.
    await client.destroy();
    throw error;
  }
}

/** Registers `/papers` (in the test server, or globally, removing guild copies left from earlier runs). */
async function register(client: Client<true>, options: DiscordOptions, deps: PlatformDeps): Promise<void> {
  const { logger, stores, clock } = deps;
  const registered = await registerCommands(client, definitions(), options.guildId, logger);
  if (options.guildId) return rememberGuildRegistration(stores.backend, options.guildId, clock.now());
  await removeStaleGuildCopies({
    rest: client.rest,
    applicationId: client.application.id,
    backend: stores.backend,
    guildIds: [...client.guilds.cache.keys()],
    globalChanged: registered === 'registered',
    logger,
  }).catch((error: unknown) =>
    logger.warn('discord: could not remove guild copies of /papers; see `paperfeed deploy-commands`', { error }),
  );
}

/** discord.js's connection trouble into the log (the same text at most once a minute), its rate limits into metrics. */
function reportLibrary(client: Client, { logger, clock, metrics }: PlatformDeps): void {
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
