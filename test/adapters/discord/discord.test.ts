import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryBackend } from '../../../src/store/memory-backend.js';
import { ADMIN_PERMISSIONS, DEFAULTS, validateDiscordMessage, type DiscordFake } from '../../fakes/discord/fake.js';
import { createHfFake, fixtureDay, withManyAuthors, type HfFake } from '../../fakes/hf-fake.js';
import { answerOf, ask, type DiscordBot, discordBotPerTest, startDiscordBot } from '../../support/discord-bot.js';

let discord: DiscordFake;
let hf: HfFake;
let bot: DiscordBot;
const channel = DEFAULTS.channelId;
const ADMIN = { admin: true };

/** A day whose top paper has 533 authors, a 1,900-character abstract and a title that tries to ping everyone. */
function hostileDay() {
  const items = fixtureDay() as { paper: Record<string, unknown> }[];
  const big = withManyAuthors(items[0], 533) as { paper: Record<string, unknown> };
  big.paper.summary = 'Long abstract sentence. '.repeat(80).slice(0, 1900);
  delete big.paper.ai_summary;
  big.paper.title = '@everyone <@&500000000000000001> look: ' + 'A very long title '.repeat(20);
  big.paper.upvotes = 999;
  return [big, ...items.slice(1)];
}

beforeAll(async () => {
  hf = await createHfFake();
  hf.days.set('2026-06-11', hostileDay());
});
afterAll(() => hf.close());
discordBotPerTest(
  () => hf,
  (d, b) => ((discord = d), (bot = b)),
);
beforeEach(() => hf.clearOverrides());

