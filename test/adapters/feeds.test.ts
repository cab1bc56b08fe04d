import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Scheduler } from '../../adapters/bot/cron.js';
import { ADMIN_PERMISSIONS, DEFAULTS, type DiscordFake } from '../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../fakes/hf-fake.js';
import type { SlackFake } from '../fakes/slack/fake.js';
import { answerOf, ask, type DiscordBot, discordBotPerTest, startBotScheduler } from '../support/discord-bot.js';
import { command, type SlackBot, slackBotPerTest } from '../support/slack-bot.js';

const MIN = 60_000;
const channel = DEFAULTS.channelId;
let hf: HfFake;
beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());

/** Moves the clock from now to `until` in 5-minute ticks (and on each given minute), ticking the scheduler. */
async function runDay(
  clock: { now(): number; set(t: number): void },
  scheduler: Scheduler,
  until: string,
  extra: string[] = [],
) {
  const ticks = extra.map((t) => Date.parse(t));
  for (let t = clock.now(); t <= Date.parse(until); t += 5 * MIN) ticks.push(t);
  for (const t of ticks.sort((a, b) => a - b)) {
    clock.set(t);
    await scheduler.tick();
  }
}

describe('feeds on Discord', () => {
  let discord: DiscordFake;
  let bot: DiscordBot;
  let scheduler: Scheduler | undefined;
  discordBotPerTest(
    () => hf,
    (d, b) => ((discord = d), (bot = b)),
  ); // its clock stands at 2026-06-12T20:00Z
  afterEach(async () => {
    await scheduler?.stop();
    scheduler = undefined;
  });
  const headers = () => discord.messagesIn(channel).filter((m) => String(m.content ?? '').startsWith('📰'));
  const start = () => startBotScheduler(bot);

  it('two feeds in one channel post at their own times, once each, also across a restart, each header naming its feed', async () => {
    expect(
      (
        await ask(
          discord,
          'subscribe',
          { name: 'agents', time: '09:00', timezone: 'Europe/Berlin', keywords: 'agent', count: 2, days: 'daily' },
          { admin: true },
        )
      ).content,
    ).toMatch(/Subscribed \(feed "agents"\)/);
    expect(
      (
        await ask(
          discord,
          'subscribe',
          { name: 'evening', time: '18:00', timezone: 'Europe/Berlin', count: 3, days: 'daily' },
          { admin: true },
        )
      ).content,
    ).toMatch(/Subscribed \(feed "evening"\)/);
    const list = await ask(discord, 'feeds');
    expect(list.content).toMatch(
      /This channel has 2 feeds:\n• \*\*agents\*\* \(active\): top 2 .*\n• \*\*evening\*\* \(active\): top 3/,
    );
    scheduler = start();
    await runDay(bot.clock, scheduler, '2026-06-13T12:00Z', ['2026-06-13T07:00Z']);
    expect(headers()).toHaveLength(1); // agents, at 09:00 Berlin
    await scheduler.stop();
    scheduler = start(); // a restart
    await runDay(bot.clock, scheduler, '2026-06-13T21:00Z', ['2026-06-13T16:00Z']);
    expect(headers()).toHaveLength(2);
    // Each names its feed, and counts the papers its filter matched.
    expect(headers().map((m) => String(m.content).split('\n')[0])).toEqual([
      expect.stringMatching(
        /^📰 \*\*agents\*\* · Hugging Face Daily Papers · Friday, 12 June 2026 · top 2 of \d+ matching$/,
      ),
      expect.stringMatching(/^📰 \*\*evening\*\* · Hugging Face Daily Papers · Friday, 12 June 2026 · top 3 of 30$/),
    ]);
    const posted = discord.messagesIn(channel).filter((m) => !String(m.content ?? '').startsWith('📬')); // not the confirmations
    expect(posted).toHaveLength(1 + 2 + 1 + 3);
  });

  it('a feed paused for the holidays posts nothing meanwhile and comes back unchanged, without a catch-up', async () => {
    await ask(
      discord,
      'subscribe',
      { name: 'agents', time: '09:00', timezone: 'Europe/Berlin', count: 2 },
      { admin: true },
    );
    const paused = await ask(discord, 'pause', { name: 'agents', until: '2026-06-16' }, { admin: true });
    expect(paused.content).toMatch(
      /Paused feed "agents" in this channel until 2026-06-16; it resumes by itself that day\. Its settings are kept\./,
    );
    expect((await ask(discord, 'settings', { name: 'agents' })).content).toMatch(
      /Status: ⏸️ paused by hand until 2026-06-16/,
    );
    scheduler = start();
    await runDay(bot.clock, scheduler, '2026-06-15T20:00Z', [
      '2026-06-13T07:00Z',
      '2026-06-14T07:00Z',
      '2026-06-15T07:00Z',
    ]);
    expect(headers()).toHaveLength(0);
    // The fake has no list for Monday: a weekday answered empty gets its note after a 6-hour wait.
    await runDay(bot.clock, scheduler, '2026-06-16T13:00Z', ['2026-06-16T07:00Z']);
    expect(headers()).toHaveLength(1);
    expect(String(headers()[0]!.content)).toMatch(/^📰 Hugging Face Daily Papers · Monday, 15 June 2026\n/); // Monday's own post
    expect(String(headers()[0]!.content)).not.toMatch(/missed/); // no catch-up of the paused days
    expect((await ask(discord, 'settings', { name: 'agents' })).content).toMatch(/Status: active\./);
  });

  it('pause and resume by hand keep every setting; bad names and dates get specific answers', async () => {
    await ask(
      discord,
      'subscribe',
      { time: '07:15', timezone: 'Asia/Tokyo', count: 4, keywords: 'robot' },
      { admin: true },
    );
    expect((await ask(discord, 'pause', {}, { admin: true })).content).toMatch(
      /Paused the main feed in this channel until an admin runs `\/papers resume`/,
    );
    expect((await ask(discord, 'pause', { until: '2026-06-01' }, { admin: true })).content).toMatch(
      /2026-06-01 is not in the future/,
    );
    expect((await ask(discord, 'pause', { until: 'soon' }, { admin: true })).content).toMatch(
      /"soon" is not a date; use YYYY-MM-DD/,
    );
    expect((await ask(discord, 'pause', { name: 'Bad Name!' }, { admin: true })).content).toMatch(/is not a feed name/);
    expect((await ask(discord, 'resume', { name: 'nope' }, { admin: true })).content).toMatch(
      /no feed named "nope"\. Its feeds: the main feed/,
    );
    expect((await ask(discord, 'pause')).content).toMatch(/Only members with/);
    expect((await ask(discord, 'resume', {}, { admin: true })).content).toMatch(
      /Resumed the main feed in this channel, settings unchanged/,
    );
    expect((await ask(discord, 'resume', {}, { admin: true })).content).toMatch(/The main feed is not paused/);
    const sub = await bot.core.stores.subscriptions.get({ platform: 'discord', channelId: channel });
    expect(sub).toMatchObject({ time: '07:15', timeZone: 'Asia/Tokyo', settings: { count: 4, keywords: 'robot' } });
    expect(sub?.paused).toBeUndefined();
  });

  it('unsubscribing a named feed asks first and leaves the others', async () => {
    await ask(discord, 'subscribe', { time: '09:00' }, { admin: true });
    await ask(discord, 'subscribe', { name: 'agents', time: '10:00' }, { admin: true });
    const asked = await ask(discord, 'unsubscribe', { name: 'agents' }, { admin: true });
    expect(asked.content).toMatch(/^Stop feed "agents" in this channel\?/);
    const yes = asked.components.flatMap((r) => r.components).find((c) => c.label === 'Yes, unsubscribe')!;
    const byMember = discord.sendButton({ customId: yes.custom_id!, message: { id: '1', channel_id: channel } });
    expect((await answerOf(discord, byMember.id, byMember.token)).content).toMatch(
      /Only members with .* can unsubscribe/,
    );
    const press = discord.sendButton({
      customId: yes.custom_id!,
      message: { id: '1', channel_id: channel },
      permissions: ADMIN_PERMISSIONS,
    });
    expect((await answerOf(discord, press.id, press.token)).content).toMatch(/Unsubscribed feed "agents"/);
    expect(
      (
        await bot.core.stores.subscriptions.inChannel({
          platform: 'discord',
          teamId: DEFAULTS.guildId,
          channelId: channel,
        })
      ).map((s) => s.feed ?? 'main'),
    ).toEqual(['main']);
  });

  it('preview shows any member what a feed would post next and in its 4 posts before, and posts nothing', async () => {
    const before = discord.messagesIn(channel).length;
    const p = await ask(discord, 'preview', { time: '09:00', timezone: 'Europe/Berlin', count: 2, keywords: 'agent' });
    expect(p.ephemeral).toBe(true);
    expect(p.content).toMatch(/^Preview: the top 2 of the previous day's Daily Papers/);
    expect(p.content).toMatch(/Nothing is posted or saved/);
    // A weekdays feed (the default): Monday's post shows Friday's papers; those before it, the day before each.
    expect(p.content.match(/^\w{3} \d+ \w{3}: \*\*\w+day, \d+ \w+ \d{4}\*\*/gm)).toEqual([
      'Mon 15 Jun: **Friday, 12 June 2026**',
      'Fri 12 Jun: **Thursday, 11 June 2026**',
      'Thu 11 Jun: **Wednesday, 10 June 2026**',
      'Wed 10 Jun: **Tuesday, 9 June 2026**',
      'Tue 9 Jun: **Monday, 8 June 2026**',
    ]);
    expect(p.content).toMatch(/Mon 15 Jun: \*\*Friday, 12 June 2026\*\* \(top 2 of \d+ matching\):\n1\. /);
    expect(discord.messagesIn(channel)).toHaveLength(before);
    expect(await bot.core.stores.subscriptions.list()).toEqual([]);
  });

  it('subscribe answers with the first post time and a one-day preview', async () => {
    const a = await ask(discord, 'subscribe', { time: '09:00', timezone: 'Europe/Berlin', count: 2 }, { admin: true });
    expect(a.content).toMatch(/next Mon 15 Jun, 09:00 CEST/);
    expect(a.content).toMatch(
      /Its post for that day would have been:\n\*\*Friday, 12 June 2026\*\* \(top 2 of 30\):\n1\. .*\n2\. /,
    );
  });

  it('refuses a sixth feed in one channel', async () => {
    for (const name of ['a', 'b', 'c', 'd', 'e']) await ask(discord, 'subscribe', { name }, { admin: true });
    expect((await ask(discord, 'subscribe', { name: 'f' }, { admin: true })).content).toMatch(
      /has 5 feeds already, the most it can have/,
    );
  });
});

describe('feeds on Slack', () => {
  let slack: SlackFake;
  let bot: SlackBot;
  slackBotPerTest(
    () => hf,
    (s, b) => ((slack = s), (bot = b)),
    { fake: { users: [{ id: 'UADMIN', is_admin: true, tz: 'Europe/Berlin' }] } },
  );

  it('subscribes a named feed with key:value options, lists it, pauses and resumes it', async () => {
    expect(
      (await command(slack, bot.url, 'subscribe name:agents time:09:00 keywords:agent layout:thread', 'UADMIN')).text,
    ).toMatch(/Subscribed \(feed "agents"\)/);
    const listed = (await command(slack, bot.url, 'feeds')).text;
    expect(listed).toMatch(/This channel has 1 feed:\n• \*agents\* \(active\)/);
    expect(listed).toMatch(/Papers are posted in the thread of the day's header/);
    expect((await command(slack, bot.url, 'pause agents until:2026-07-01', 'UADMIN')).text).toMatch(
      /Paused feed "agents" in this channel until 2026-07-01/,
    );
    expect((await command(slack, bot.url, 'resume agents', 'UADMIN')).text).toMatch(/Resumed feed "agents"/);
    expect((await command(slack, bot.url, 'unsubscribe agents', 'UADMIN')).text).toMatch(
      /Stop feed "agents" in this channel\?/,
    );
  });

  it('preview answers only the member who asked and posts nothing in the channel', async () => {
    const r = await command(slack, bot.url, 'preview time:08:00 count:1', 'U0001');
    expect(r.response.response_type).toBe('ephemeral');
    expect(r.text).toMatch(/Preview: the top 1 of/);
    expect(slack.messages('C0001')).toEqual([]);
  });
});
