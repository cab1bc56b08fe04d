import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BotDeps } from '../../adapters/bot/bot.js';
import { startScheduler, type Scheduler } from '../../adapters/bot/cron.js';
import { createMemoryBackend } from '../../src/store/memory-backend.js';
import { dayInZone } from '../../src/time/dates.js';
import { createArxivListingFake, type ArxivListingFake, type FakeListing } from '../fakes/arxiv-listing-fake.js';
import {
  ADMIN_PERMISSIONS,
  createDiscordFake,
  DEFAULTS,
  type DiscordFake,
  type MessageObject,
} from '../fakes/discord/fake.js';
import { createHfFake, fixtureDay, type HfFake } from '../fakes/hf-fake.js';
import { createSlackFake, type SlackFake } from '../fakes/slack/fake.js';
import { answerOf, ask, startDiscordBot, type DiscordBot } from '../support/discord-bot.js';
import { command, startSlackBot, type SlackBot } from '../support/slack-bot.js';

/*
 * arXiv feeds through both platforms, as `paperfeed start` builds the bot: subscribed with the
 * command (Discord's options, Slack's key:value text), posting from the local fake of arXiv's
 * listing service on arXiv's calendar, notes on the weekend, a replacement editing its card
 * through the live-card lane, and a paper that reaches Hugging Face getting HF's data on its card.
 */

let hf: HfFake;
let fake: ArxivListingFake;
beforeAll(async () => {
  hf = await createHfFake();
  fake = await createArxivListingFake();
});
afterAll(async () => {
  await hf.close();
  await fake.close();
});

const OTHER = '300000000000000002';
const M1 = '2606.15001';
const M2 = '2606.15002';
const T1 = '2606.16001';

/** What cs.LG+cs.RO's listing shows on each New York date: a weekend, then Monday and Tuesday. */
function listingOn(date: string): FakeListing {
  if (date === '2026-06-15')
    return {
      date,
      items: [
        { id: M1, type: 'new', categories: ['cs.RO'], title: 'Dexterous manipulation with tactile skins' },
        { id: M2, type: 'cross', categories: ['cs.CV', 'cs.LG'], title: 'Manipulation policies from video' },
        { id: '2606.15003', type: 'new', categories: ['cs.RO'], title: 'Legged locomotion on ice' },
      ],
    };
  if (date >= '2026-06-16')
    return {
      date: '2026-06-16',
      items: [
        { id: T1, type: 'new', categories: ['cs.LG', 'cs.RO'], title: 'Bimanual manipulation benchmarks' },
        {
          id: M1,
          version: 2,
          type: 'replace',
          categories: ['cs.RO'],
          title: 'Dexterous manipulation with tactile skins',
        },
      ],
    };
  if (date === '2026-06-12')
    return {
      date,
      items: [{ id: '2606.12001', type: 'new', categories: ['cs.RO'], title: 'Quadruped gait transitions' }],
    };
  return { date, items: [] };
}

/** A Discord message's first embed's title without its place in the list ("1. "), when it has one (a paper card). */
const titleOf = (m: MessageObject) =>
  (m.embeds as { title?: string }[] | undefined)?.[0]?.title?.replace(/^\d+\. /, '');

/** Live cards that edit at once when flushed. */
const LIVE: BotDeps = { liveCards: { idleMs: 0, tickMs: 3_600_000, settleMs: 0 } };
const ENV = (): Record<string, string> => ({ ARXIV_RSS_URL: fake.url, LIVE_CARDS: '1' });

type Bot = DiscordBot | SlackBot;

/** Moves the bot's clock to each instant and ticks the scheduler, then sends the live-card edits due. */
async function at(bot: Bot, scheduler: Scheduler, ...instants: string[]) {
  for (const t of instants) {
    bot.clock.set(t);
    await scheduler.tick();
    await bot.core.liveCards.settled();
    bot.clock.advance(60_000);
    bot.core.liveCards.flush();
    await bot.core.liveCards.settled();
  }
}

