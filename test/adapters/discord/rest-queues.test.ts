import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDiscordFake, type DiscordFake } from '../../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import { ask, startDiscordBot, type DiscordBot } from '../../support/discord-bot.js';

let discord: DiscordFake;
let hf: HfFake;
let bot: DiscordBot;

beforeAll(async () => {
  [discord, hf] = await Promise.all([createDiscordFake(), createHfFake()]);
  // Only intervals are faked: discord.js sweeps its REST queues on one; everything else runs as is.
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  bot = await startDiscordBot(discord, hf);
});
afterAll(async () => {
  vi.useRealTimers();
  await bot.adapter.stop();
  await Promise.all([discord.close(), hf.close()]);
});

describe('Discord: what answering a command leaves behind', () => {
  it('drops the REST queue of each answered interaction within a minute', async () => {
    // Each deferred answer is edited through /webhooks/<app>/<interaction token>: one REST queue per token.
    for (let i = 0; i < 30; i++) await ask(discord, 'today', { date: '2026-06-12' });
    const rest = bot.adapter.client.rest;
    expect(rest.handlers.size).toBeGreaterThanOrEqual(30);
    vi.advanceTimersByTime(60_000);
    expect(rest.handlers.size).toBeLessThan(5);
  });
});
