import { performance } from 'node:perf_hooks';
import { launchBot } from '../adapters/bot/bot.js';
import { startScheduler } from '../adapters/bot/cron.js';
import { createManualClock } from '../src/ports/clock.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/ports/logger.js';
import { DEFAULT_DIGEST_SETTINGS, type Platform } from '../src/model.js';
import { createMemoryBackend } from '../src/store/memory-backend.js';
import type { Subscription } from '../src/subscriptions/subscription.js';
import { createDiscordFake, DEFAULTS } from '../test/fakes/discord/fake.js';
import { createHfFake } from '../test/fakes/hf-fake.js';
import { createSlackFake } from '../test/fakes/slack/fake.js';
import { mib } from './machine.js';

const DISCORD_GLOBAL_PER_S = 50;
const DISCORD_CHANNEL = { limit: 5, windowMs: 5000 };
const SLACK = { perSecond: 1, burst: 3 };

/**
 * Fan-out of a 5-paper digest (a header and 5 papers: 6 messages) to `perPlatform` Discord and
 * `perPlatform` Slack channels at the same minute, through the real discord.js and Bolt clients,
 * against local fakes that enforce the documented limits. Compares wall time with the floor the
 * limits imply.
 */
export async function benchFanout(perPlatform = 500): Promise<string[]> {
  const hf = await createHfFake();
  const channels = Array.from({ length: perPlatform }, (_, i) => String(310_000_000_000_000_000n + BigInt(i)));
  const discord = await createDiscordFake({
    guilds: [{ id: DEFAULTS.guildId, channels: channels.map((id, i) => ({ id, name: `papers-${i}` })) }],
    rateLimits: { globalPerSecond: DISCORD_GLOBAL_PER_S, channelMessages: DISCORD_CHANNEL },
  });
  const slack = await createSlackFake({ rateLimit: SLACK });
  const slackChannels = Array.from({ length: perPlatform }, (_, i) => `C${String(i).padStart(6, '0')}`);
  const config = loadConfig({
    STORE_URL: 'memory://',
    HF_API_URL: hf.url,
    ARXIV_API_URL: `${hf.url}/arxiv/query`,
    LOG_LEVEL: 'silent',
    DISCORD_TOKEN: 'fake-token-xxxxxxxxxxxxxxxxxxxxxxxx',
    DISCORD_API_URL: discord.apiUrl,
    DISCORD_GUILD_ID: DEFAULTS.guildId,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: 'bench-secret',
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
  });
  // 09:00 UTC on Saturday 13 June: every channel is due, showing Friday 12 June's settled list.
  const clock = createManualClock('2026-06-13T09:00:30Z');
  // The bot as `paperfeed start` builds it; the benchmark runs the scheduler's tick itself.
  const bot = await launchBot(config, silentLogger, {
    clock,
    backend: createMemoryBackend(),
    scheduler: false,
    metrics: { defaultMetrics: false },
  });
  const subscribe = async (platform: Platform, teamId: string, channelId: string) => {
    const sub: Subscription = {
      channel: { platform, teamId, channelId },
      time: '09:00',
      timeZone: 'UTC',
      settings: { ...DEFAULT_DIGEST_SETTINGS, count: 5 },
      day: 'previous',
      emptyDayNote: true,
      createdAt: '2026-06-01T00:00:00Z',
      createdBy: 'bench',
      failures: 0,
    };
    await bot.stores.subscriptions.put(sub);
  };
  for (const id of channels) await subscribe('discord', DEFAULTS.guildId, id);
  for (const id of slackChannels) await subscribe('slack', 'T0001', id);
  const { stores, deliveries } = bot;
  const scheduler = startScheduler({
    stores,
    clock,
    logger: silentLogger,
    deliveries,
    cron: false,
    tickOnStart: false,
  });

  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const t0 = performance.now();
  const results = await scheduler.tick();
  const wall = (performance.now() - t0) / 1000;
  clearInterval(sampler);

  const discordCounts = channels.map((id) => discord.messagesIn(id).length);
  const slackCounts = slackChannels.map((id) => slack.messages(id).length);
  const all = [...discordCounts, ...slackCounts];
  const lost = all.reduce((n, c) => n + Math.max(0, 6 - c), 0);
  const dupes = all.reduce((n, c) => n + Math.max(0, c - 6), 0);
  // The floor: Discord's global cap over every request it must serve, or one channel's own
  // bucket (6 messages at 5 per 5 s), or one Slack channel (a burst of 3, then 1 per second).
  const discordFloor = Math.max((perPlatform * 6) / DISCORD_GLOBAL_PER_S, DISCORD_CHANNEL.windowMs / 1000);
  const slackFloor = (6 - SLACK.burst) / SLACK.perSecond;
  const floor = Math.max(discordFloor, slackFloor);

  await scheduler.stop();
  await bot.stop();
  await Promise.all([discord.close(), slack.close(), hf.close()]);
  return [
    `fan-out: ${perPlatform} Discord + ${perPlatform} Slack channels × 6 messages (${results.length} deliveries): wall ${wall.toFixed(1)} s, floor ${floor.toFixed(1)} s (Discord ${discordFloor.toFixed(1)} s at ${DISCORD_GLOBAL_PER_S} req/s, Slack ${slackFloor.toFixed(1)} s) → ${(wall / floor).toFixed(2)}× the floor (target ≤ 1.2×)`,
    `fan-out: messages lost ${lost}, duplicates ${dupes}; 429s received: Discord ${discord.stats.rateLimited} (${discord.stats.globalRateLimited} global), Slack ${slack.rateLimitedCount}; peak RSS ${mib(peak)}`,
  ];
}