const postedIn = (id: string) =>
  discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${id}/messages` && r.status === 200);

describe('Discord: logging in and registering /papers', () => {
  it('logs in with only the guild, guild message and reaction intents and DM reactions (none privileged) and registers /papers in the server', async () => {
    // Guilds (1 << 0), GuildMessages (1 << 9: a deleted message takes its votes away), GuildMessageReactions
    // (1 << 10), DirectMessageReactions (1 << 13: votes in a person's own feed, in their DM).
    expect(discord.identifies[0]!.intents).toBe((1 << 0) | (1 << 9) | (1 << 10) | (1 << 13));
    const put = discord.requests.find(
      (r) =>
        r.method === 'PUT' && r.path === `/applications/${DEFAULTS.applicationId}/guilds/${DEFAULTS.guildId}/commands`,
    );
    const [cmd] = put!.body as {
      name: string;
      options: { name: string; options: { name: string; required: boolean }[] }[];
    }[];
    expect(cmd!.name).toBe('papers');
    expect(cmd!.options.map((o) => o.name)).toEqual([
      'today',
      'search',
      'paper',
      'top',
      'reading',
      'takeaway',
      'club',
      'subscribe',
      'preview',
      'feeds',
      'pause',
      'resume',
      'unsubscribe',
      'settings',
      'digest',
      'team',
      'account',
      'help',
    ]);
    expect(cmd!.options.find((o) => o.name === 'search')!.options[0]).toMatchObject({
      name: 'query',
      required: true,
      max_length: 200,
    });
    expect(discord.violations).toEqual([]);
  });

  it('does not register again when nothing changed', async () => {
    await bot.adapter.stop();
    discord.resetRecords();
    bot = await startDiscordBot(discord, hf);
    expect(discord.requests.filter((r) => r.method === 'PUT')).toEqual([]);
    expect(discord.requests.some((r) => r.method === 'GET' && r.path.endsWith('/commands'))).toBe(true);
  });
});

describe('Discord: lookups', () => {
  it('answers help only to the caller', async () => {
    const a = await ask(discord, 'help');
    expect(a.ephemeral).toBe(true);
    expect(a.content).toContain('/papers search');
  });

  it("shows a day's top papers as embeds, privately, after deferring", async () => {
    const a = await ask(discord, 'today', { date: '2026-06-12' });
    expect(a.type).toBe(5);
    expect(a.ephemeral).toBe(true);
    expect(a.content).toBe('Top 5 of 30 papers on 2026-06-12:');
    expect(a.embeds.map((e) => e.footer?.text.split(' · ')[0])).toEqual([
      '▲ 118 upvotes',
      '▲ 103 upvotes',
      '▲ 74 upvotes',
      '▲ 25 upvotes',
      '▲ 18 upvotes',
    ]);
    expect(a.elapsedMs).toBeLessThan(3000);
  });

  it('searches and pages through results with buttons', async () => {
    const a = await ask(discord, 'search', { query: 'kazakh' });
    expect(a.content).toMatch(/^Results for "kazakh" \(page 1 of 2, 9 papers\)/);
    expect(a.embeds).toHaveLength(5);
    const next = a.components.flatMap((r) => r.components).find((c) => c.label === 'Next ▶')!;
    const press = discord.sendButton({ customId: next.custom_id!, message: { id: '1', channel_id: channel } });
    const page2 = await answerOf(discord, press.id, press.token);
    expect(page2.type).toBe(7);
    expect(page2.content).toMatch(/page 2 of 2/);
    expect(page2.embeds).toHaveLength(4);
  });

  it('shows one paper by link, with its authors, its other links and a share button', async () => {
    const a = await ask(discord, 'paper', { id: 'https://arxiv.org/abs/2606.11409v2' });
    expect(a.embeds[0]!.title).toMatch(/^Risk Under Pressure/);
    expect(a.embeds[0]!.description!.split('\n')[0]).toMatch(/^\S+ \S+.*,/); // the authors line
    expect(a.components[0]!.components.map((c) => c.label)).toEqual(['arXiv', 'PDF', 'Code', 'Share in channel']);
  });

  it.each([
    ['paper', { id: 'not a paper' }, /is not an arXiv id or paper link/],
    ['paper', { id: '2606.99999' }, /No paper 2606\.99999 on Hugging Face or arXiv/],
    ['search', { query: 'x'.repeat(2000) }, /query is too long: 2000 characters, at most 200/],
    ['search', { query: ' ' }, /needs a query/],
    ['today', { date: '2026-02-30' }, /"2026-02-30" is not a date/],
    ['subscribe', { time: '25:00' }, /"25:00" is not a time of day/],
    ['subscribe', { timezone: 'Mars/Olympus_Mons' }, /"Mars\/Olympus\\_Mons" is not a time zone/],
    ['subscribe', { count: 40 }, /count must be from 1 to 10; 40 is out of range/],
  ])('answers a bad /papers %s argument with a specific message', async (sub, options, message) => {
    const a = await ask(discord, sub, options, ADMIN);
    expect(a.content).toMatch(message);
    expect(a.ephemeral).toBe(true);
    expect(await bot.core.stores.subscriptions.get({ platform: 'discord', channelId: channel })).toBeUndefined();
  });

  it('gives a friendly error when Hugging Face is down, and keeps running', async () => {
    hf.always(/daily_papers/, { status: 503 });
    const a = await ask(discord, 'today', { date: '2026-06-10' });
    expect(a.content).toMatch(/Hugging Face is not answering right now/);
    hf.clearOverrides();
    expect((await ask(discord, 'help')).content).toContain('/papers');
  });
});

describe('Discord: admin commands', () => {
  it('refuses subscribe, unsubscribe and digest to members without Manage Channels', async () => {
    for (const sub of ['subscribe', 'unsubscribe', 'digest']) {
      const a = await ask(discord, sub);
      expect(a.content).toMatch(/Only members with the Manage Channels/);
      expect(a.ephemeral).toBe(true);
    }
    expect(await bot.core.stores.subscriptions.list()).toEqual([]);
    expect(postedIn(channel)).toEqual([]);
  });

  it('subscribes with a time, zone, count and keywords, and shows them in settings', async () => {
    const a = await ask(
      discord,
      'subscribe',
      { time: '9:30', timezone: 'Europe/Berlin', count: 3, keywords: 'Video, agents' },
      ADMIN,
    );
    expect(a.ephemeral).toBe(false);
    expect(a.content).toMatch(
      /Subscribed: top 3 .* mentioning "video" or "agents", every weekday \(Monday to Friday\) at 09:30 Europe\/Berlin \(next Mon 15 Jun, 09:30 CEST\)/,
    );
    const s = await ask(discord, 'settings');
    expect(s.content).toMatch(/09:30 Europe\/Berlin/);
    expect(s.content).toMatch(/Status: active/);
    const ask1 = await ask(discord, 'unsubscribe', {}, ADMIN);
    expect(ask1.content).toMatch(/^Stop the main feed in this channel\?/);
    expect((await ask(discord, 'settings')).content).toMatch(/09:30 Europe\/Berlin/); // nothing removed before the confirmation
    const yes = ask1.components.flatMap((r) => r.components).find((c) => c.label === 'Yes, unsubscribe')!;
    const press = discord.sendButton({
      customId: yes.custom_id!,
      message: { id: '1', channel_id: channel },
      permissions: ADMIN_PERMISSIONS,
    });
    expect((await answerOf(discord, press.id, press.token)).content).toMatch(/Unsubscribed the main feed/);
    expect((await ask(discord, 'settings')).content).toMatch(/has no daily post/);
  });

  it('posts a digest once: a header, then one message per paper, pinging nobody and within limits', async () => {
    const a = await ask(discord, 'digest', { date: '2026-06-11' }, ADMIN);
    expect(a.content).toBe('Posted the 2026-06-11 digest here: 5 papers.');
    const posts = postedIn(channel);
    expect(posts).toHaveLength(6);
    for (const p of posts) {
      expect((p.body as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [] });
      expect(validateDiscordMessage(p.body)).toEqual([]);
    }
    const first = posts[1]!.body as { embeds: { title: string; author?: unknown; description: string }[] };
    expect(first.embeds[0]!.title).toMatch(/^1\. @everyone/);
    expect(first.embeds[0]!.author).toBeUndefined(); // the title comes first
    expect(first.embeds[0]!.description).toMatch(/^\*\*Abstract:\*\*/);
    expect(discord.violations).toEqual([]);

    const again = await ask(discord, 'digest', { date: '2026-06-11' }, ADMIN);
    expect(again.content).toMatch(/already posted in this channel: https:\/\/discord\.com\/channels\/\d+\/\d+\/\d+/);
    expect(postedIn(channel)).toHaveLength(6);
  });

  it('rides out a 429 on a message post through discord.js and still posts everything', async () => {
    discord.failNext(
      { method: 'POST', path: /\/channels\/\d+\/messages$/ },
      { status: 429, headers: { 'retry-after': '0.2', 'x-ratelimit-scope': 'user' } },
    );
    const a = await ask(discord, 'digest', { date: '2026-06-12' }, ADMIN);
    expect(a.content).toMatch(/Posted the 2026-06-12 digest here: 5 papers/);
    expect(postedIn(channel)).toHaveLength(6);
    expect(discord.stats.injected).toBe(1);
  });

  it('pauses the subscription when the bot loses access, and tells the next admin', async () => {
    await ask(discord, 'subscribe', {}, ADMIN);
    discord.failNext(
      { method: 'POST', path: /\/channels\/\d+\/messages$/ },
      { status: 403, body: { code: 50001, message: 'Missing Access' } },
    );
    const a = await ask(discord, 'digest', { date: '2026-06-12' }, ADMIN);
    expect(a.content).toMatch(/cannot see this channel \(Missing Access\)/);
    const sub = await bot.core.stores.subscriptions.get({ platform: 'discord', channelId: channel });
    expect(sub?.paused?.reason).toMatch(/Missing Access/);
    const next = await ask(discord, 'help', {}, ADMIN);
    expect(next.content).toMatch(/Daily posts in <#\d+> are paused/);
    expect((await ask(discord, 'help', {}, ADMIN)).content).not.toMatch(/are paused/);
  });
});

describe('Discord: votes by reaction', () => {
  async function postedPaperMessages() {
    await ask(discord, 'digest', { date: '2026-06-12' }, ADMIN);
    return postedIn(channel)
      .slice(1)
      .map((r) => String((r.responseBody as { id: string }).id));
  }
  const settle = () => bot.core.stores.votes.leaderboard(`discord:${DEFAULTS.guildId}`, 0);
  const until = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 100 && !(await check()); i++) await new Promise((r) => setTimeout(r, 20));
  };

  it('counts the vote emoji on a posted paper, and forgets it when removed', async () => {
    const [m1, m2] = await postedPaperMessages();
    discord.sendReactionAdd({ messageId: m1!, emoji: '👍', userId: '400000000000000002' });
    discord.sendReactionAdd({ messageId: m1!, emoji: '👍', userId: '400000000000000003' });
    discord.sendReactionAdd({ messageId: m2!, emoji: '👍', userId: '400000000000000002' });
    await until(async () => (await settle()).reduce((n, r) => n + r.votes, 0) === 3);
    const top = await ask(discord, 'top');
    expect(top.content).toMatch(
      /^Most voted papers in the last 7 days · 3 votes from 2 people:\n1\. 2 votes · ▲ \d+ · /,
    );
    expect(top.embeds[0]!.footer!.text).toContain('👍 2 team votes');
    discord.sendReactionRemove({ messageId: m1!, emoji: '👍', userId: '400000000000000003' });
    await until(async () => (await settle())[0]?.votes === 1);
    expect((await settle()).map((r) => r.votes)).toEqual([1, 1]);
  });

  it("ignores the bot's own reactions, other emoji and other messages", async () => {
    const [m1] = await postedPaperMessages();
    const header = String((postedIn(channel)[0]!.responseBody as { id: string }).id);
    discord.sendReactionAdd({ messageId: m1!, emoji: '👍', userId: DEFAULTS.botUserId });
    discord.sendReactionAdd({ messageId: m1!, emoji: '🎉', userId: '400000000000000002' });
    discord.sendReactionAdd({ messageId: header, emoji: '👍', userId: '400000000000000002' });
    const other = discord.sendUserMessage(channel, 'hello');
    discord.sendReactionAdd({ messageId: other.id, emoji: '👍', userId: '400000000000000002' });
    discord.sendReactionAdd({ messageId: m1!, emoji: '👍', userId: '400000000000000009' }); // the one that counts, last
    await until(async () => (await settle()).length > 0);
    expect((await settle()).map((r) => r.votes)).toEqual([1]);
  });

  it('counts reactions on messages posted before a restart', async () => {
    const backend = createMemoryBackend();
    await bot.adapter.stop();
    bot = await startDiscordBot(discord, hf, backend);
    const [m1] = await postedPaperMessages();
    await bot.adapter.stop();
    bot = await startDiscordBot(discord, hf, backend);
    discord.sendReactionAdd({ messageId: m1!, emoji: '👍', userId: '400000000000000002' });
    await until(async () => (await settle()).length > 0);
    expect((await settle()).map((r) => r.votes)).toEqual([1]);
  });

  it('says how to vote when nobody has yet', async () => {
    expect((await ask(discord, 'top', { period: 'month' })).content).toMatch(
      /No votes yet in the last 30 days\. React with 👍/,
    );
  });
});

describe('Discord: autocomplete', () => {
  it('suggests time zones as they are typed', async () => {
    const sent = discord.sendAutocomplete({
      name: 'papers',
      subcommand: 'subscribe',
      options: { timezone: 'berl' },
      focused: 'timezone',
      permissions: '0',
    });
    const cb = await discord.waitForCallback(sent.id, 5000);
    expect(cb.type).toBe(8);
    expect((cb.data as { choices: { value: string }[] }).choices.map((c) => c.value)).toEqual(['Europe/Berlin']);
  });
});
