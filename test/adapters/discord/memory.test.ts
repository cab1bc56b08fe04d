import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordFake, DEFAULTS, type DiscordFake } from '../../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import { ask, startDiscordBot } from '../../support/discord-bot.js';

let discord: DiscordFake;
let hf: HfFake;
let bot: Awaited<ReturnType<typeof startDiscordBot>>;

beforeAll(async () => {
  [discord, hf] = await Promise.all([createDiscordFake(), createHfFake()]);
  bot = await startDiscordBot(discord, hf);
});
afterAll(async () => {
  await bot.adapter.stop();
  await Promise.all([discord.close(), hf.close()]);
});

describe('Discord: memory stays flat however many people vote', () => {
  it('counts 60 voters on a daily post while caching no other users, members or reactions', async () => {
    await ask(discord, 'digest', { date: '2026-06-12' }, { admin: true });
    const papers = discord
      .messagesIn(DEFAULTS.channelId)
      .filter((m) => ((m as { embeds?: unknown[] }).embeds ?? []).length > 0);
    const voters = Array.from({ length: 60 }, (_, i) => String(400_000_000_000_000_100n + BigInt(i)));
    for (const userId of voters) discord.sendReactionAdd({ messageId: papers[0]!.id, emoji: '👍', userId });
    const board = () => bot.core.stores.votes.leaderboard(`discord:${DEFAULTS.guildId}`, 0);
    for (let i = 0; i < 200 && (await board())[0]?.votes !== voters.length; i++)
      await new Promise((r) => setTimeout(r, 25));
    expect((await board())[0]?.votes).toBe(voters.length);

    const client = bot.adapter.client;
    const guild = client.guilds.cache.get(DEFAULTS.guildId)!;
    expect([...client.users.cache.keys()]).toEqual([client.user.id]);
    expect([...guild.members.cache.keys()].filter((id) => id !== client.user.id)).toEqual([]);
    const channel = client.channels.cache.get(DEFAULTS.channelId) as {
      messages?: { cache: Map<string, { reactions: { cache: Map<string, unknown> } }> };
    };
    expect(channel).toBeDefined();
    expect([...(channel.messages?.cache.values() ?? [])].every((m) => m.reactions.cache.size === 0)).toBe(true);
  });
});
