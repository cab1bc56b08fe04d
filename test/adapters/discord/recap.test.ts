import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Scheduler } from '../../../adapters/bot/cron.js';
import { DEFAULTS, type DiscordFake } from '../../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import type { SlackFake } from '../../fakes/slack/fake.js';
import { ask, type DiscordBot, discordBotPerTest, startBotScheduler } from '../../support/discord-bot.js';
import { until } from '../../support/fake-channels.js';
import { command, type SlackBot, slackBotPerTest } from '../../support/slack-bot.js';

const channel = DEFAULTS.channelId;
const ADMIN = { admin: true };
const HEAD = "🏆 This week's most-voted papers in this team · week 25, to Friday, 19 June 2026";
let hf: HfFake;
beforeAll(async () => {
  hf = await createHfFake(); // serves the real 2026-06-12 list; other days are empty
});
afterAll(() => hf.close());

describe('weekly recap on Discord', () => {
  let discord: DiscordFake;
  let bot: DiscordBot;
  let scheduler: Scheduler | undefined;
  discordBotPerTest(
    () => hf,
    (d, b) => ((discord = d), (bot = b)),
  ); // its clock stands at Friday 2026-06-12T20:00Z
  afterEach(async () => {
    await scheduler?.stop();
    scheduler = undefined;
  });
  const posted = () =>
    discord.requests.filter(
      (r) => r.method === 'POST' && r.path === `/channels/${channel}/messages` && r.status === 200,
    );
  const recaps = () =>
    posted()
      .map((r) => String((r.body as { content?: string }).content ?? ''))
      .filter((t) => t.startsWith('🏆'));
  const start = () => startBotScheduler(bot, { cron: false, tickOnStart: false });
  async function tickAt(...times: string[]) {
    for (const t of times) {
      bot.clock.set(Date.parse(t));
      await scheduler!.tick();
    }
  }
  const subscribeWithRecap = () =>
    ask(
      discord,
      'subscribe',
      { time: '09:00', timezone: 'Europe/Berlin', empty_days: 'silent', recap: 'friday 16:00' },
      ADMIN,
    );

  it("posts the week's most-voted papers at Friday 16:00 Berlin, once, also across a restart", async () => {
    expect((await subscribeWithRecap()).content).toMatch(
      /Weekly recap of the team's most-voted papers: Fridays at 16:00 \(next Fri 19 Jun, 16:00 CEST\)\./,
    );
    await ask(discord, 'digest', { date: '2026-06-12' }, ADMIN);
    const papers = posted()
      .slice(1, 3)
      .map((r) => ({
        id: String((r.responseBody as { id: string }).id),
        // The embed's title, without its rank.
        title: String((r.body as { embeds: { title: string }[] }).embeds[0]!.title).replace(/^\d+\. /, ''),
      }));
    for (const userId of ['400000000000000002', '400000000000000003'])
      discord.sendReactionAdd({ messageId: papers[1]!.id, emoji: '👍', userId });
    discord.sendReactionAdd({ messageId: papers[0]!.id, emoji: '👍', userId: '400000000000000002' });
    const board = () => bot.core.stores.votes.leaderboard(`discord:${DEFAULTS.guildId}`, 0);
    await until(async () => (await board()).reduce((n, r) => n + r.votes, 0) === 3, 5000, 'the votes');
    const [first, second] = await board();

    scheduler = start();
    await tickAt('2026-06-19T07:00Z', '2026-06-19T13:59Z');
    expect(recaps()).toEqual([]);
    await tickAt('2026-06-19T14:00Z');
    expect(recaps()).toHaveLength(1);
    const [head, ...lines] = recaps()[0]!.split('\n');
    expect(head).toBe(HEAD);
    // Each title links to its paper, inside <…> so Discord shows no preview card for it.
    const linked = (n: number, id: string, votes: string) =>
      new RegExp(`^${n}\\. \\[.+\\]\\(<https://huggingface\\.co/papers/${id.replace('.', '\\.')}>\\) — ${votes}$`);
    expect(lines).toEqual([
      expect.stringMatching(linked(1, first!.paperId, '2 votes')),
      expect.stringMatching(linked(2, second!.paperId, '1 vote')),
    ]);
    expect(lines[0]).toContain(papers[1]!.title.slice(0, 40)); // the paper with two reactions

    await scheduler.stop();
    scheduler = start(); // a restart
    await tickAt('2026-06-19T14:01Z', '2026-06-19T18:00Z', '2026-06-20T09:00Z');
    expect(recaps()).toHaveLength(1);
    expect(discord.violations).toEqual([]);
    const settings = await ask(discord, 'settings');
    expect(settings.content).toMatch(/Last recap: 2026-W25, posted \(Fri 19 Jun, 16:00 CEST\)\./);
    expect(settings.content).toMatch(/Fridays at 16:00 \(next Fri 26 Jun, 16:00 CEST\)/);
  }, 30_000);

  it('says nobody voted when the team cast no votes that week', async () => {
    await subscribeWithRecap();
    scheduler = start();
    await tickAt('2026-06-19T14:00Z');
    expect(recaps()).toEqual([`${HEAD}\nNobody voted this week — react with 👍 on a paper to vote.`]);
  });

  it('answers bad recap values specifically, turns a recap off, and keeps one recap per channel', async () => {
    expect((await ask(discord, 'subscribe', { recap: 'funday 16:00' }, ADMIN)).content).toMatch(
      /"funday" is not a day of the week; write a weekday and a time, e\.g\. recap:"friday 16:00", or recap:off/,
    );
    expect((await ask(discord, 'subscribe', { recap: 'friday' }, ADMIN)).content).toMatch(
      /The recap needs a time after "friday"/,
    );
    expect((await ask(discord, 'subscribe', { recap: 'friday 25:00' }, ADMIN)).content).toMatch(
      /"25:00" is not a time of day; use 24-hour HH:MM/,
    );
    expect(await bot.core.stores.subscriptions.list()).toEqual([]);
    await subscribeWithRecap();
    expect((await ask(discord, 'subscribe', { name: 'agents', recap: 'monday 09:00' }, ADMIN)).content).toMatch(
      /This channel's weekly recap is set on the main feed; a channel gets one recap a week\. Turn it off there first \(`\/papers subscribe recap:off`\)/,
    );
    expect((await ask(discord, 'feeds')).content).toMatch(
      /\*\*main\*\* \(active\): .*Weekly recap of the team's most-voted papers: Fridays at 16:00/,
    );
    const off = await ask(discord, 'subscribe', { recap: 'off' }, ADMIN);
    expect(off.content).toMatch(/^📬 Updated/);
    expect(off.content).not.toMatch(/Weekly recap/);
    expect((await ask(discord, 'subscribe', { name: 'agents', recap: 'Mon 9:00' }, ADMIN)).content).toMatch(
      /Mondays at 09:00/,
    );
  });
});

describe('weekly recap on Slack', () => {
  let slack: SlackFake;
  let bot: SlackBot;
  slackBotPerTest(
    () => hf,
    (s, b) => ((slack = s), (bot = b)),
    { fake: { users: [{ id: 'UADMIN', is_admin: true, tz: 'Europe/Berlin' }] } },
  );

  it('answers bad recap values specifically and sets a good one', async () => {
    expect((await command(slack, bot.url, 'subscribe recap:"funday 16:00"', 'UADMIN')).text).toMatch(
      /"funday" is not a day of the week/,
    );
    expect((await command(slack, bot.url, 'subscribe recap:friday', 'UADMIN')).text).toMatch(
      /The recap needs a time after "friday"/,
    );
    expect((await command(slack, bot.url, 'subscribe recap:"friday 4pm"', 'UADMIN')).text).toMatch(
      /"4pm" is not a time of day/,
    );
    expect(slack.messages('C0001')).toEqual([]);
    expect((await command(slack, bot.url, 'subscribe recap:"friday 16:00"', 'UADMIN')).text).toMatch(
      /Weekly recap of the team's most-voted papers: Fridays at 16:00 \(next Fri 19 Jun, 16:00 CEST\)/,
    );
  });
});
