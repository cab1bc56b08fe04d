import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscordFake } from '../../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import { ask, type DiscordBot, discordBotPerTest } from '../../support/discord-bot.js';

/*
 * Discord checks typed options (numbers, choices) itself, but free-text values such as a time zone
 * or a time reach the bot as typed: a mistake answers in at most three lines with what was meant.
 */
let discord: DiscordFake;
let hf: HfFake;
let bot: DiscordBot;
beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());
discordBotPerTest(
  () => hf,
  (d, b) => ((discord = d), (bot = b)),
);

describe('Discord: a mistake in a free-text option', () => {
  it.each([
    [{ timezone: 'berlin' }, '"berlin" is not a time zone I know. Did you mean `Europe/Berlin`?', '`timezone` — IANA'],
    [{ timezone: 'new york' }, 'Did you mean `America/New_York`?', '`timezone`'],
    [{ time: '9am' }, 'Did you mean `09:00`?', '`time` — Local time'],
    [{ recap: 'fridy 16:00' }, 'Did you mean `friday 16:00`?', '`recap` — Weekly recap'],
  ])('answers subscribe %j in three lines with what was meant, and stores nothing', async (options, first, usage) => {
    const a = await ask(discord, 'subscribe', options, { admin: true });
    const lines = a.content.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain(first);
    expect(lines[1]).toContain(usage);
    expect(lines[2]).toBe('Full usage: `/papers help command:subscribe`');
    expect(a.ephemeral).toBe(true);
    expect(await bot.core.stores.subscriptions.list()).toEqual([]);
  });

  it('suggests the period meant by a typo in top', async () => {
    const a = await ask(discord, 'top', { period: 'wekly' });
    expect(a.content.split('\n')[0]).toMatch(/"wekly" is not\. Did you mean `week`\?$/);
  });

  it('shows one command in full with /papers help command:', async () => {
    const a = await ask(discord, 'help', { command: 'subscribe' });
    expect(a.content).toMatch(/^`\/papers subscribe \[name\] \[time\] \[timezone\] /);
    expect(a.content).toMatch(/^• `timezone` — IANA time zone/m);
    expect(a.content).not.toContain('tz:'); // Slack's key:value aliases mean nothing on Discord
    expect(a.content.length).toBeLessThanOrEqual(2000);
  });

  it('offers the command names as /papers help command: is typed', async () => {
    const sent = discord.sendAutocomplete({
      name: 'papers',
      subcommand: 'help',
      options: { command: 'sub' },
      focused: 'command',
      permissions: '0',
    });
    const cb = await discord.waitForCallback(sent.id, 5000);
    expect((cb.data as { choices: { value: string }[] }).choices.map((c) => c.value)).toEqual(['subscribe']);
    expect(discord.violations).toEqual([]);
  });
});
