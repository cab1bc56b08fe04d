import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Scheduler } from '../../../adapters/bot/cron.js';
import { ADMIN_PERMISSIONS, DEFAULTS, type DiscordFake } from '../../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import { answerOf, ask, type DiscordBot, discordBotPerTest, startBotScheduler } from '../../support/discord-bot.js';

const BERLIN = DEFAULTS.channelId;
const NEW_YORK = '300000000000000002';
const MIN = 60_000;

let discord: DiscordFake;
let hf: HfFake;
let bot: DiscordBot;
let scheduler: Scheduler | undefined;

beforeAll(async () => {
  hf = await createHfFake(); // serves the real 2026-06-12 list
});
afterAll(() => hf.close());
// Its manual clock stands at 2026-06-12T20:00Z.
discordBotPerTest(
  () => hf,
  (d, b) => ((discord = d), (bot = b)),
  {
    fake: {
      guilds: [
        {
          id: DEFAULTS.guildId,
          name: 'Test Guild',
          channels: [
            { id: BERLIN, name: 'papers-berlin' },
            { id: NEW_YORK, name: 'papers-new-york' },
          ],
        },
      ],
    },
  },
);
afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
});

const postedIn = (id: string) =>
  discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${id}/messages` && r.status === 200);
const start = () => startBotScheduler(bot);

async function subscribe(channelId: string, time: string, timezone: string) {
  const sent = discord.sendChatInput({
    name: 'papers',
    subcommand: 'subscribe',
    options: { time, timezone, days: 'daily' },
    permissions: ADMIN_PERMISSIONS,
    channelId,
  });
  expect((await answerOf(discord, sent.id, sent.token)).content).toMatch(/^📬 Subscribed/);
}

describe('scheduler through the Discord adapter', () => {
  it('posts 09:00 Berlin and 08:30 New York at their local times exactly once, also across a restart', async () => {
    await subscribe(BERLIN, '09:00', 'Europe/Berlin');
    await subscribe(NEW_YORK, '08:30', 'America/New_York');
    scheduler = start();
    const first = new Map<string, string>();
    // A tick every 5 minutes for a whole day, and on the minute before each post time.
    const ticks = [Date.parse('2026-06-13T06:59Z'), Date.parse('2026-06-13T12:29Z')];
    for (let t = bot.clock.now(); t <= Date.parse('2026-06-13T20:00Z'); t += 5 * MIN) ticks.push(t);
    for (const t of ticks.sort((a, b) => a - b)) {
      bot.clock.set(t);
      await scheduler.tick();
      for (const id of [BERLIN, NEW_YORK])
        if (!first.has(id) && postedIn(id).length > 0) first.set(id, new Date(t).toISOString());
    }
    expect(first).toEqual(
      new Map([
        [BERLIN, '2026-06-13T07:00:00.000Z'],
        [NEW_YORK, '2026-06-13T12:30:00.000Z'],
      ]),
    );
    for (const id of [BERLIN, NEW_YORK]) {
      const posts = postedIn(id);
      expect(posts).toHaveLength(6); // the header and the top 5
      expect((posts[0]!.body as { content: string }).content).toMatch(
        /^📰 Hugging Face Daily Papers · Friday, 12 June 2026 · top 5 of 30/,
      );
    }

    await scheduler.stop();
    scheduler = start(); // a restart ticks at once, then every minute
    for (const t of ['2026-06-13T20:01Z', '2026-06-14T03:00Z', '2026-06-14T06:59Z']) {
      bot.clock.set(t);
      await scheduler.tick();
    }
    expect(postedIn(BERLIN)).toHaveLength(6);
    expect(postedIn(NEW_YORK)).toHaveLength(6);
    expect(discord.violations).toEqual([]);
    const settings = await ask(discord, 'settings');
    expect(settings.content).toMatch(/next Sun 14 Jun, 09:00 CEST/);
    expect(settings.content).toMatch(/Last post: 2026-06-12, posted \(Sat 13 Jun, 09:00 CEST\)\./);
  }, 60_000);
});
