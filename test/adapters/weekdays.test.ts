import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startScheduler, type Scheduler } from '../../adapters/bot/cron.js';
import { ADMIN_PERMISSIONS, DEFAULTS, type DiscordFake, type MessageObject } from '../fakes/discord/fake.js';
import { createHfFake, readFixture, type HfFake } from '../fakes/hf-fake.js';
import type { SlackFake } from '../fakes/slack/fake.js';
import {
  answerOf,
  ask,
  type DiscordBot,
  discordBotPerTest,
  startBotScheduler,
  startDiscordBot,
} from '../support/discord-bot.js';
import { command, type SlackBot, slackBotPerTest } from '../support/slack-bot.js';

/**
 * Weekday-aware posts through the real adapters, scheduler, delivery and HF client, against the
 * local fakes serving Hugging Face's real lists of Thursday 26, Friday 27 and Monday 30 March 2026
 * (Europe moves its clocks on Sunday 29 March).
 */
const MIN = 60_000;
const ADMIN = { admin: true };
const channel = DEFAULTS.channelId;
const FORUM = '300000000000000015';
const MARCH = ['2026-03-26', '2026-03-27', '2026-03-30'];
const list = (day: string) => JSON.parse(readFixture(`hf-days/${day}.json`)) as unknown[];
/** Friday 27 March 2026, 20:00 in Berlin: a team subscribes at the end of its week. */
const FRIDAY_EVENING = Date.parse('2026-03-27T19:00:00Z');
const FRIDAY_HEADER = '📰 Hugging Face Daily Papers · Friday, 27 March 2026 · top 5 of 16';

let hf: HfFake;
beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());
beforeEach(() => {
  hf.clearOverrides();
  hf.days.clear();
  for (const day of MARCH) hf.days.set(day, list(day));
});

/** Sets the bot's clock to every `stepMin` minutes from `from` to `to`, ticking the scheduler at each. */
async function run(
  clock: { set(t: number): void },
  scheduler: Scheduler,
  from: number | string,
  to: string,
  stepMin = 10,
) {
  for (let t = new Date(from).getTime(); t <= Date.parse(to); t += stepMin * MIN) {
    clock.set(t);
    await scheduler.tick();
  }
}

/** The text a Discord message shows (its content and embeds), for finding a day's header. */
const shown = (m: MessageObject) =>
  [
    m.content ?? '',
    ...((m.embeds ?? []) as { title?: string; description?: string }[]).flatMap((e) => [
      e.title ?? '',
      e.description ?? '',
    ]),
  ].join('\n');

