import { loadConfig, type DiscordSharding } from '../../src/config.js';
import { createManualClock } from '../../src/ports/clock.js';
import { createMemoryLogger } from '../../src/ports/logger.js';
import { createMemoryBackend } from '../../src/store/memory-backend.js';
import type { Backend } from '../../src/store/backend.js';
import type { Client } from 'discord.js';
import { launchBot, type BotDeps } from '../../adapters/bot/bot.js';
import { startScheduler, type SchedulerOptions } from '../../adapters/bot/cron.js';
import { afterEach, beforeEach } from 'vitest';
import {
  ADMIN_PERMISSIONS,
  createDiscordFake,
  DEFAULTS,
  MEMBER_PERMISSIONS,
  type DiscordFake,
} from '../fakes/discord/fake.js';
import type { DiscordFakeOptions } from '../fakes/discord/types.js';
import type { HfFake } from '../fakes/hf-fake.js';

export const TOKEN = 'fake-token-xxxxxxxxxxxxxxxxxxxxxxxx';

/**
 * A real discord.js bot, built by the composition root (adapters/bot/bot.ts) as `paperfeed start`
 * builds it, pointed at local fakes; the clock stands on 2026-06-12 (New York day). No scheduler
 * runs: a test starts one on `adapter.delivery`. `sharding` runs some gateway shards of the bot,
 * as one process of a sharded bot; `rest` sets discord.js's retries and timeout; `more` tunes the
 * rest (live-card timings, …).
 *
 * `core` holds the bot's parts as tests reach them (stores, feed, live cards, votes); `adapter`
 * the Discord side (its client, delivery, readiness, shards; `stop` stops the whole bot).
 */
export async function startDiscordBot(
  discord: DiscordFake,
  hf: HfFake,
  backend: Backend = createMemoryBackend(),
  sharding: DiscordSharding = {},
  rest: { retries?: number; timeout?: number } = { retries: 0, timeout: 3000 },
  more: { env?: Record<string, string> } & BotDeps = {},
) {
  const { env, ...deps } = more;
  const config = loadConfig({
    STORE_URL: 'memory://',
    HF_API_URL: hf.url,
    ARXIV_API_URL: `${hf.url}/arxiv/query`,
    DISCORD_TOKEN: TOKEN,
    DISCORD_API_URL: discord.apiUrl,
    DISCORD_GUILD_ID: DEFAULTS.guildId,
    PORT: '0',
    ...env,
  });
  const logger = createMemoryLogger();
  const clock = createManualClock('2026-06-12T20:00:00Z');
  const bot = await launchBot(config, logger, {
    clock,
    backend,
    arxivMinIntervalMs: 0,
    scheduler: false,
    metrics: { defaultMetrics: false },
    platforms: { discord: { rest, ...sharding } },
    ...deps,
  });
  const running = bot.platforms.get('discord')!;
  const adapter = {
    client: bot.adapters.discord!.client as Client<true>, // started: logged in and ready
    delivery: bot.deliveries.get('discord')!,
    assertConnected: () => running.assertConnected(),
    serves: running.serves,
    stop: bot.stop,
  };
  return { core: bot, adapter: stopsOnce(adapter), logger, clock, backend };
}

export type DiscordBot = Awaited<ReturnType<typeof startDiscordBot>>;

/** The scheduler as the bot starts it (adapters/bot/bot.ts), on the bot's deliveries; started when the test says. */
export function startBotScheduler(
  bot: DiscordBot,
  options: Partial<Pick<SchedulerOptions, 'cron' | 'tickOnStart' | 'serves' | 'drainMs'>> = {},
) {
  const { stores, clock, logger, deliveries } = bot.core;
  return startScheduler({ stores, clock, logger, deliveries, ...options });
}

/** The bots started and not yet stopped, so discordBotPerTest also stops a bot a test started again. */
const live = new Set<{ stop(): Promise<void> }>();
function stopsOnce<T extends { stop(): Promise<void> }>(adapter: T): T {
  const stop = adapter.stop;
  live.add(adapter);
  adapter.stop = () => (live.delete(adapter) ? stop() : Promise.resolve());
  return adapter;
}

/**
 * The hooks most Discord test files share: before each test, a Discord fake (built from `fake`)
 * and a bot on it with a fresh memory store, handed to `use`; after each test, every bot still
 * running (also one the test started again) and the fake stopped.
 * `rest` sets discord.js's retries and timeout, as in startDiscordBot.
 */
export function discordBotPerTest(
  hf: () => HfFake,
  use: (discord: DiscordFake, bot: DiscordBot) => void,
  o: { fake?: DiscordFakeOptions; rest?: { retries?: number; timeout?: number } } = {},
) {
  let discord: DiscordFake | undefined;
  beforeEach(async () => {
    discord = await createDiscordFake(o.fake);
    use(discord, await startDiscordBot(discord, hf(), createMemoryBackend(), {}, o.rest));
  });
  afterEach(async () => {
    for (const adapter of [...live]) await adapter.stop();
    await discord?.close();
    discord = undefined;
  });
}

export interface Answer {
  /** 4 = immediate reply, 5 = deferred then edited. */
  type: number;
  content: string;
  embeds: {
    title?: string;
    description?: string;
    author?: { name: string };
    fields?: { name: string; value: string }[];
    footer?: { text: string };
  }[];
  components: { components: { custom_id?: string; label?: string; url?: string }[] }[];
  ephemeral: boolean;
  elapsedMs: number;
}

/** Runs `/papers <subcommand>` as a user and waits for the complete answer. */
export async function ask(
  discord: DiscordFake,
  subcommand: string,
  options: Record<string, string | number> = {},
  who: { admin?: boolean; userId?: string } = {},
): Promise<Answer> {
  const sent = discord.sendChatInput({
    name: 'papers',
    subcommand,
    options,
    permissions: who.admin ? ADMIN_PERMISSIONS : MEMBER_PERMISSIONS,
    userId: who.userId,
  });
  return answerOf(discord, sent.id, sent.token);
}

export async function answerOf(discord: DiscordFake, id: string, token: string): Promise<Answer> {
  const cb = await discord.waitForCallback(id, 5000);
  // The fake records the callback's `data` (message fields and flags).
  const data = (cb.data ?? {}) as Record<string, unknown>;
  let message = data;
  if (cb.type === 5) {
    const edit = await discord.waitFor(
      (r) => r.method === 'PATCH' && r.path.includes(token),
      8000,
      'the deferred reply to be edited',
    );
    message = edit.body as Record<string, unknown>;
  }
  const flags = Number(data.flags ?? 0);
  return {
    type: cb.type,
    content: String(message.content ?? ''),
    embeds: (message.embeds ?? []) as Answer['embeds'],
    components: (message.components ?? []) as Answer['components'],
    ephemeral: (flags & 64) === 64,
    elapsedMs: cb.elapsedMs,
  };
}
