import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Scheduler } from '../../../adapters/bot/cron.js';
import type { DiscordSharding } from '../../../src/config.js';
import { ADMIN_PERMISSIONS, type DiscordFake } from '../../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import { backendCases } from '../../support/backends.js';
import { answerOf, startDiscordBot, startBotScheduler } from '../../support/discord-bot.js';
import { CHANNEL_A, CHANNEL_B, createTwoShardFake, GUILD_A, GUILD_B } from '../../support/two-shards.js';

const POST_TIME = '2026-06-15T07:00Z'; // Monday 09:00 Berlin: a weekdays feed (the default) shows Friday's papers

type Bot = Awaited<ReturnType<typeof startDiscordBot>>;
let discord: DiscordFake;
let hf: HfFake;
const running: { bot: Bot; scheduler?: Scheduler }[] = [];

beforeAll(async () => {
  hf = await createHfFake(); // serves the real 2026-06-12 list
});
afterAll(() => hf.close());
beforeEach(async () => {
  discord = await createTwoShardFake();
});
afterEach(async () => {
  for (const r of running.splice(0).reverse()) {
    await r.scheduler?.stop();
    await r.bot.adapter.stop();
  }
  await discord.close();
});

const postedIn = (id: string) =>
  discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${id}/messages` && r.status === 200);

/** A bot process as adapters/bot/start.ts wires it: its shards, and a scheduler of its shards' guilds. */
async function startProcess(backend: Parameters<typeof startDiscordBot>[2], sharding: DiscordSharding) {
  const bot = await startDiscordBot(discord, hf, backend, sharding);
  const entry: (typeof running)[number] = { bot };
  running.push(entry);
  entry.scheduler = startBotScheduler(bot, { serves: bot.adapter.serves, cron: false, tickOnStart: false });
  return { bot, scheduler: entry.scheduler };
}

async function subscribe(guildId: string, channelId: string) {
  const sent = discord.sendChatInput({
    name: 'papers',
    subcommand: 'subscribe',
    options: { time: '09:00', timezone: 'Europe/Berlin' },
    permissions: ADMIN_PERMISSIONS,
    guildId,
    channelId,
  });
  expect((await answerOf(discord, sent.id, sent.token)).content).toMatch(/^📬 Subscribed/);
}

/** Every process ticks at the same instant, twice; each channel must hold exactly one day's post. */
async function tickAllAt(processes: { bot: Bot; scheduler: Scheduler }[], at: string) {
  for (const p of processes) p.bot.clock.set(at);
  return Promise.all(processes.map((p) => p.scheduler.tick()));
}

function expectOnePostPerChannel() {
  for (const id of [CHANNEL_A, CHANNEL_B]) {
    const posts = postedIn(id);
    expect(posts).toHaveLength(6); // the header and the top 5
    expect((posts[0]!.body as { content: string }).content).toMatch(
      /^📰 Hugging Face Daily Papers · Friday, 12 June 2026/,
    );
  }
  expect(discord.violations).toEqual([]);
}

for (const store of backendCases()) {
  const shared = store.name === 'redis' || store.name === 'postgres';
  describe.skipIf(Boolean(store.skip))(`scheduled posts of a sharded bot on ${store.name}`, () => {
    if (store.skip) console.log(`skipping the sharded ${store.name} scheduler tests: ${store.skip}`);
    afterEach(() => store.cleanup());

    it.runIf(!shared)(
      'posts the day once in each guild from one process running both shards',
      async () => {
        const one = await startProcess(await store.open(), { shards: 'auto' });
        await subscribe(GUILD_A, CHANNEL_A);
        await subscribe(GUILD_B, CHANNEL_B);
        await tickAllAt([one], POST_TIME);
        await tickAllAt([one], '2026-06-15T07:05Z');
        expectOnePostPerChannel();
      },
      30_000,
    );

    it.runIf(shared)(
      'posts the day once in each guild with a process per shard and a full replica racing',
      async () => {
        const namespace = `test-${randomUUID()}`;
        const shard0 = await startProcess(await store.open(namespace), { shards: [0], shardCount: 2 });
        const shard1 = await startProcess(await store.open(namespace), { shards: [1], shardCount: 2 });
        await subscribe(GUILD_A, CHANNEL_A);
        await subscribe(GUILD_B, CHANNEL_B);
        // A second deployment running every shard (a rolling restart) overlaps both: the lease decides.
        // (Started after subscribing: while two sessions run one shard, both get its commands.)
        const replica = await startProcess(await store.open(namespace), { shards: [0, 1], shardCount: 2 });
        const processes = [shard0, shard1, replica];
        const [first, second] = await tickAllAt(processes, POST_TIME);
        // Each shard's process schedules only its own guild's channel.
        expect(first!.map((r) => r.channel.channelId).filter((c) => c !== CHANNEL_A)).toEqual([]);
        expect(second!.map((r) => r.channel.channelId).filter((c) => c !== CHANNEL_B)).toEqual([]);
        await tickAllAt(processes, '2026-06-15T07:05Z');
        expectOnePostPerChannel();
      },
      30_000,
    );
  });
}
