import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PERMISSIONS, createDiscordFake, DEFAULTS, type DiscordFake } from '../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../fakes/hf-fake.js';
import {
  JSON_CONTENT_TYPE,
  createSlackFake,
  eventCallbackBody,
  postSigned,
  type SlackFake,
} from '../fakes/slack/fake.js';
import { answerOf, ask, startDiscordBot } from '../support/discord-bot.js';
import { SECRET, command, startSlackBot } from '../support/slack-bot.js';
import { seedHistory } from '../support/vote-history.js';

let hf: HfFake;
beforeAll(async () => void (hf = await createHfFake()));
afterAll(() => hf.close());

const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 150 && !(await check()); i++) await new Promise((r) => setTimeout(r, 20));
};
/** The leaderboard's rows as `rank,id-or-title,votes,upvotes` from the text and from the CSV. */
const textRows = (text: string) =>
  text
    .split('\n')
    .slice(1)
    .filter((l) => /^\d+\. /.test(l))
    .map((l) => {
      const m = /^(\d+)\. (\d+) votes? · ▲ (\d+) · (.+)$/.exec(l)!;
      return `${m[1]},${m[4]},${m[2]},${m[3]}`;
    });
const csvRows = (csv: string) =>
  csv
    .trimEnd()
    .split('\r\n')
    .slice(1)
    .map((l) => {
      const c = l.split(',');
      return `${c[0]},${c[2]},${c[3]},${c[4]}`;
    });

