import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Events } from 'discord.js';
import { once } from 'node:events';
import WebSocket from 'ws';
import type { DiscordSharding } from '../../../src/config.js';
import { shardOf, type DiscordFake } from '../../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import { ask, startDiscordBot } from '../../support/discord-bot.js';
import { CHANNEL_A, CHANNEL_B, createTwoShardFake, GUILD_A, GUILD_B } from '../../support/two-shards.js';

let discord: DiscordFake;
let hf: HfFake;
const bots: Awaited<ReturnType<typeof startDiscordBot>>[] = [];

beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());
beforeEach(async () => {
  discord = await createTwoShardFake();
});
afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.adapter.stop();
  await discord.close();
});

async function start(sharding: DiscordSharding) {
  const bot = await startDiscordBot(discord, hf, undefined, sharding);
  bots.push(bot);
  const reactions: string[] = [];
  bot.adapter.client.on(Events.MessageReactionAdd, (r) => reactions.push(r.message.guildId ?? 'dm'));
  return { ...bot, reactions };
}

/** Resolves once `check` holds, polling every 10 ms; fails after `ms`. */
async function until(check: () => boolean, what: string, ms = 3000): Promise<void> {
  for (const end = Date.now() + ms; !check();) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('Discord sharding against the local gateway', () => {
  it('places the two guilds on different shards', () => {
    expect([shardOf(GUILD_A, 2), shardOf(GUILD_B, 2)]).toEqual([0, 1]);
  });

  it('refuses an IDENTIFY for a shard that does not exist with close code 4010, as Discord does', async () => {
    const ws = new WebSocket(discord.gatewayUrl);
    await once(ws, 'message'); // HELLO
    ws.send(
      JSON.stringify({
        op: 2,
        d: { token: 'fake-token-xxxxxxxxxxxxxxxxxxxxxxxx', intents: 1, properties: {}, shard: [2, 2] },
      }),
    );
    const [code] = (await once(ws, 'close')) as [number];
    expect(code).toBe(4010);
  });

  it('gives each of two processes only the guilds of its shard, and only their reactions', async () => {
    const first = await start({ shards: [0], shardCount: 2 });
    const second = await start({ shards: [1], shardCount: 2 });
    expect(discord.identifies.map((i) => i.shard)).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect([...first.adapter.client.guilds.cache.keys()]).toEqual([GUILD_A]);
    expect([...second.adapter.client.guilds.cache.keys()]).toEqual([GUILD_B]);

    expect(discord.sendReactionAdd({ messageId: '500000000000000001', channelId: CHANNEL_B, guildId: GUILD_B })).toBe(
      1,
    );
    expect(discord.sendReactionAdd({ messageId: '500000000000000002', channelId: CHANNEL_A, guildId: GUILD_A })).toBe(
      1,
    );
    await until(() => first.reactions.length > 0 && second.reactions.length > 0, 'both reactions');
    expect(first.reactions).toEqual([GUILD_A]);
    expect(second.reactions).toEqual([GUILD_B]);
  }, 20_000);

  it('answers a command in a guild on the second shard once, from the process running that shard', async () => {
    const first = await start({ shards: [0], shardCount: 2 });
    await start({ shards: [1], shardCount: 2 });
    const sent = discord.sendChatInput({ name: 'papers', subcommand: 'help', guildId: GUILD_B, channelId: CHANNEL_B });
    expect(sent.delivered).toBe(1);
    expect((await ask(discord, 'help')).content).toMatch(/papers/); // guild A: the first process
    await discord.waitForCallback(sent.id, 5000);
    expect(discord.interactions.get(sent.id)?.callbacks).toHaveLength(1);
    // Only the process running shard 0 registers /papers.
    expect(discord.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/commands'))).toHaveLength(1);
    expect(first.adapter.serves({ platform: 'discord', teamId: GUILD_A, channelId: CHANNEL_A })).toBe(true);
    expect(first.adapter.serves({ platform: 'discord', teamId: GUILD_B, channelId: CHANNEL_B })).toBe(false);
    expect(discord.violations).toEqual([]);
  }, 20_000);

  it('runs every recommended shard in one process with DISCORD_SHARDS=auto', async () => {
    const bot = await start({ shards: 'auto' });
    expect(discord.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect([...bot.adapter.client.guilds.cache.keys()].sort()).toEqual([GUILD_A, GUILD_B].sort());
    expect(() => bot.adapter.assertConnected()).not.toThrow();
    discord.sendReactionAdd({ messageId: '500000000000000003', channelId: CHANNEL_B, guildId: GUILD_B });
    discord.sendReactionAdd({ messageId: '500000000000000004', channelId: CHANNEL_A, guildId: GUILD_A });
    await until(() => bot.reactions.length === 2, 'two reactions');
    expect(bot.reactions.sort()).toEqual([GUILD_A, GUILD_B].sort());
    for (const teamId of [GUILD_A, GUILD_B])
      expect(bot.adapter.serves({ platform: 'discord', teamId, channelId: CHANNEL_A })).toBe(true);
  }, 20_000);
});
