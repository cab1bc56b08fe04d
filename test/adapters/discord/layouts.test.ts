import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DIGEST_SETTINGS } from '../../../src/model.js';
import { createMemoryBackend } from '../../../src/store/memory-backend.js';
import { DEFAULTS, type DiscordFake, type MessageObject } from '../../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import {
  ask,
  type DiscordBot,
  discordBotPerTest,
  startDiscordBot,
  startBotScheduler,
} from '../../support/discord-bot.js';

let discord: DiscordFake;
let hf: HfFake;
let bot: DiscordBot;
const channel = DEFAULTS.channelId;
const FORUM = '300000000000000015';
const ADMIN = { admin: true };
const team = `discord:${DEFAULTS.guildId}`;
const user = (i: number) => String(400000000000000100n + BigInt(i));

const votes = async () => new Map((await bot.core.stores.votes.leaderboard(team, 0)).map((r) => [r.paperId, r.votes]));
async function until(check: () => Promise<boolean> | boolean, what: string) {
  for (let i = 0; i < 150; i++)
    if (await check()) return;
    else await new Promise((r) => setTimeout(r, 20));
  throw new Error(`timed out waiting for ${what}`);
}
/** The arXiv id a paper message (or forum post) links to. */
const paperOf = (m: MessageObject) => String(((m.embeds as { url?: string }[])[0]?.url ?? '').split('/').pop());

beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());
discordBotPerTest(
  () => hf,
  (d, b) => ((discord = d), (bot = b)),
  {
    fake: {
      guilds: [
        {
          id: DEFAULTS.guildId,
          channels: [
            { id: channel, name: 'general' },
            { id: FORUM, name: 'papers', type: 15 },
          ],
        },
      ],
    },
  },
);

describe('Discord: a threaded day', () => {
  it('posts one message in the channel and the papers in its thread, and counts votes per paper', async () => {
    await ask(discord, 'subscribe', { layout: 'thread' }, ADMIN);
    const before = discord.messagesIn(channel).length;
    expect((await ask(discord, 'digest', { date: '2026-06-12' }, ADMIN)).content).toMatch(
      /Posted the 2026-06-12 digest here: 5 papers/,
    );
    const [header, ...rest] = discord.messagesIn(channel).slice(before);
    expect(rest).toEqual([]);
    expect(String(header!.content)).toMatch(/Papers are in the thread/);
    const replies = discord.messagesIn(header!.id);
    expect(replies).toHaveLength(5);
    expect(discord.violations).toEqual([]);
    // A reaction in a thread names the thread as its channel.
    discord.sendReactionAdd({ channelId: header!.id, messageId: replies[0]!.id, emoji: '👍', userId: user(1) });
    discord.sendReactionAdd({ channelId: header!.id, messageId: replies[0]!.id, emoji: '👍', userId: user(2) });
    discord.sendReactionAdd({ channelId: header!.id, messageId: replies[1]!.id, emoji: '👍', userId: user(1) });
    await until(async () => [...(await votes()).values()].reduce((a, b) => a + b, 0) === 3, 'three votes');
    expect(await votes()).toEqual(
      new Map([
        [paperOf(replies[0]!), 2],
        [paperOf(replies[1]!), 1],
      ]),
    );
  });

  it('a threaded feed keeps its layout in its scheduled post', async () => {
    await ask(discord, 'subscribe', { layout: 'thread', time: '09:00', timezone: 'Europe/Berlin' }, ADMIN);
    const before = discord.messagesIn(channel).length;
    const scheduler = startBotScheduler(bot);
    try {
      bot.clock.set(Date.parse('2026-06-15T07:00:00Z')); // Monday: a weekdays feed shows Friday's papers
      await scheduler.tick();
    } finally {
      await scheduler.stop();
    }
    const posted = discord.messagesIn(channel).slice(before);
    expect(posted).toHaveLength(1);
    expect(discord.messagesIn(posted[0]!.id)).toHaveLength(5);
  });

  it('a reply whose answer was lost is in the thread once', async () => {
    await ask(discord, 'subscribe', { layout: 'thread' }, ADMIN);
    // The first message into any channel but the main one: the first reply in the thread.
    discord.dropNext({ method: 'POST', path: new RegExp(`^/channels/(?!${channel})\\d+/messages$`) }, 1, 'close');
    expect((await ask(discord, 'digest', { date: '2026-06-12' }, ADMIN)).content).toMatch(/5 papers/);
    const header = discord.messagesIn(channel).at(-1)!;
    const replies = discord.messagesIn(header.id);
    expect(discord.requests.some((r) => r.answer === 'dropped')).toBe(true);
    expect(replies.map(paperOf)).toHaveLength(5);
    expect(new Set(replies.map(paperOf)).size).toBe(5);
  });

  it('a day cut off mid-thread resumes in the same thread after a restart', async () => {
    const backend = createMemoryBackend();
    await bot.adapter.stop();
    bot = await startDiscordBot(discord, hf, backend);
    await ask(discord, 'subscribe', { layout: 'thread' }, ADMIN);
    const intoThread = { method: 'POST', path: new RegExp(`^/channels/(?!${channel})\\d+/messages$`) };
    // Every send of the first reply fails (a 5xx): the day stops part-way, the header and its thread in the ledger.
    discord.failNext(intoThread, { status: 500, body: { code: 0, message: 'Internal Server Error' } }, 3);
    expect((await ask(discord, 'digest', { date: '2026-06-12' }, ADMIN)).content).not.toMatch(/Posted the/);
    await bot.adapter.stop();
    bot = await startDiscordBot(discord, hf, backend);
    expect((await ask(discord, 'digest', { date: '2026-06-12' }, ADMIN)).content).toMatch(/5 papers/);
    const headers = discord.messagesIn(channel).filter((m) => String(m.content).startsWith('📰'));
    expect(headers).toHaveLength(1);
    expect(discord.messagesIn(headers[0]!.id)).toHaveLength(5);
    expect(discord.requests.filter((r) => r.route === 'start-thread-from-message' && r.status === 201)).toHaveLength(1);
  });
});

