import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register as globalRegister } from 'prom-client';
import { launchBot, type RunningBot } from '../../../adapters/bot/bot.js';
import { createMetrics } from '../../../adapters/bot/prom-metrics.js';
import { openServices } from '../../../adapters/bot/services.js';
import { createManualClock } from '../../../src/ports/clock.js';
import { loadConfig } from '../../../src/config.js';
import { StoreUnavailableError } from '../../../src/errors.js';
import { createMemoryLogger } from '../../../src/ports/logger.js';
import { DEFAULT_DIGEST_SETTINGS, type ChannelRef } from '../../../src/model.js';
import { createStores } from '../../../src/store/index.js';
import { createMemoryBackend } from '../../../src/store/memory-backend.js';
import type { Backend } from '../../../src/store/backend.js';
import { wrapOperations } from '../../../src/store/wrap-backend.js';
import type { Subscription } from '../../../src/subscriptions/subscription.js';
import { createDiscordFake, DEFAULTS, type DiscordFake } from '../../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import { createSlackFake, type SlackFake } from '../../fakes/slack/fake.js';
import { ask, TOKEN } from '../../support/discord-bot.js';
import { SECRET, command } from '../../support/slack-bot.js';
import { total, value } from '../../support/scrape.js';
import { createFakeClock } from '../../support/fake-clock.js';

let hf: HfFake;
let discord: DiscordFake;
let slack: SlackFake;
let bot: RunningBot;
const logger = createMemoryLogger();

const until = async (check: () => boolean | Promise<boolean>, what: string, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

const subscription = (channel: ChannelRef): Subscription => ({
  channel,
  time: '09:00',
  timeZone: 'UTC',
  settings: DEFAULT_DIGEST_SETTINGS,
  day: 'previous',
  emptyDayNote: true,
  createdAt: '2026-06-01T00:00:00Z',
  createdBy: 'test',
  failures: 0,
});

const scrape = async () => {
  const res = await fetch(`http://127.0.0.1:${bot.port}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
};

beforeAll(async () => {
  [hf, discord, slack] = await Promise.all([createHfFake(), createDiscordFake(), createSlackFake()]);
  // Both channels are due at 09:00 UTC; the bot starts 30 s later and posts the 2026-06-12 digest in each.
  const backend = createMemoryBackend();
  const stores = createStores(backend);
  await stores.subscriptions.put(
    subscription({ platform: 'discord', teamId: DEFAULTS.guildId, channelId: DEFAULTS.channelId }),
  );
  await stores.subscriptions.put(subscription({ platform: 'slack', teamId: 'T0001', channelId: 'C0001' }));
  // Each platform answers the first digest message with a 429.
  discord.failNext(
    { method: 'POST', path: /^\/channels\/\d+\/messages$/ },
    {
      status: 429,
      headers: { 'retry-after': '0.2', 'x-ratelimit-scope': 'user' },
      body: { message: 'You are being rate limited.', retry_after: 0.2, global: false },
    },
  );
  slack.failNext({ method: 'chat.postMessage' }, { status: 429, headers: { 'retry-after': '1' } });
  const config = loadConfig({
    STORE_URL: 'memory://',
    HF_API_URL: hf.url,
    ARXIV_API_URL: `${hf.url}/arxiv/query`,
    PORT: '0',
    DISCORD_TOKEN: TOKEN,
    DISCORD_API_URL: discord.apiUrl,
    DISCORD_GUILD_ID: DEFAULTS.guildId,
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
  });
  bot = await launchBot(config, logger, {
    backend,
    clock: createManualClock('2026-06-13T09:00:30Z'),
    arxivMinIntervalMs: 0,
  });
  await until(
    () => logger.entries.filter((e) => e.msg === 'scheduled post').length === 2,
    'both scheduled digests',
    20_000,
  );
}, 30_000);

afterAll(async () => {
  await bot?.stop();
  await Promise.all([hf.close(), discord.close(), slack.close()]);
});

describe("GET /metrics on the bot's port", () => {
  it('counts the posts of a scheduled digest per platform, the 429s and waits, and the lag from due to first message', async () => {
    const text = await scrape();
    for (const platform of ['discord', 'slack']) {
      // A header and five paper cards each.
      expect(value(text, 'paperfeed_posts_total', { platform })).toBe(6);
      expect(value(text, 'paperfeed_rate_limited_total', { platform })).toBe(1);
      expect(value(text, 'paperfeed_rate_limit_wait_seconds_count', { platform })).toBeGreaterThanOrEqual(1);
      expect(value(text, 'paperfeed_scheduler_lag_seconds_count', { platform })).toBe(1);
      expect(value(text, 'paperfeed_scheduler_lag_seconds_sum', { platform })).toBe(30);
      expect(value(text, 'paperfeed_subscriptions', { platform })).toBe(1);
      expect(value(text, 'paperfeed_subscriptions_paused', { platform })).toBe(0);
    }
    // Each platform's client waited out its 429 and re-sent: nothing failed.
    expect(value(text, 'paperfeed_post_failures_total', { platform: 'slack' })).toBeUndefined();
    expect(value(text, 'paperfeed_rate_limit_wait_seconds_sum', { platform: 'slack' })).toBe(1);
    expect(value(text, 'paperfeed_rate_limit_wait_seconds_sum', { platform: 'discord' })).toBeCloseTo(0.2, 1);
    expect(
      total(text, 'paperfeed_upstream_request_duration_seconds_count', { service: 'hf', status: '200' }),
    ).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
  });

  it('counts commands by name and outcome, and the votes applied', async () => {
    const before = await scrape();
    expect((await ask(discord, 'search', { query: 'kazakh' })).content).toMatch(/^Results for "kazakh"/);
    expect((await ask(discord, 'subscribe', { time: '10:00' })).content).toMatch(/Manage Channels/);
    const url = `http://127.0.0.1:${bot.port}/slack/events`;
    expect((await command(slack, url, 'search diffusion')).text).toMatch(/Results for "diffusion"/);
    const card = discord
      .messagesIn(DEFAULTS.channelId)
      .find((m) => ((m as { embeds?: unknown[] }).embeds ?? []).length > 0)!;
    discord.sendReactionAdd({ messageId: card.id, emoji: '👍', userId: '400000000000000002' });
    let text = '';
    await until(
      async () =>
        value((text = await scrape()), 'paperfeed_votes_applied_total', { platform: 'discord', change: 'add' }) === 1,
      'the vote to count',
    );
    const count = (platform: string, command: string, outcome: string) =>
      value(text, 'paperfeed_command_duration_seconds_count', { platform, command, outcome });
    expect(
      value(before, 'paperfeed_command_duration_seconds_count', {
        platform: 'discord',
        command: 'search',
        outcome: 'ok',
      }),
    ).toBeUndefined();
    expect(count('discord', 'search', 'ok')).toBe(1);
    expect(count('discord', 'subscribe', 'denied')).toBe(1);
    expect(count('slack', 'search', 'ok')).toBe(1);
    expect(
      value(text, 'paperfeed_command_duration_seconds_bucket', {
        platform: 'slack',
        command: 'search',
        outcome: 'ok',
        le: '+Inf',
      }),
    ).toBe(1);
  });

  it('logs one line per post and per command, with its outcome and duration', () => {
    const posts = logger.entries.filter((e) => e.msg === 'post');
    expect(posts.filter((e) => e.ctx?.outcome === 'ok')).toHaveLength(12);
    expect(posts[0]!.ctx).toMatchObject({ platform: expect.any(String), kind: 'header', ms: expect.any(Number) });
    const commands = logger.entries.filter((e) => e.msg === 'command');
    expect(commands.map((e) => [e.ctx?.platform, e.ctx?.command, e.ctx?.outcome])).toEqual([
      ['discord', 'search', 'ok'],
      ['discord', 'subscribe', 'denied'],
      ['slack', 'search', 'ok'],
    ]);
    expect(commands[0]!.ctx?.ms).toEqual(expect.any(Number));
  });
});

