import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { launchBot } from '../adapters/bot/bot.js';
import { startScheduler } from '../adapters/bot/cron.js';
import { createManualClock } from '../src/ports/clock.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/ports/logger.js';
import { DEFAULT_DIGEST_SETTINGS, type MessageRef, type Platform } from '../src/model.js';
import { createMemoryBackend } from '../src/store/memory-backend.js';
import { applyVote } from '../src/votes/votes.js';
import { createDiscordFake, DEFAULTS } from '../test/fakes/discord/fake.js';
import { createHfFake, fixtureDay } from '../test/fakes/hf-fake.js';
import { BOT_ID, BOT_USER_ID, createSlackFake } from '../test/fakes/slack/fake.js';

const DISCORD_GLOBAL_PER_S = 50;
const DISCORD_CHANNEL = { limit: 5, windowMs: 5000 };
const SLACK = { perSecond: 1, burst: 3 };
type Mode = 'none' | 'yielding' | 'not yielding';

/**
 * Live cards during a fan-out: the 5-paper digest to `perPlatform` Discord and `perPlatform`
 * Slack channels (as bench/fanout.ts), while one card from the day before in each channel (1,000
 * cards) gets a vote in the first seconds of the fan-out. Edits are due at once (no settling
 * wait), the harshest case. Measures the fan-out's wall time without edits, with edits yielding
 * to posts (the default), and with edits not yielding, against the floor the rate limits imply.
 */
export async function benchCards(perPlatform = 500): Promise<string[]> {
  const floor = Math.max(
    (perPlatform * 6) / DISCORD_GLOBAL_PER_S,
    DISCORD_CHANNEL.windowMs / 1000,
    (6 - SLACK.burst) / SLACK.perSecond,
  );
  const runs: Record<Mode, Run> = {
    none: await run(perPlatform, 'none'),
    yielding: await run(perPlatform, 'yielding'),
    'not yielding': await run(perPlatform, 'not yielding'),
  };
  const base = runs.none.wall;
  const pct = (w: number) => `${(((w - base) / base) * 100).toFixed(1)} %`;
  const y = runs.yielding;
  const n = runs['not yielding'];
  return [
    `live cards: ${perPlatform} Discord + ${perPlatform} Slack channels × 6 messages, ${perPlatform * 2} cards changing during it: fan-out wall ${base.toFixed(1)} s without edits, ${y.wall.toFixed(1)} s with edits (${pct(y.wall)}; target < 5 %), floor ${floor.toFixed(1)} s`,
    `live cards: edits landed during the fan-out ${y.editsDuring}; after it: Discord ${y.discordEdits}/${perPlatform} within ${y.discordDrain.toFixed(1)} s, Slack ${y.slackEdits}/${perPlatform} within ${y.slackWait.toFixed(0)} s (chat.update paced at Tier 3, 50/min: all ${perPlatform} take ~${Math.ceil(perPlatform / 50)} min); messages lost ${y.lost}, duplicates ${y.dupes}`,
    `live cards, edits not yielding to posts (for comparison): fan-out wall ${n.wall.toFixed(1)} s (${pct(n.wall)}), edits landed during it ${n.editsDuring}; 429s Discord ${n.discord429}, Slack ${n.slack429}`,
  ];
}

interface Run {
  wall: number;
  editsDuring: number;
  discordEdits: number;
  discordDrain: number;
  slackEdits: number;
  slackWait: number;
  lost: number;
  dupes: number;
  discord429: number;
  slack429: number;
}

