import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Scheduler } from '../../../adapters/bot/cron.js';
import type { TeamRankRequest, TeamRanking } from '../../../src/papers/team-ranking.js';
import { rankByUpvotes } from '../../../src/papers/rank.js';
import type { Backend } from '../../../src/store/backend.js';
import { createSqliteBackend } from '../../../src/store/sqlite-backend.js';
import { createDiscordFake, DEFAULTS, type DiscordFake } from '../../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import { answerOf, ask, type DiscordBot, startBotScheduler, startDiscordBot } from '../../support/discord-bot.js';

const ALICE = DEFAULTS.userId;
const BOB = '400000000000000002';
const GUILD = DEFAULTS.guildId;

let hf: HfFake;
beforeAll(async () => {
  hf = await createHfFake(); // the real 2026-06-12 list, 30 papers
});
afterAll(() => hf.close());

let dir: string;
let discord: DiscordFake;
const backends: Backend[] = [];
const bots: DiscordBot[] = [];
const schedulers: Scheduler[] = [];
const sqlite = () => {
  const backend = createSqliteBackend(join(dir, 'store.sqlite'));
  backends.push(backend);
  return backend;
};
/** A bot process on the one SQLite file, its clock at `at` (a restart is a new one). */
async function start(at = '2026-06-12T20:00:00Z', ranking?: TeamRanking) {
  const bot = await startDiscordBot(discord, hf, sqlite(), {}, undefined, ranking ? { ranking } : {});
  bot.clock.set(at);
  bots.push(bot);
  const scheduler = startBotScheduler(bot, { cron: false });
  schedulers.push(scheduler);
  return { bot, scheduler };
}
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paperfeed-dm-'));
  discord = await createDiscordFake();
});
afterEach(async () => {
  for (const s of schedulers.splice(0)) await s.stop();
  for (const b of bots.splice(0)) await b.adapter.stop();
  for (const b of backends.splice(0)) await b.close();
  await discord.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `/papers <subcommand>` in `userId`'s own DM with the bot. */
async function inDm(subcommand: string, options: Record<string, string | number> = {}, userId: string = ALICE) {
  const sent = discord.sendChatInput({ name: 'papers', subcommand, options, guildId: null, userId });
  return answerOf(discord, sent.id, sent.token);
}
const posts = (userId: string) => discord.messagesIn(discord.dmChannelOf(userId));
const headers = (userId: string) => posts(userId).filter((m) => String(m.content ?? '').startsWith('📰'));
const settle = async <T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> => {
  for (let i = 0; i < 150 && !done(await read()); i++) await new Promise((r) => setTimeout(r, 20));
  return read();
};

describe("Discord: a person's own feed in their DM with the bot", () => {
  it('subscribe in the DM posts a daily DM once at their time, and votes on it count for the person', async () => {
    const { bot, scheduler } = await start();
    const a = await inDm('subscribe', { time: '09:00', timezone: 'Europe/Berlin', count: 3 });
    expect(a.content).toMatch(/^📬 Subscribed: top 3 of the previous day's Daily Papers/);
    expect(a.content).toMatch(/It is your own feed: it comes to you here/);
    expect(a.ephemeral).toBe(false);
    const [sub] = await bot.core.stores.subscriptions.list();
    expect(sub).toMatchObject({
      owner: `discord:${ALICE}`,
      channel: { platform: 'discord', teamId: `@${ALICE}`, channelId: discord.dmChannelOf(ALICE) },
    });
    bot.clock.set('2026-06-15T06:59:00Z');
    await scheduler.tick();
    expect(headers(ALICE)).toHaveLength(0);
    bot.clock.set('2026-06-15T07:00:00Z'); // 09:00 in Berlin
    await scheduler.tick();
    expect(headers(ALICE)).toHaveLength(1);
    expect(posts(ALICE).filter((m) => !String(m.content ?? '').startsWith('📬'))).toHaveLength(1 + 3);

    // A vote on a paper in the DM: its own team, the person's (the DirectMessageReactions intent).
    const card = posts(ALICE).find((m) => (m.embeds as unknown[]).length > 0)!;
    discord.sendReactionAdd({ guildId: null, channelId: card.channel_id, messageId: card.id, userId: ALICE });
    const team = `user:discord:${ALICE}`;
    const votes = await settle(
      () => bot.core.stores.votes.leaderboard(team, 0),
      (rows) => rows.length > 0,
    );
    expect(votes).toMatchObject([{ votes: 1 }]);
    expect(discord.gateway.dropped.filter((d) => d.t.startsWith('MESSAGE_REACTION'))).toEqual([]);

    expect(discord.violations).toEqual([]);
  });

  it('a restart in the middle of the DM posts the rest once, nothing twice, and votes on the earlier posts count', async () => {
    const { bot, scheduler } = await start();
    await inDm('subscribe', { time: '09:00', count: 4 });
    const dm = discord.dmChannelOf(ALICE);
    const delivered = () => posts(ALICE).filter((m) => !String(m.content ?? '').startsWith('📬'));
    // Each post's answer takes 150 ms, so the process stops with the day half posted.
    discord.holdNext({ method: 'POST', path: new RegExp(`^/channels/${dm}/messages$`) }, 150, 5);
    bot.clock.set('2026-06-15T09:00:00Z');
    const ticking = scheduler.tick();
    await settle(
      async () => delivered().length,
      (n) => n >= 2,
    );
    await scheduler.stop(); // lets the post in flight land and be recorded
    await ticking;
    await bot.adapter.stop();
    const before = delivered().length;
    expect(before).toBeGreaterThanOrEqual(2);
    expect(before).toBeLessThan(1 + 4);
    const again = await start('2026-06-15T09:05:00Z');
    // A vote on a card the first process posted, before the new one has touched the DM (uncached there).
    const card = delivered().find((m) => (m.embeds as unknown[]).length > 0)!;
    discord.sendReactionAdd({ guildId: null, channelId: dm, messageId: card.id, userId: ALICE });
    const votes = await settle(
      () => again.bot.core.stores.votes.leaderboard(`user:discord:${ALICE}`, 0),
      (rows) => rows.length > 0,
    );
    expect(votes).toMatchObject([{ votes: 1 }]);
    await again.scheduler.tick();
    expect(delivered()).toHaveLength(1 + 4);
    expect(headers(ALICE)).toHaveLength(1);
    const cards = delivered().flatMap((m) => (m.embeds as { url?: string }[]).map((e) => e.url));
    expect(new Set(cards).size).toBe(4);
    // The new process opened the DM (Create DM answers the same channel) before posting in it.
    expect(discord.requests.filter((r) => r.method === 'POST' && r.path === '/users/@me/channels')).toMatchObject([
      { status: 200, body: { recipient_id: ALICE } },
    ]);
    expect(discord.violations).toEqual([]);
  });

  it('pause, settings, resume and unsubscribe work from the DM, for its owner', async () => {
    const { bot, scheduler } = await start();
    await inDm('subscribe', { time: '09:00' });
    expect((await inDm('pause')).content).toBe(
      '⏸️ Paused the main feed in this DM until you run `/papers resume`. Its settings are kept.',
    );
    const settings = (await inDm('settings')).content;
    expect(settings).toMatch(/^Your feed here gets the top 5 of the previous day's Daily Papers/);
    expect(settings).toMatch(/Status: ⏸️ paused by hand\./);
    bot.clock.set('2026-06-15T09:00:00Z');
    await scheduler.tick();
    expect(headers(ALICE)).toHaveLength(0);
    expect((await inDm('resume')).content).toMatch(/^▶️ Resumed the main feed in this DM, settings unchanged\./);
    expect((await inDm('feeds')).content).toMatch(/^You have 1 feed here:\n• \*\*main\*\* \(active\): top 5/);
    const asked = await inDm('unsubscribe');
    expect(asked.content).toMatch(/^Stop the main feed in this DM\?/);
    const yes = asked.components.flatMap((r) => r.components).find((c) => c.label === 'Yes, unsubscribe')!;
    const press = discord.sendButton({ customId: yes.custom_id!, guildId: null, userId: ALICE });
    expect((await answerOf(discord, press.id, press.token)).content).toMatch(/^🔕 Unsubscribed the main feed/);
    expect(await bot.core.stores.subscriptions.list()).toEqual([]);
    expect((await inDm('feeds')).content).toMatch(/^You have no daily DM yet: `\/papers subscribe` here starts one/);
  });

  it('someone who takes no DMs from the bot pauses only their own feed, with the reason; channels and others post', async () => {
    const { bot, scheduler } = await start();
    await ask(discord, 'subscribe', { time: '09:00', count: 2 }, { admin: true });
    await inDm('subscribe', { time: '09:00', count: 2 }, ALICE);
    await inDm('subscribe', { time: '09:00', count: 2 }, BOB);
    discord.closeDms(ALICE);
    bot.clock.set('2026-06-15T09:00:00Z');
    const results = await scheduler.tick();
    expect(results.map((r) => r.outcome).sort()).toEqual(['failed', 'posted', 'posted']);
    expect(headers(BOB)).toHaveLength(1);
    expect(headers(ALICE)).toHaveLength(0);
    expect(discord.messagesIn(DEFAULTS.channelId).filter((m) => String(m.content).startsWith('📰'))).toHaveLength(1);
    const subs = await bot.core.stores.subscriptions.list();
    const alice = subs.find((s) => s.owner === `discord:${ALICE}`)!;
    expect(alice.paused?.reason).toMatch(/Discord does not let the bot message this person \(Cannot send messages/);
    expect(subs.filter((s) => s.paused)).toHaveLength(1);
    // Told on their next command there, once.
    const told = (await inDm('settings', {}, ALICE)).content;
    expect(told).toMatch(/^⚠️ Your daily DM \(the main feed\) is paused: Discord does not let the bot message/);
    expect(told).toMatch(/run `\/papers resume` here\./);
    expect((await inDm('settings', {}, ALICE)).content).not.toMatch(/^⚠️/);
    // The next day passes it by: it stays paused until its owner resumes it.
    bot.clock.set('2026-06-16T09:00:00Z');
    expect((await scheduler.tick()).filter((r) => r.channel.teamId === `@${ALICE}`)).toEqual([]);
  });

  it('its day is ranked for the person: their own team and their votes from the server, then cut to the count', async () => {
    const asked: TeamRankRequest[] = [];
    const lowestFirst: TeamRanking = {
      async rank(request) {
        asked.push(request);
        return rankByUpvotes(request.papers).reverse();
      },
    };
    const { bot, scheduler } = await start('2026-06-12T20:00:00Z', lowestFirst);
    await ask(discord, 'digest', { date: '2026-06-12' }, { admin: true });
    const voted = discord.messagesIn(DEFAULTS.channelId).filter((m) => (m.embeds as unknown[]).length > 0)[0]!;
    discord.sendReactionAdd({ messageId: voted.id, userId: ALICE });
    await settle(
      () => bot.core.stores.votes.count(`discord:${GUILD}`, paperOf(voted)),
      (n) => n === 1,
    );
    await inDm('subscribe', { time: '09:00', count: 2 });
    bot.clock.set('2026-06-15T09:00:00Z');
    await scheduler.tick();
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ team: `user:discord:${ALICE}`, day: '2026-06-12' });
    expect([...asked[0]!.votes.keys()]).toEqual([paperOf(voted)]);
    expect(asked[0]!.papers).toHaveLength(30); // every candidate, before the cut
    const lowest = rankByUpvotes(asked[0]!.papers).reverse().slice(0, 2);
    const shown = posts(ALICE).flatMap((m) => (m.embeds as { url?: string }[]).map((e) => e.url));
    expect(shown).toEqual(lowest.map((p) => expect.stringContaining(p.id)));
  });

  it('`/papers digest` in the DM posts the day there now, for the person, once', async () => {
    const { bot } = await start();
    expect((await inDm('digest', { date: '2026-06-12' })).content).toBe('Posted the 2026-06-12 digest here: 5 papers.');
    expect(headers(ALICE)).toHaveLength(1);
    const again = (await inDm('digest', { date: '2026-06-12' })).content;
    expect(again).toMatch(
      /^The 2026-06-12 digest was already posted in this DM: https:\/\/discord\.com\/channels\/@me\/\d+\/\d+\.$/,
    );
    expect(headers(ALICE)).toHaveLength(1);
    const record = await bot.core.stores.ledger.get(`discord:${discord.dmChannelOf(ALICE)}`, '2026-06-12');
    expect(record?.intent.team).toBe(`user:discord:${ALICE}`);
  });

  it('a DM feed takes no thread layout, forum or weekly recap, and says why', async () => {
    await start();
    expect((await inDm('subscribe', { layout: 'thread' })).content).toMatch(
      /`thread` does not work in a direct message here; use `messages` or `compact`/,
    );
    expect((await inDm('subscribe', { recap: 'friday 16:00' })).content).toMatch(
      /a feed of your own has no team to recap/,
    );
    expect((await inDm('subscribe', { layout: 'compact' })).content).toMatch(/^📬 Subscribed/);
  });
});

/** The paper id a card message carries (its embed links to the paper). */
function paperOf(message: Record<string, unknown>): string {
  const url = (message.embeds as { url?: string }[])[0]?.url ?? '';
  return /(\d{4}\.\d{4,5})/.exec(url)?.[1] ?? '';
}