describe('leaderboards on Discord', () => {
  const M = { ada: '400000000000000011', eve: '400000000000000012', carol: '400000000000000013' };
  let discord: DiscordFake;
  let bot: Awaited<ReturnType<typeof startDiscordBot>>;
  beforeAll(async () => {
    discord = await createDiscordFake({
      guilds: [
        {
          id: DEFAULTS.guildId,
          name: 'Test Guild',
          channels: [{ id: DEFAULTS.channelId, name: 'general' }],
          members: [
            { id: M.ada, username: 'ada', nick: 'Ada *the* Analyst' },
            { id: M.eve, username: 'eve', globalName: '@everyone' },
          ],
        },
      ],
    });
  });
  afterAll(() => discord.close());
  afterEach(() => bot.adapter.stop());

  it('paper, top voters and top me name people (nickname, global name, user name) and never ping', async () => {
    bot = await startDiscordBot(discord, hf);
    await ask(discord, 'digest', { date: '2026-06-12' }, { admin: true });
    const [m1, m2] = discord
      .messagesIn(DEFAULTS.channelId)
      .slice(-5)
      .map((m) => m.id);
    for (const user of Object.values(M)) discord.sendReactionAdd({ messageId: m1!, emoji: '👍', userId: user });
    discord.sendReactionAdd({ messageId: m2!, emoji: '👍', userId: M.ada });
    const board = () => bot.core.stores.votes.leaderboard(`discord:${DEFAULTS.guildId}`, 0);
    await until(async () => (await board()).reduce((n, r) => n + r.votes, 0) === 4);
    const paper = await ask(discord, 'paper', { id: (await board())[0]!.paperId });
    expect(paper.content).toBe('👍 3 team votes: \\@everyone, Ada \\*the\\* Analyst and user0013');
    expect(paper.embeds[0]!.footer!.text).toContain('👍 3 team votes');
    const voters = await ask(discord, 'top', { period: 'voters all' });
    expect(voters.content).toBe(
      'Who votes most of all time (3 people):\n1. Ada \\*the\\* Analyst · 2 votes\n2. \\@everyone · 1 vote\n3. user0013 · 1 vote',
    );
    // Every answer with content (an immediate reply's data, or a deferred reply's edit) allows no mentions.
    const answers = discord.requests.flatMap((r) => {
      const body = r.body as {
        type?: number;
        data?: { content?: string; allowed_mentions?: unknown };
        content?: string;
        allowed_mentions?: unknown;
      };
      if (/\/callback$/.test(r.path) && body.type === 4) return [body.data];
      return r.method === 'PATCH' && r.path.startsWith('/webhooks/') ? [body] : [];
    });
    expect(answers.length).toBeGreaterThanOrEqual(3);
    expect(answers.map((a) => JSON.stringify(a?.allowed_mentions))).toEqual(answers.map(() => '{"parse":[]}'));
    const mine = await ask(discord, 'top', { period: 'me' }, { userId: M.ada });
    expect(mine.content).toMatch(
      /^Your votes in the last 7 days \(2\):\n1\. .+ · 1 team vote · ▲ \d+ · voted 2026-06-12\n2\. .+ · 3 team votes/,
    );
  });

  it('top format:csv attaches the export, row for row the same as top', async () => {
    bot = await startDiscordBot(discord, hf);
    await seedHistory(bot.core.stores, {
      team: `discord:${DEFAULTS.guildId}`,
      now: bot.clock.now(),
      paperCount: 30,
      voters: Object.values(M),
      events: 200,
      seed: 5,
    });
    const text = await ask(discord, 'top', { period: 'all', limit: 10 });
    const sent = discord.sendChatInput({
      name: 'papers',
      subcommand: 'top',
      options: { period: 'all', limit: 10, format: 'csv' },
      permissions: ADMIN_PERMISSIONS,
    });
    const answer = await answerOf(discord, sent.id, sent.token);
    const request = await discord.waitFor(
      (r) => r.path.includes(`/interactions/${sent.id}/`) && r.files.length > 0,
      5000,
      'the reply with the file',
    );
    expect(request.files[0]!.name).toBe('top-all-10.csv');
    expect(answer.content).toMatch(/^This team's leaderboard of all time: 10 papers, /);
    expect(textRows(text.content)).toHaveLength(10);
    expect(csvRows(request.files[0]!.text!)).toEqual(textRows(text.content));
  });
});

describe('leaderboards on Slack', () => {
  let slack: SlackFake;
  let bot: Awaited<ReturnType<typeof startSlackBot>>;
  beforeAll(async () => {
    slack = await createSlackFake({
      users: [
        { id: 'UADMIN', is_admin: true, name: 'admin' },
        { id: 'U0002', name: '<!channel> bob', real_name: 'Bob' },
        { id: 'U0003', real_name: 'Carol C' },
      ],
    });
  });
  afterAll(() => slack.close());
  afterEach(() => bot.adapter.stop());

  it('paper, top voters and top me name people from their profiles and never mention them', async () => {
    bot = await startSlackBot(slack, hf);
    await command(slack, bot.url, 'digest 2026-06-12', 'UADMIN');
    const [t1, t2] = slack
      .messages('C0001')
      .slice(-5)
      .map((m) => m.ts);
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
            event_ts: `1781258400.0001${++n}`,
          },
          { eventId: `EvL${n}` },
        ),
        JSON_CONTENT_TYPE,
        SECRET,
      );
    for (const u of ['U0001', 'U0002', 'U0003']) await react(t1!, u);
    await react(t2!, 'U0002');
    const board = () => bot.core.stores.votes.leaderboard('slack:T0001', 0);
    await until(async () => (await board()).reduce((s, r) => s + r.votes, 0) === 4);
    const paper = await command(slack, bot.url, `paper ${(await board())[0]!.paperId}`);
    expect(paper.text).toContain(':+1: 3 team votes: &lt;!channel&gt; bob, alice and Carol C');
    const voters = await command(slack, bot.url, 'top voters all');
    expect(voters.text).toContain(
      'Who votes most of all time (3 people):\n1. &lt;!channel&gt; bob · 2 votes\n2. alice · 1 vote\n3. Carol C · 1 vote',
    );
    expect(`${paper.text}${voters.text}`).not.toMatch(/<@U|<!channel>/);
    expect((await command(slack, bot.url, 'top me', 'U0002')).text).toMatch(/^Your votes in the last 7 days \(2\):/);
  });

  it('top format:csv uploads the export to the channel, row for row the same as top', async () => {
    bot = await startSlackBot(slack, hf);
    await seedHistory(bot.core.stores, {
      team: 'slack:T0001',
      now: bot.clock.now(),
      paperCount: 30,
      voters: ['slack:U0001', 'slack:U0002', 'slack:U0003'],
      events: 200,
      seed: 6,
    });
    const text = await command(slack, bot.url, 'top all 10');
    const answer = await command(slack, bot.url, 'top all 10 format:csv');
    expect(answer.text).toMatch(/Uploaded to this channel as top-all-10\.csv\./);
    const file = [...slack.files.values()].find((f) => f.filename === 'top-all-10.csv')!;
    expect(file.channel).toBe('C0001');
    expect(textRows(text.response.blocks![0]!.text!.text)).toHaveLength(10);
    expect(csvRows(file.content!)).toEqual(textRows(text.response.blocks![0]!.text!.text));
  });
});
