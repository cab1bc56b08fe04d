import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Scheduler } from '../../adapters/bot/cron.js';
import { DEFAULTS, type DiscordFake } from '../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../fakes/hf-fake.js';
import { ask, type DiscordBot, discordBotPerTest, startBotScheduler } from '../support/discord-bot.js';

const MIN = 60_000;
const ADMIN = { admin: true };
const channel = DEFAULTS.channelId;
let hf: HfFake;
beforeAll(async () => {
  hf = await createHfFake(); // the real list of Friday 12 June 2026
});
afterAll(() => hf.close());

/** Sets the bot's clock to each minute from `from` to `to`, `stepMin` apart, ticking the scheduler. */
async function run(clock: { set(t: number): void }, scheduler: Scheduler, from: string, to: string, stepMin = 10) {
  for (let t = Date.parse(from); t <= Date.parse(to); t += stepMin * MIN) {
    clock.set(t);
    await scheduler.tick();
  }
}

describe("Monday's post through the Discord adapter", () => {
  let discord: DiscordFake;
  let bot: DiscordBot;
  let scheduler: Scheduler | undefined;
  discordBotPerTest(
    () => hf,
    (d, b) => ((discord = d), (bot = b)),
  );
  afterEach(async () => {
    await scheduler?.stop();
    scheduler = undefined;
  });
  const headers = () =>
    discord
      .messagesIn(channel)
      .map((m) => String(m.content ?? ''))
      .filter((c) => c.startsWith('📰'));

  it("shows Friday's papers to a feed made on Sunday, as the subscribe confirmation promised", async () => {
    bot.clock.set(Date.parse('2026-06-14T10:00:00Z')); // Sunday noon in Berlin
    const confirmation = await ask(discord, 'subscribe', { time: '09:00', timezone: 'Europe/Berlin' }, ADMIN);
    expect(confirmation.content).toMatch(
      /Its post for that day would have been:\n\*\*Friday, 12 June 2026\*\* \(5 of 30\):\n1\. /,
    );
    scheduler = startBotScheduler(bot);
    await run(bot.clock, scheduler, '2026-06-14T10:10:00Z', '2026-06-15T08:00:00Z');
    expect(headers().map((h) => h.split('\n')[0])).toEqual([
      '📰 Hugging Face Daily Papers · Friday, 12 June 2026 · top 5 of 30',
    ]);
  });
});