function useListing(bot: Bot) {
  fake.now = () => bot.clock.now();
  fake.listing = () => listingOn(dayInZone(bot.clock.now(), 'America/New_York'));
  fake.requests.length = 0;
}

/** Saturday posts Friday's announcement, the latest not posted yet: its one paper does not match the filter. */
const FRIDAY_NONE =
  "📰 The one new paper or cross-list in arXiv's cs.LG, cs.RO announcement of Friday, 12 June 2026 does not match this feed's filter.";
const WEEKEND_NOTE =
  '📭 No new arXiv announcement for cs.LG, cs.RO today: arXiv announces Sunday to Thursday at 20:00 New York time. The next is expected Sun 14 Jun at 20:00 New York time (Mon 15 Jun, 02:00 CEST here).';

describe('arXiv feeds on Discord', () => {
  let discord: DiscordFake;
  let bot: DiscordBot;
  let scheduler: Scheduler;
  beforeEach(async () => {
    discord = await createDiscordFake({
      guilds: [
        {
          id: DEFAULTS.guildId,
          name: 'Test Guild',
          channels: [
            { id: DEFAULTS.channelId, name: 'arxiv' },
            { id: OTHER, name: 'hf' },
          ],
        },
      ],
    });
    bot = await startDiscordBot(
      discord,
      hf,
      createMemoryBackend(),
      {},
      { retries: 0, timeout: 3000 },
      { env: ENV(), ...LIVE },
    );
    useListing(bot);
    const { stores, clock, logger, deliveries } = bot.core;
    scheduler = startScheduler({ stores, clock, logger, deliveries });
  });
  afterEach(async () => {
    await scheduler.stop();
    await bot.adapter.stop();
    await discord.close();
  });
  const channel = DEFAULTS.channelId;
  const contents = () => discord.messagesIn(channel).map((m) => String(m.content ?? ''));

  it('follows cs.RO and cs.LG with a filter: weekend notes, the announcement once, a replacement edited in place', async () => {
    const subscribed = await ask(
      discord,
      'subscribe',
      {
        source: 'arxiv',
        categories: 'cs.RO, cs.LG',
        time: '09:00',
        timezone: 'Europe/Berlin',
        keywords: 'manipulation',
        // Weekends too, for their notes (new feeds post on weekdays by default).
        days: 'daily',
      },
      { admin: true },
    );
    expect(subscribed.content).toMatch(
      /^📬 Subscribed: up to 5 new papers and cross-lists of each arXiv announcement in cs\.LG, cs\.RO, mentioning "manipulation".*every day at 09:00 Europe\/Berlin/s,
    );
    expect((await ask(discord, 'settings')).content).toMatch(
      /arXiv announces Sunday to Thursday at 20:00 New York time/,
    );
    await at(bot, scheduler, '2026-06-13T07:00:00Z', '2026-06-14T07:00:00Z', '2026-06-15T07:00:00Z');
    const posted = contents().filter((c) => !c.startsWith('📬'));
    expect(posted.slice(0, 2)).toEqual([FRIDAY_NONE, WEEKEND_NOTE]);
    expect(posted[2]).toMatch(/^📰 arXiv cs\.LG, cs\.RO · Monday, 15 June 2026 · 2 of 3 new papers and cross-lists\n/);
    const cards = discord.messagesIn(channel).filter((m) => titleOf(m));
    expect(cards.map(titleOf)).toEqual([
      'Dexterous manipulation with tactile skins',
      'Manipulation policies from video',
    ]);
    await at(bot, scheduler, '2026-06-16T07:00:00Z');
    const after = discord.messagesIn(channel).filter((m) => titleOf(m));
    expect(after.map(titleOf)).toEqual([
      'Dexterous manipulation with tactile skins',
      'Manipulation policies from video',
      'Bimanual manipulation benchmarks',
    ]);
    const edit = discord.requests.find((r) => r.method === 'PATCH' && r.path.endsWith(`/messages/${cards[0]!.id}`));
    expect(JSON.stringify(edit?.body)).toContain('v2, 16 Jun');
    // Friday's listing when subscribing (the preview), then Monday's and Tuesday's: none on the weekend.
    expect(fake.requests.map((r) => r.served)).toEqual(['2026-06-12', '2026-06-15', '2026-06-16']);
  });

  it('gives a card first posted from arXiv the Hugging Face data once HF features the paper, and counts a vote once per team', async () => {
    await ask(
      discord,
      'subscribe',
      { source: 'arxiv', categories: 'cs.LG,cs.RO', time: '09:00', timezone: 'Europe/Berlin' },
      { admin: true },
    );
    await at(bot, scheduler, '2026-06-16T07:00:00Z');
    const card = discord.messagesIn(channel).find((m) => titleOf(m) === 'Bimanual manipulation benchmarks')!;
    expect(JSON.stringify(card.embeds)).not.toContain('upvotes');
    const item = structuredClone(fixtureDay()[0]) as { paper: { id: string; upvotes: number; ai_summary?: string } };
    item.paper.id = T1;
    item.paper.upvotes = 42;
    hf.days.set('2026-06-16', [item]);
    await bot.core.feed.refresh('2026-06-16');
    await bot.core.liveCards.settled();
    bot.clock.advance(60_000);
    bot.core.liveCards.flush();
    await bot.core.liveCards.settled();
    const edit = await discord.waitFor(
      (r) => r.method === 'PATCH' && r.path.endsWith(`/messages/${card.id}`),
      3000,
      'the card to get HF data',
    );
    expect(JSON.stringify(edit.body)).toContain('▲ 42 upvotes');
    expect(JSON.stringify(edit.body)).toContain('huggingface.co/papers/2606.16001');
    // The same paper posted from Hugging Face in another channel of the team: one person's votes count once.
    const sent = discord.sendChatInput({
      name: 'papers',
      subcommand: 'digest',
      options: { date: '2026-06-16' },
      permissions: ADMIN_PERMISSIONS,
      channelId: OTHER,
    });
    expect((await answerOf(discord, sent.id, sent.token)).content).toMatch(
      /Posted the 2026-06-16 digest here: 1 paper/,
    );
    const hfCard = discord.messagesIn(OTHER).find((m) => titleOf(m))!;
    const voter = '400000000000000002';
    discord.sendReactionAdd({ messageId: card.id, emoji: '👍', userId: voter });
    discord.sendReactionAdd({ messageId: hfCard.id, channelId: OTHER, emoji: '👍', userId: voter });
    const team = `discord:${DEFAULTS.guildId}`;
    const voters = () => bot.core.stores.votes.count(team, T1);
    for (let i = 0; i < 50; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await voters()).toBe(1);
  });

  it('previews an arXiv feed from the latest announcements, only to the admin, posting nothing', async () => {
    bot.clock.set('2026-06-16T07:00:00Z');
    const p = await ask(
      discord,
      'preview',
      { source: 'arxiv', categories: 'cs.LG,cs.RO', keywords: 'manipulation' },
      { admin: true },
    );
    expect(p.ephemeral).toBe(true);
    expect(p.content).toMatch(
      /^Preview: the up to 5 new papers and cross-lists of each arXiv announcement in cs\.LG, cs\.RO/,
    );
    expect(p.content).toContain(
      "From arXiv's latest announcements it would have posted:\n**Tuesday, 16 June 2026** (1 of 1):\n1. Bimanual manipulation benchmarks (2606.16001)",
    );
    expect(discord.messagesIn(channel)).toHaveLength(0);
    expect(await bot.core.stores.subscriptions.list()).toEqual([]);
  });

  it('refuses what an arXiv feed cannot be, saying why, and changes nothing', async () => {
    const refusal = async (options: Record<string, string | number>) =>
      (await ask(discord, 'subscribe', options, { admin: true })).content;
    expect(await refusal({ source: 'arxiv' })).toMatch(/An arXiv feed needs its categories/);
    expect(await refusal({ source: 'arxiv', categories: 'cs.XX' })).toMatch(/"cs\.XX" is not an arXiv category/);
    expect(await refusal({ categories: 'cs.RO' })).toMatch(/categories: is for arXiv feeds: add source:arxiv/);
    expect(await refusal({ source: 'arxiv', categories: 'cs.RO', count: 20 })).toMatch(
      /more than 10 papers only with layout:compact or layout:thread/,
    );
    expect(await refusal({ count: 20 })).toMatch(/count must be from 1 to 10/);
    expect(await refusal({ source: 'arxiv', categories: 'cs.RO', min_upvotes: 5 })).toMatch(
      /min_upvotes counts Hugging Face upvotes/,
    );
    expect(await bot.core.stores.subscriptions.list()).toEqual([]);
    expect(
      (
        await ask(
          discord,
          'subscribe',
          { source: 'arxiv', categories: 'q-bio.nc', count: 40, layout: 'thread' },
          { admin: true },
        )
      ).content,
    ).toMatch(/Subscribed: up to 40 new papers and cross-lists of each arXiv announcement in q-bio\.NC/);
  });
});

