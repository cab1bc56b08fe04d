import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DIGEST_SETTINGS, type Platform } from '../../src/model.js';
import type { Layout } from '../../src/subscriptions/subscription.js';
import { DEFAULTS, type DiscordFake } from '../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../fakes/hf-fake.js';
import { eventCallbackBody, JSON_CONTENT_TYPE, postSigned, type SlackFake } from '../fakes/slack/fake.js';
import { ask, type DiscordBot, discordBotPerTest } from '../support/discord-bot.js';
import { until } from '../support/fake-channels.js';
import {
  botUrls,
  HOSTILE_ID,
  HOSTILE_KEYWORDS,
  HOSTILE_NAMES,
  HOSTILE_QUERY,
  hostile,
  hostileItems,
} from '../support/hostile-papers.js';
import { discordPayloadLive, discordShown, slackPayloadLive, type Live } from '../support/inert-check.js';
import { command, SECRET, type SlackBot, slackBotPerTest } from '../support/slack-bot.js';

const DAY = '2026-06-12';
const items = hostileItems();
const ALLOWED = botUrls(items);
let hf: HfFake;
beforeAll(async () => {
  hf = await createHfFake();
  hf.days.set(DAY, items);
  hf.searchItems = items;
});
afterAll(() => hf.close());

/** What a payload shows live that the bot did not make: foreign links, any mention, upstream formatting. */
function foreign(where: string, live: Live): string[] {
  return [
    ...live.links.filter((l) => !ALLOWED.has(l)).map((l) => `${where}: link ${l}`),
    ...live.mentions.map((m) => `${where}: mention ${m}`),
    ...live.formatting.map((f) => `${where}: formatting ${f}`),
  ];
}

const digestOf = (platform: Platform, teamId: string, channelId: string, layout: Layout) => ({
  channel: { platform, teamId, channelId },
  day: DAY,
  by: 'schedule',
  settings: DEFAULT_DIGEST_SETTINGS,
  layout,
});

describe('Discord: upstream text is shown as text', () => {
  const guild = DEFAULTS.guildId;
  const general = DEFAULTS.channelId;
  const THREADS = '300000000000000021';
  const COMPACT = '300000000000000022';
  const FORUM = '300000000000000015';
  const members = ['400000000000000031', '400000000000000032', '400000000000000033'];
  let discord: DiscordFake;
  let bot: DiscordBot;
  discordBotPerTest(
    () => hf,
    (d, b) => ((discord = d), (bot = b)),
    {
      fake: {
        guilds: [
          {
            id: guild,
            channels: [
              { id: general, name: 'general' },
              { id: THREADS, name: 'threads' },
              { id: COMPACT, name: 'compact' },
              { id: FORUM, name: 'papers', type: 15 },
            ],
            members: members.map((id, i) => ({ id, username: `m${i}`, nick: HOSTILE_NAMES[i]! })),
          },
        ],
      },
    },
  );

  it('no card, list, thread, forum post, recap, search, paper or leaderboard carries a link or mention the bot did not make', async () => {
    const { delivery } = bot.adapter;
    for (const [id, layout] of [
      [general, 'messages'],
      [THREADS, 'thread'],
      [COMPACT, 'compact'],
      [FORUM, 'forum'],
    ] as const)
      expect((await delivery.postDigest(digestOf('discord', guild, id, layout))).status).toBe('posted');
    const papers = discord.messagesIn(general).filter((m) => (m.embeds as unknown[]).length > 0);
    expect(papers).toHaveLength(3);
    for (const userId of members) discord.sendReactionAdd({ messageId: papers[0]!.id, emoji: '👍', userId });
    discord.sendReactionAdd({ messageId: papers[1]!.id, emoji: '👍', userId: members[0]! });
    const board = () => bot.core.stores.votes.leaderboard(`discord:${guild}`, 0);
    await until(async () => (await board()).reduce((n, r) => n + r.votes, 0) === 4, 5000, 'the votes');

    const voted = await ask(discord, 'paper', { id: (await board())[0]!.paperId });
    await ask(discord, 'top', { period: 'all' });
    await ask(discord, 'top', { period: 'voters all' });
    await ask(discord, 'top', { period: 'me all' }, { userId: members[0] });
    const found = await ask(discord, 'search', { query: HOSTILE_QUERY });
    expect(found.embeds.length).toBeGreaterThan(0);
    await ask(discord, 'paper', { id: HOSTILE_ID });
    await ask(discord, 'subscribe', { keywords: HOSTILE_KEYWORDS }, { admin: true });
    await ask(discord, 'feeds');
    const week = { channel: { platform: 'discord' as const, teamId: guild, channelId: general }, week: '2026-W24' };
    expect((await delivery.postRecap({ ...week, slot: bot.clock.now(), timeZone: 'UTC', by: 'test' })).status).toBe(
      'posted',
    );

    const problems = discord.requests.flatMap((r) =>
      foreign(`${r.method} ${r.route ?? r.path}`, discordPayloadLive(r.body)),
    );
    expect(problems).toEqual([]);
    // The text still reads as written: a summary shows its masked link's syntax, a name its mention's.
    const description = String((papers[0]!.embeds as { description: string }[])[0]!.description);
    expect(discordShown(description)).toContain(hostile('ai0').slice(0, 120));
    expect(discordShown(voted.content)).toContain(HOSTILE_NAMES[0]);
    expect(discord.requests.filter((r) => r.route === 'start-thread' && r.status === 201)).toHaveLength(3);
    expect(discord.messagesIn(THREADS)).toHaveLength(1);
    expect(discord.messagesIn(COMPACT)).toHaveLength(1);
  });
});