describe('Discord: a compact day', () => {
  it('posts one list with the numbers 1–5 and counts a numbered reaction as a vote for that paper', async () => {
    await ask(discord, 'subscribe', { layout: 'compact' }, ADMIN);
    const before = discord.messagesIn(channel).length;
    await ask(discord, 'digest', { date: '2026-06-12' }, ADMIN);
    const posted = discord.messagesIn(channel).slice(before);
    expect(posted).toHaveLength(1);
    const list = posted[0]!;
    const lines = String((list.embeds as { description: string }[])[0]!.description)
      .split('\n')
      .filter((l) => /^\S+ \*\*\[/.test(l));
    expect(lines).toHaveLength(5);
    expect((list.reactions as { emoji: { name: string }; me: boolean }[]).map((r) => r.emoji.name)).toEqual([
      '1️⃣',
      '2️⃣',
      '3️⃣',
      '4️⃣',
      '5️⃣',
    ]);
    const ids = lines.map((l) => /\]\(https:\/\/huggingface\.co\/papers\/([^)]+)\)/.exec(l)?.[1]);
    discord.sendReactionAdd({ messageId: list.id, emoji: '2️⃣', userId: user(1) });
    discord.sendReactionAdd({ messageId: list.id, emoji: '2️⃣', userId: user(2) });
    discord.sendReactionAdd({ messageId: list.id, emoji: '1️⃣', userId: user(1) });
    discord.sendReactionAdd({ messageId: list.id, emoji: '👍', userId: user(3) }); // not a vote for any paper
    await until(async () => [...(await votes()).values()].reduce((a, b) => a + b, 0) === 3, 'three votes');
    expect(await votes()).toEqual(
      new Map([
        [ids[1], 2],
        [ids[0], 1],
      ]),
    );
  });
});