describe('metrics registries', () => {
  it("keeps each bot's figures in its own registry, none in prom-client's global one", async () => {
    const a = createMetrics({ defaultMetrics: false });
    const b = createMetrics({ defaultMetrics: false });
    a.post('slack', true);
    a.post('slack', true);
    b.post('slack', true);
    expect(value((await a.render()).body, 'paperfeed_posts_total', { platform: 'slack' })).toBe(2);
    expect(value((await b.render()).body, 'paperfeed_posts_total', { platform: 'slack' })).toBe(1);
    expect(await globalRegister.metrics()).not.toMatch(/paperfeed_/);
  });

  it("reads the subscription gauges from the store again once 15 s have passed on the bot's clock", async () => {
    const clock = createFakeClock('2026-06-12T12:00:00Z');
    const metrics = createMetrics({ defaultMetrics: false, clock });
    const subs = [subscription({ platform: 'discord', teamId: 'g', channelId: 'c1' })];
    metrics.watchSubscriptions(async () => [...subs]);
    const shown = async () => value((await metrics.render()).body, 'paperfeed_subscriptions', { platform: 'discord' });
    expect(await shown()).toBe(1);
    subs.push(subscription({ platform: 'discord', teamId: 'g', channelId: 'c2' }));
    await clock.advance(14_999);
    expect(await shown()).toBe(1);
    await clock.advance(1);
    expect(await shown()).toBe(2);
  });

  it('counts store errors by store and reason', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const backend = createMemoryBackend();
    const failing: Backend = {
      ...backend,
      ...wrapOperations(backend, (call, name) =>
        name === 'mapEntries' ? Promise.reject(new StoreUnavailableError('down', 'memory')) : call(),
      ),
    };
    const config = loadConfig({ STORE_URL: 'memory://' });
    const services = await openServices(config, { logger: createMemoryLogger(), metrics, backend: failing });
    metrics.watchSubscriptions(() => services.stores.subscriptions.list());
    await expect(services.stores.subscriptions.list()).rejects.toThrow(StoreUnavailableError);
    const text = (await metrics.render()).body;
    expect(value(text, 'paperfeed_store_errors_total', { store: 'memory', reason: 'down' })).toBeGreaterThanOrEqual(1);
    // The subscription gauges have no figures to show yet, rather than a wrong zero.
    expect(value(text, 'paperfeed_subscriptions_paused', { platform: 'discord' })).toBeUndefined();
  });
});
