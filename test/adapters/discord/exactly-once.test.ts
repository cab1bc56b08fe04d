import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordFake, DEFAULTS, type DiscordFake } from '../../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import { ask, type DiscordBot, discordBotPerTest, startDiscordBot } from '../../support/discord-bot.js';
import { createMemoryBackend } from '../../../src/store/memory-backend.js';

let discord: DiscordFake;
let hf: HfFake;
let bot: DiscordBot;
const channel = DEFAULTS.channelId;
const ADMIN = { admin: true };
const POST = { method: 'POST', path: /^\/channels\/\d+\/messages$/ };

/** What the channel shows: the header's first line, then each paper card's link. */
const shown = () =>
  discord.messagesIn(channel).map((m) => {
    const embeds = (m.embeds ?? []) as { url?: string }[];
    return embeds[0]?.url ?? String(m.content ?? '').split('\n')[0];
  });

beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());
// discord.js retries a timed-out request once; a short timeout keeps the held answer short.
discordBotPerTest(
  () => hf,
  (d, b) => ((discord = d), (bot = b)),
  { rest: { retries: 1, timeout: 400 } },
);

describe('Discord: a digest is posted once when answers are lost', () => {
  it('a post whose answer is held past the timeout (discord.js sends it again) shows once', async () => {
    discord.holdNext(POST, 900);
    const answer = await ask(discord, 'digest', { date: '2026-06-12' }, ADMIN);
    expect(answer.content).toMatch(/Posted the 2026-06-12 digest here: 5 papers/);
    expect(discord.requests.filter((r) => r.method === 'POST' && POST.path.test(r.path)).length).toBeGreaterThan(6); // the retry happened
    expect(shown()).toHaveLength(6);
    expect(new Set(shown()).size).toBe(6);
  });

  it('a dropped connection after the post landed: the admin is told "posted", and nothing repeats', async () => {
    discord.dropNext(POST, 1, 'close');
    const answer = await ask(discord, 'digest', { date: '2026-06-12' }, ADMIN);
    expect(answer.content).toMatch(/Posted the 2026-06-12 digest here: 5 papers/);
    expect(shown()).toHaveLength(6);
    expect(new Set(shown()).size).toBe(6);
  });

  it('running digest again after posts kept losing their answers repeats nothing', async () => {
    // The header and the first paper go through; every answer for the 3rd message is lost (it landed on the first send).
    discord.holdNext(POST, 0, 2);
    discord.dropNext(POST, 3, 'close');
    const first = await ask(discord, 'digest', { date: '2026-06-12' }, ADMIN);
    expect(first.content).not.toMatch(/Posted the/);
    expect(shown()).toHaveLength(3);
    const again = await ask(discord, 'digest', { date: '2026-06-12' }, ADMIN);
    expect(again.content).toMatch(/Posted the 2026-06-12 digest here: 5 papers/);
    expect(shown()).toHaveLength(6);
    expect(new Set(shown()).size).toBe(6);
  });

  it("past Discord's nonce window, re-running digest finds the landed message among the recent ones", async () => {
    await bot.adapter.stop();
    await discord.close();
    discord = await createDiscordFake({ nonceWindowMs: 1 });
    bot = await startDiscordBot(discord, hf, createMemoryBackend(), {}, { retries: 0, timeout: 400 });
    // The 3rd message lands but its answer is lost; the re-sends then fail before Discord takes them.
    discord.holdNext(POST, 0, 2);
    discord.dropNext(POST, 1, 'close');
    void discord
      .waitFor((r) => r.answer === 'dropped')
      .then(() => discord.failNext(POST, { status: 500, body: { message: 'Internal Server Error', code: 0 } }, 2));
    const first = await ask(discord, 'digest', { date: '2026-06-12' }, ADMIN);
    expect(first.content).not.toMatch(/Posted the/);
    expect(shown()).toHaveLength(3);
    await new Promise((r) => setTimeout(r, 20)); // the nonce has expired
    const again = await ask(discord, 'digest', { date: '2026-06-12' }, ADMIN);
    expect(again.content).toMatch(/Posted the 2026-06-12 digest here: 5 papers/);
    expect(shown()).toHaveLength(6);
    expect(new Set(shown()).size).toBe(6);
    expect(discord.requests.some((r) => r.method === 'GET' && /^\/channels\/\d+\/messages/.test(r.path))).toBe(true);
  });
});