describe('Discord: a forum channel', () => {
  const day = (keywords = '') => ({
    channel: { platform: 'discord' as const, teamId: DEFAULTS.guildId, channelId: FORUM },
    day: '2026-06-12',
    by: 'schedule',
    settings: { ...DEFAULT_DIGEST_SETTINGS, count: 3, keywords },
  });
  const posts = () => discord.requests.filter((r) => r.route === 'start-thread' && r.status === 201);

  it('gets one forum post per paper, tagged with the day and the words it matched', async () => {
    expect((await bot.adapter.delivery.postDigest(day('model, language'))).status).toBe('posted');
    expect(posts()).toHaveLength(3);
    expect(discord.messagesIn(FORUM)).toEqual([]);
    const forum = (await discord.waitFor((r) => r.route === 'edit-channel' && r.status === 200)).responseBody as {
      available_tags: { id: string; name: string }[];
    };
    const names = new Map(forum.available_tags.map((t) => [t.id, t.name]));
    const tagged = posts().map((post) =>
      (post.body as { applied_tags: string[] }).applied_tags.map((id) => names.get(id)),
    );
    for (const tags of tagged) {
      expect(tags[0]).toBe('2026-06-12');
      expect(tags.slice(1).every((t) => t === 'model' || t === 'language')).toBe(true);
    }
    expect(tagged.some((tags) => tags.length > 1)).toBe(true);
    expect(discord.violations).toEqual([]);
    // A vote on a forum post counts for its paper.
    const thread = posts()[0]!.responseBody as { id: string; message: MessageObject };
    discord.sendReactionAdd({ channelId: thread.id, messageId: thread.message.id, emoji: '👍', userId: user(1) });
    await until(async () => (await votes()).get(paperOf(thread.message)) === 1, 'a vote on the forum post');
  });

  it("keeps each forum post within Discord's tag limits when a paper matches many long words", async () => {
    const words = "model, language, 'large language models', reasoning, learning, agents, benchmark, training";
    expect((await bot.adapter.delivery.postDigest(day(words))).status).toBe('posted');
    const forum = discord.requests.filter((r) => r.route === 'edit-channel' && r.status === 200).at(-1)!
      .responseBody as { available_tags: { id: string; name: string }[] };
    const names = new Map(forum.available_tags.map((t) => [t.id, t.name]));
    const tagged = posts().map((post) =>
      (post.body as { applied_tags: string[] }).applied_tags.map((id) => names.get(id)),
    );
    expect(tagged).toHaveLength(3);
    // Every paper matched five words or more: the day and the first four, a name cut to 20 characters.
    for (const tags of tagged) expect(tags).toHaveLength(5);
    expect(tagged[0]).toEqual(['2026-06-12', 'model', 'language', 'large language model', 'agents']);
    expect(discord.violations).toEqual([]);
  });

  it('posts without tags when the bot may not edit the forum', async () => {
    discord.failNext(
      { method: 'PATCH', path: new RegExp(`^/channels/${FORUM}$`) },
      { status: 403, body: { code: 50013, message: 'Missing Permissions' } },
      5,
    );
    expect((await bot.adapter.delivery.postDigest(day())).status).toBe('posted');
    expect(posts()).toHaveLength(3);
    expect(posts().every((p) => (p.body as { applied_tags: string[] }).applied_tags.length === 0)).toBe(true);
  });

  it('a forum post whose answer was lost is posted once', async () => {
    discord.dropNext({ method: 'POST', path: new RegExp(`^/channels/${FORUM}/threads$`) }, 1, 'close');
    expect((await bot.adapter.delivery.postDigest(day())).status).toBe('posted');
    expect(discord.requests.some((r) => r.answer === 'dropped')).toBe(true);
    const titles = discord.requests
      .filter((r) => r.route === 'start-thread')
      .map((r) => (r.body as { name: string }).name);
    expect(titles).toHaveLength(3);
    expect(new Set(titles).size).toBe(3);
  });
});