describe("Monday's post through the Discord adapter", () => {
  let discord: DiscordFake;
  let bot: DiscordBot;
  let scheduler: Scheduler | undefined;
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
  afterEach(async () => {
    await scheduler?.stop();
    scheduler = undefined;
  });
  const headers = (id = channel) =>
    discord
      .messagesIn(id)
      .map((m) => String(m.content ?? ''))
      .filter((c) => c.startsWith('📰'))
      .map((c) => c.split('\n')[0]);
  const subscribeIn = async (channelId: string, options: Record<string, string>) => {
    const sent = discord.sendChatInput({
      name: 'papers',
      subcommand: 'subscribe',
      options: { time: '09:00', timezone: 'Europe/Berlin', ...options },
      permissions: ADMIN_PERMISSIONS,
      channelId,
    });
    return (await answerOf(discord, sent.id, sent.token)).content;
  };

  it("shows Friday's papers to a feed made on Sunday, as the subscribe confirmation promised", async () => {
    bot.clock.set(Date.parse('2026-03-29T10:00:00Z')); // Sunday noon in Berlin
    const confirmation = await ask(discord, 'subscribe', { time: '09:00', timezone: 'Europe/Berlin' }, ADMIN);
    expect(confirmation.content).toMatch(
      /Its post for that day would have been:\n\*\*Friday, 27 March 2026\*\* \(top 5 of 16\):\n1\. /,
    );
    scheduler = startBotScheduler(bot);
    await run(bot.clock, scheduler, '2026-03-29T10:10:00Z', '2026-03-30T08:00:00Z');
    expect(headers()).toEqual([FRIDAY_HEADER]);
  });

  it.each([
    ['messages', 6],
    ['compact', 1],
    ['thread', 1],
    ['forum', 5],
  ] as const)(
    "in the %s layout, a feed made on Friday evening posts nothing at the weekend and Friday's papers on Monday",
    async (layout, messages) => {
      const where = layout === 'forum' ? FORUM : channel;
      bot.clock.set(FRIDAY_EVENING);
      const confirmation = await subscribeIn(where, { layout });
      expect(confirmation).toMatch(
        /every weekday \(Monday to Friday\) at 09:00 Europe\/Berlin \(next Mon 30 Mar, 09:00 CEST\)/,
      );
      expect(confirmation).toMatch(
        /Its post for that day would have been:\n\*\*Friday, 27 March 2026\*\* \(top 5 of 16\):/,
      );
      scheduler = startBotScheduler(bot);
      await run(bot.clock, scheduler, FRIDAY_EVENING, '2026-03-30T06:50:00Z');
      const posts = () =>
        discord.requests.filter(
          (r) => r.method === 'POST' && r.status < 300 && /^\/channels\/\d+\/(messages|threads)$/.test(r.path),
        );
      expect(posts()).toEqual([]); // Saturday and Sunday: nothing
      await run(bot.clock, scheduler, '2026-03-30T07:00:00Z', '2026-03-30T08:00:00Z');
      if (layout === 'forum') {
        const threads = discord.requests.filter((r) => r.route === 'start-thread' && r.status === 201);
        expect(threads).toHaveLength(messages);
        const firstTag = (threads[0]!.body as { applied_tags: string[] }).applied_tags[0];
        const forum = discord.requests.filter((r) => r.route === 'edit-channel' && r.status === 200).at(-1)!
          .responseBody as { available_tags: { id: string; name: string }[] };
        expect(forum.available_tags.find((t) => t.id === firstTag)?.name).toBe('2026-03-27');
      } else {
        const posted = discord.messagesIn(channel).filter((m) => !String(m.content ?? '').startsWith('📬'));
        expect(posted).toHaveLength(messages);
        expect(shown(posted[0]!)).toContain(FRIDAY_HEADER.replace(' · top 5 of 16', ''));
        if (layout === 'thread') expect(discord.messagesIn(posted[0]!.id)).toHaveLength(5);
      }
      expect(discord.violations).toEqual([]);
    },
  );

  it('a daily feed shows Friday on Saturday, then notes; a restart on Sunday does not post Friday again', async () => {
    bot.clock.set(FRIDAY_EVENING);
    expect(await subscribeIn(channel, { days: 'daily' })).toMatch(
      /every day at 09:00 Europe\/Berlin \(next Sat 28 Mar/,
    );
    scheduler = startBotScheduler(bot);
    await run(bot.clock, scheduler, FRIDAY_EVENING, '2026-03-28T20:00:00Z');
    // What the preview promises for Sunday is what Sunday brings: Friday is posted, so the note.
    const preview = (await ask(discord, 'preview', {}, ADMIN)).content.split('\n');
    expect(preview.filter((l) => /^\w{3} \d+ \w{3}: /.test(l)).slice(0, 2)).toEqual([
      'Sun 29 Mar: **Saturday, 28 March 2026**: no papers were featured that day (a one-line note, or nothing with empty_days:silent).',
      'Sat 28 Mar: **Friday, 27 March 2026** (top 5 of 16):',
    ]);
    await scheduler.stop();
    await bot.adapter.stop();
    // The process restarts on Sunday at noon, on the same store.
    const again = await startDiscordBot(discord, hf, bot.backend);
    again.clock.set(Date.parse('2026-03-29T10:00:00Z'));
    scheduler = startBotScheduler(again);
    await run(again.clock, scheduler, '2026-03-29T10:00:00Z', '2026-03-30T08:00:00Z');
    expect(headers()).toEqual([
      FRIDAY_HEADER,
      '📰 Hugging Face Daily Papers · Saturday, 28 March 2026',
      '📰 Hugging Face Daily Papers · Sunday, 29 March 2026',
    ]);
    const settings = await ask(discord, 'settings');
    expect(settings.content).toMatch(/Days: daily, weekends included/);
    expect(settings.content).toMatch(/Last post: 2026-03-29, empty/);
  });

  it("waits for a late Friday list on Monday and posts Friday's papers when it comes", async () => {
    hf.days.delete('2026-03-27'); // Hugging Face answers Friday empty for now
    bot.clock.set(Date.parse('2026-03-28T10:00:00Z'));
    await subscribeIn(channel, {});
    scheduler = startBotScheduler(bot);
    await run(bot.clock, scheduler, '2026-03-30T06:50:00Z', '2026-03-30T07:20:00Z');
    expect(headers()).toEqual([]);
    expect((await ask(discord, 'settings')).content).toMatch(
      /Waiting for papers: Hugging Face's list for 2026-03-27 is empty so far/,
    );
    hf.days.set('2026-03-27', list('2026-03-27')); // the list comes at 09:25
    await run(bot.clock, scheduler, '2026-03-30T07:25:00Z', '2026-03-30T08:00:00Z', 5);
    expect(headers()).toEqual([FRIDAY_HEADER]);
    const settings = (await ask(discord, 'settings')).content;
    expect(settings).toMatch(/Days: weekdays, Monday to Friday in Europe\/Berlin/);
    expect(settings).toMatch(/Last post: 2026-03-27, posted \(Mon 30 Mar, 09:(2|3)\d CEST\)/);
  });
});

describe("Monday's post through the Slack adapter", () => {
  let slack: SlackFake;
  let bot: SlackBot;
  let scheduler: Scheduler | undefined;
  slackBotPerTest(
    () => hf,
    (s, b) => ((slack = s), (bot = b)),
    { fake: { users: [{ id: 'UADMIN', is_admin: true, tz: 'Europe/Berlin' }] } },
  );
  afterEach(async () => {
    await scheduler?.stop();
    scheduler = undefined;
  });
  /** Digest messages (they carry a slot key in metadata), oldest first, in the channel and its threads. */
  const digestMessages = () => slack.messages('C0001').filter((m) => m.metadata);

  it.each([
    ['messages', 6, 0],
    ['compact', 1, 0],
    ['thread', 6, 5],
  ] as const)(
    "in the %s layout, a feed made on Friday evening posts nothing at the weekend and Friday's papers on Monday",
    async (layout, messages, replies) => {
      bot.clock.set(FRIDAY_EVENING);
      const r = await command(slack, bot.url, `subscribe time:09:00 layout:${layout}`, 'UADMIN');
      expect(r.text).toMatch(
        /every weekday \(Monday to Friday\) at 09:00 Europe\/Berlin \(your time zone; next Mon 30 Mar, 09:00 CEST\)/,
      );
      const { stores, clock, logger, deliveries } = bot.core;
      scheduler = startScheduler({ stores, clock, logger, deliveries, cron: false, tickOnStart: false });
      await run(bot.clock, scheduler, FRIDAY_EVENING, '2026-03-30T06:50:00Z');
      expect(digestMessages()).toEqual([]);
      await run(bot.clock, scheduler, '2026-03-30T07:00:00Z', '2026-03-30T08:00:00Z');
      const posted = digestMessages();
      expect(posted).toHaveLength(messages);
      expect(posted.filter((m) => m.thread_ts)).toHaveLength(replies);
      expect(JSON.stringify(posted[0])).toContain('Friday, 27 March 2026');
      expect(slack.violations).toEqual([]);
    },
  );
});