describe('Slack: upstream text is shown as text', () => {
  const team = 'T0001';
  let slack: SlackFake;
  let bot: SlackBot;
  slackBotPerTest(
    () => hf,
    (s, b) => ((slack = s), (bot = b)),
    {
      fake: {
        users: [
          { id: 'UADMIN', is_admin: true, name: 'admin' },
          ...HOSTILE_NAMES.map((real_name, i) => ({ id: `U000${i + 2}`, real_name })),
        ],
      },
    },
  );

  it('no card, list, thread, recap, search, paper or leaderboard carries a link or mention the bot did not make', async () => {
    const { delivery } = bot.adapter;
    for (const [id, layout] of [
      ['C0001', 'messages'],
      ['C0002', 'thread'],
      ['C0003', 'compact'],
    ] as const)
      expect((await delivery.postDigest(digestOf('slack', team, id, layout))).status).toBe('posted');
    const papers = slack.messages('C0001').filter((m) => !String(m.text).startsWith('📰'));
    expect(papers).toHaveLength(3);
    let n = 0;
    const react = (ts: string, user: string) =>
      postSigned(
        bot.url,
        eventCallbackBody(
          {
            type: 'reaction_added',
            user,
            reaction: '+1',
            item: { type: 'message', channel: 'C0001', ts },
            event_ts: `1781258400.0002${++n}`,
          },
          { eventId: `EvI${n}` },
        ),
        JSON_CONTENT_TYPE,
        SECRET,
      );
    for (const u of ['U0002', 'U0003', 'U0004']) await react(papers[0]!.ts, u);
    await react(papers[1]!.ts, 'U0002');
    const board = () => bot.core.stores.votes.leaderboard(`slack:${team}`, 0);
    await until(async () => (await board()).reduce((s, r) => s + r.votes, 0) === 4, 5000, 'the votes');

    const answers = [
      await command(slack, bot.url, `paper ${(await board())[0]!.paperId}`),
      await command(slack, bot.url, 'top all'),
      await command(slack, bot.url, 'top voters all'),
      await command(slack, bot.url, 'top me all', 'U0002'),
      await command(slack, bot.url, `search ${HOSTILE_QUERY}`),
      await command(slack, bot.url, `paper ${HOSTILE_ID}`),
      await command(slack, bot.url, `subscribe keywords:"${HOSTILE_KEYWORDS}"`, 'UADMIN'),
      await command(slack, bot.url, 'feeds'),
      await command(slack, bot.url, `top ${HOSTILE_ID}`),
    ];
    expect(answers[0]!.text).toContain('&gt; pwn-quote &lt;@123&gt;');
    const week = { channel: { platform: 'slack' as const, teamId: team, channelId: 'C0001' }, week: '2026-W24' };
    expect((await delivery.postRecap({ ...week, slot: bot.clock.now(), timeZone: 'UTC', by: 'test' })).status).toBe(
      'posted',
    );

    const problems = [
      ...slack.calls.flatMap((c) => foreign(c.method, slackPayloadLive(c.body))),
      ...slack.responses.flatMap((r) => foreign('response_url', slackPayloadLive(r.body))),
      ...answers.flatMap((a, i) => foreign(`ack ${i}`, slackPayloadLive(a.ack))),
    ];
    expect(problems).toEqual([]);
    expect(slack.messages('C0002').filter((m) => m.thread_ts !== undefined && m.thread_ts !== m.ts)).toHaveLength(3);
    expect(slack.messages('C0003')).toHaveLength(1);
  });
});