describe('arXiv feeds on Slack', () => {
  let slack: SlackFake;
  let bot: SlackBot;
  let scheduler: Scheduler;
  beforeEach(async () => {
    slack = await createSlackFake({ users: [{ id: 'UADMIN', is_admin: true }] });
    bot = await startSlackBot(slack, hf, { env: ENV(), deps: LIVE });
    useListing(bot);
    const { stores, clock, logger, deliveries } = bot.core;
    scheduler = startScheduler({ stores, clock, logger, deliveries });
  });
  afterEach(async () => {
    await scheduler.stop();
    await bot.adapter.stop();
    await slack.close();
  });
  const posts = () => slack.messages('C0001').map((m) => String(m.text ?? ''));

  it('subscribes with key:value text and posts the same: weekend notes, the announcement once, a replacement edited', async () => {
    const answer = await command(
      slack,
      bot.url,
      'subscribe source:arxiv categories:cs.RO,cs.LG include:cross time:09:00 tz:Europe/Berlin keywords:manipulation days:daily',
      'UADMIN',
    );
    expect(JSON.stringify(answer)).toMatch(
      /Subscribed: up to 5 new papers and cross-lists of each arXiv announcement in cs\.LG, cs\.RO/,
    );
    await at(
      bot,
      scheduler,
      '2026-06-13T07:00:00Z',
      '2026-06-14T07:00:00Z',
      '2026-06-15T07:00:00Z',
      '2026-06-16T07:00:00Z',
    );
    const posted = posts().filter((t) => !t.startsWith('📬'));
    expect(posted.slice(0, 2)).toEqual([FRIDAY_NONE, WEEKEND_NOTE]);
    expect(posted.filter((t) => t.startsWith('📰 arXiv'))).toHaveLength(2);
    const m1 = slack
      .messages('C0001')
      .filter((m) => JSON.stringify(m.blocks ?? []).includes('arxiv.org/abs/2606.15001'));
    expect(m1).toHaveLength(1); // posted once, its replacement edited it
    const update = await slack.waitForCall('chat.update', (c) => c.body.ts === m1[0]!.ts, 3000);
    expect(JSON.stringify(update.body)).toContain('v2, 16 Jun');
    const refused = await command(slack, bot.url, 'subscribe source:arxiv categories:astro-ph.XX', 'UADMIN');
    expect(JSON.stringify(refused)).toMatch(/is not an arXiv category/);
  });
});
