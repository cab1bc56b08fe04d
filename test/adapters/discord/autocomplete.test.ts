import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscordFake } from '../../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import { discordBotPerTest } from '../../support/discord-bot.js';

let discord: DiscordFake;
let hf: HfFake;

beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());
discordBotPerTest(
  () => hf,
  (d) => (discord = d),
);

describe("Discord: suggestions within Discord's limits", () => {
  it('suggests at most 25 time zones for a letter hundreds of them contain', async () => {
    const sent = discord.sendAutocomplete({
      name: 'papers',
      subcommand: 'subscribe',
      options: { timezone: 'a' },
      focused: 'timezone',
      permissions: '0',
    });
    const cb = await discord.waitForCallback(sent.id, 5000);
    expect((cb.data as { choices: { value: string }[] }).choices).toHaveLength(25);
    expect(discord.violations).toEqual([]);
  });

  it('suggests a paper whose title is longer than a choice may be, cut to 100 characters', async () => {
    const sent = discord.sendAutocomplete({
      name: 'papers',
      subcommand: 'search',
      options: { query: 'diffusion' },
      focused: 'query',
      permissions: '0',
    });
    const cb = await discord.waitForCallback(sent.id, 5000);
    const choices = (cb.data as { choices: { name: string; value: string }[] }).choices;
    expect(choices.length).toBeGreaterThan(1);
    expect(choices.some((c) => c.name.length === 100 && c.value === c.name)).toBe(true);
    expect(discord.violations).toEqual([]);
  });
});