async function run(perPlatform: number, mode: Mode): Promise<Run> {
  const hf = await createHfFake();
  const channels = Array.from({ length: perPlatform }, (_, i) => String(310_000_000_000_000_000n + BigInt(i)));
  const slackChannels = Array.from({ length: perPlatform }, (_, i) => `C${String(i).padStart(6, '0')}`);
  const discord = await createDiscordFake({
    guilds: [{ id: DEFAULTS.guildId, channels: channels.map((id, i) => ({ id, name: `papers-${i}` })) }],
    rateLimits: { globalPerSecond: DISCORD_GLOBAL_PER_S, channelMessages: DISCORD_CHANNEL },
  });
  const slack = await createSlackFake({ rateLimit: SLACK });
  const config = loadConfig({
    STORE_URL: 'memory://',
    HF_API_URL: hf.url,
    ARXIV_API_URL: `${hf.url}/arxiv/query`,
    LOG_LEVEL: 'silent',
    LIVE_CARDS: mode === 'none' ? 'off' : '5',
    DISCORD_TOKEN: 'fake-token-xxxxxxxxxxxxxxxxxxxxxxxx',
    DISCORD_API_URL: discord.apiUrl,
    DISCORD_GUILD_ID: DEFAULTS.guildId,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: 'bench-secret',
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
  });
  const clock = createManualClock('2026-06-13T09:00:30Z');
  // The bot as `paperfeed start` builds it; the benchmark runs the scheduler's tick itself.
  const bot = await launchBot(config, silentLogger, {
    clock,
    backend: createMemoryBackend(),
    liveCards: { settleMs: 0, tickMs: 250, yieldToPosts: mode !== 'not yielding' },
    scheduler: false,
    metrics: { defaultMetrics: false },
  });

  // Yesterday's card in each channel: a bot message on the platform, recorded in the ledger.
  const items = fixtureDay() as { paper: { id: string } }[];
  const oldPaper = items[items.length - 1]!.paper.id;
  await bot.feed.day('2026-06-12');
  const cards: MessageRef[] = [];
  const seed = async (platform: Platform, teamId: string, channelId: string, messageId: string) => {
    const key = `${platform}:${channelId}`;
    await bot.stores.ledger.begin(key, '2026-06-11', {
      day: '2026-06-11',
      team: `${platform}:${teamId}`,
      kind: 'digest',
      paperIds: [oldPaper],
      header: '',
      createdAt: clock.now(),
      by: 'schedule',
    });
    const ref: MessageRef = { platform, channelId, messageId };
    await bot.stores.ledger.landed(key, '2026-06-11', oldPaper, ref);
    cards.push(ref);
  };
  for (const id of channels)
    await seed('discord', DEFAULTS.guildId, id, discord.addUserMessage(id, 'yesterday', DEFAULTS.botUserId).id);
  for (const [i, id] of slackChannels.entries()) {
    const ts = `1781136000.${String(i).padStart(6, '0')}`;
    slack.messages(id).push({ channel: id, ts, user: BOT_USER_ID, bot_id: BOT_ID, reactions: [], edited: false });
    await seed('slack', 'T0001', id, ts);
  }
  for (const [platform, teamId, list] of [
    ['discord', DEFAULTS.guildId, channels],
    ['slack', 'T0001', slackChannels],
  ] as const) {
    for (const channelId of list) {
      await bot.stores.subscriptions.put({
        channel: { platform, teamId, channelId },
        time: '09:00',
        timeZone: 'UTC',
        settings: { ...DEFAULT_DIGEST_SETTINGS, count: 5 },
        day: 'previous',
        emptyDayNote: true,
        createdAt: '2026-06-01T00:00:00Z',
        createdBy: 'bench',
        failures: 0,
      });
    }
  }
  const { stores, deliveries } = bot;
  const scheduler = startScheduler({
    stores,
    clock,
    logger: silentLogger,
    deliveries,
    cron: false,
    tickOnStart: false,
  });
  const edits = () =>
    discord.requests.filter((r) => r.method === 'PATCH' && r.path.includes('/channels/')).length +
    slack.callsTo('chat.update').length;

  const t0 = performance.now();
  const fanout = scheduler.tick();
  if (mode !== 'none') {
    // One vote on each card, spread over the first 5 s of the fan-out.
    for (const [i, ref] of cards.entries()) {
      await applyVote(
        { present: true, ref, voter: `${ref.platform}:U${i}`, emoji: '👍', order: i + 1 },
        { stores: bot.stores, logger: silentLogger, now: clock.now, onVoteChange: bot.liveCards.votesChanged },
      );
      if (i % 100 === 99) await sleep(500);
    }
  }
  await fanout;
  const wall = (performance.now() - t0) / 1000;
  const editsDuring = edits();
  const t1 = performance.now();
  const discordEdits = () =>
    discord.requests.filter((r) => r.method === 'PATCH' && r.path.includes('/channels/')).length;
  while (mode !== 'none' && discordEdits() < perPlatform && performance.now() - t1 < 60_000) await sleep(100);
  const discordDrain = (performance.now() - t1) / 1000;
  const slackWait = Math.max(0, 20 - discordDrain);
  await sleep(slackWait * 1000);

  const counts = [
    ...channels.map((id) => discord.messagesIn(id).length),
    ...slackChannels.map((id) => slack.messages(id).length),
  ].map((c) => c - 1);
  const result: Run = {
    wall,
    editsDuring,
    discordEdits: discordEdits(),
    discordDrain,
    slackEdits: slack.callsTo('chat.update').length,
    slackWait: discordDrain + slackWait,
    lost: counts.reduce((n, c) => n + Math.max(0, 6 - c), 0),
    dupes: counts.reduce((n, c) => n + Math.max(0, c - 6), 0),
    discord429: discord.stats.rateLimited,
    slack429: slack.rateLimitedCount,
  };
  await scheduler.stop();
  await bot.stop();
  await Promise.all([discord.close(), slack.close(), hf.close()]);
  return result;
}
