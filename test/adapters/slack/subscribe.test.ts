import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { definitions } from '../../../commands/index.js';
import { parseCommandText } from '../../../adapters/slack/parse.js';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import type { SlackFake } from '../../fakes/slack/fake.js';
import { command, type SlackBot, slackBotPerTest } from '../../support/slack-bot.js';

let slack: SlackFake;
let hf: HfFake;
let bot: SlackBot;

beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());
slackBotPerTest(
  () => hf,
  (s, b) => ((slack = s), (bot = b)),
  {
    fake: {
      users: [
        { id: 'UBERLIN', is_admin: true, tz: 'Europe/Berlin' },
        { id: 'UTOKYO', is_owner: true, tz: 'Asia/Tokyo' },
      ],
      channels: [{ id: 'C0002', name: 'random', is_member: false }],
    },
  },
);

const stored = (channelId = 'C0001') => bot.core.stores.subscriptions.get({ platform: 'slack', channelId });
/** The subscription once stored: a confirmation posted in the channel lands just before the change is stored. */
const storedSoon = (channelId = 'C0001') =>
  vi.waitFor(async () => (await stored(channelId)) ?? Promise.reject(new Error('not stored yet')), { timeout: 3000 });
const landed = () => slack.callsTo('chat.postMessage').filter((c) => (c.response as { ok?: boolean }).ok);

describe("Slack: subscribe's time zone", () => {
  it("subscribes in the admin's own time zone and says so, in one confirmation posted in the channel", async () => {
    const r = await command(slack, bot.url, 'subscribe', 'UBERLIN');
    expect(r.via).toBe('chat.postMessage');
    expect(r.text).toMatch(
      /📬 Subscribed: .* every weekday \(Monday to Friday\) at 09:00 Europe\/Berlin \(your time zone; next Mon 15 Jun, 09:00 CEST\)/,
    );
    expect((await storedSoon()).timeZone).toBe('Europe/Berlin');
    await command(slack, bot.url, 'settings', 'UBERLIN');
    expect(landed()).toHaveLength(1);
    expect(slack.responses).toHaveLength(0); // settings answers in its ack
    expect(slack.messages('C0001')).toHaveLength(1);
  });

  it("uses the zone given with tz: over the admin's own, and keeps it when the subscription is changed", async () => {
    expect((await command(slack, bot.url, 'subscribe time:08:30 tz:America/New_York', 'UBERLIN')).text).toMatch(
      /every weekday \(Monday to Friday\) at 08:30 America\/New_York \(next /,
    );
    await storedSoon();
    const r = await command(slack, bot.url, 'subscribe count:3', 'UTOKYO');
    expect(r.text).toMatch(
      /📬 Updated: top 3 .* every weekday \(Monday to Friday\) at 08:30 America\/New_York \(next /,
    );
    expect((await stored())?.timeZone).toBe('America/New_York');
  });

  it('asks Slack about each user once, for both their rights and their zone', async () => {
    await command(slack, bot.url, 'subscribe', 'UTOKYO');
    expect((await storedSoon()).timeZone).toBe('Asia/Tokyo');
    expect((await command(slack, bot.url, 'settings', 'UTOKYO')).text).toMatch(/09:00 Asia\/Tokyo/);
    expect(slack.callsTo('users.info').map((c) => c.body.user)).toEqual(['UTOKYO']);
  });
});

describe('Slack: subscribe where the bot is not a member', () => {
  it.each([
    ['a channel the bot was not invited to', () => undefined],
    [
      'a channel Slack does not show the bot',
      () => slack.failNext({ method: 'chat.postMessage' }, { body: { ok: false, error: 'channel_not_found' } }),
    ],
  ])('in %s, says how to /invite it and stores nothing', async (_, setUp) => {
    setUp();
    const r = await command(slack, bot.url, 'subscribe tz:Europe/Berlin', 'UBERLIN', {
      channelId: 'C0002',
      channelName: 'random',
    });
    expect(r.via).toBe('ack');
    expect(r.response.response_type).toBe('ephemeral');
    expect(r.text).toMatch(/I'm not in this channel yet: run `\/invite @paperfeed` here, then subscribe again\./);
    expect(await bot.core.stores.subscriptions.list()).toEqual([]);
    expect(landed()).toEqual([]);
  });

  it('subscribes once the bot has been invited', async () => {
    await command(slack, bot.url, 'subscribe', 'UBERLIN', { channelId: 'C0002', channelName: 'random' });
    slack.workspace.channels.get('C0002')!.is_member = true;
    const r = await command(slack, bot.url, 'subscribe', 'UBERLIN', { channelId: 'C0002', channelName: 'random' });
    expect(r.text).toMatch(/📬 Subscribed/);
    expect(slack.messages('C0002')).toHaveLength(1);
    expect(await storedSoon('C0002')).toBeDefined();
  });
});

describe('Slack: direct messages between people', () => {
  // D0001 is alice's DM with the app (the fake's DM ids follow the user's): to UBERLIN it is a DM with alice.
  const dm = { channelId: 'D0001', channelName: 'directmessage' };

  it.each(['subscribe', 'digest 2026-06-11', 'unsubscribe', 'feeds', 'settings'])(
    'refuses /papers %s in a DM with someone else, saying where it works, and posts nothing',
    async (text) => {
      const r = await command(slack, bot.url, text, 'UBERLIN', dm);
      expect(r.text).toMatch(
        /works in a channel, or in your own direct message with me for a feed of your own; not in a conversation with other people\. Here I can answer `today`, `search`, `paper`, `top`, `reading`, `takeaway`, `preview`, `account` and `help`\./s,
      );
      expect(r.response.response_type).toBe('ephemeral');
      expect(await bot.core.stores.subscriptions.list()).toEqual([]);
      expect(slack.callsTo('chat.postMessage')).toEqual([]);
    },
  );

  it('refuses subscribe in a group DM too', async () => {
    const r = await command(slack, bot.url, 'subscribe', 'UBERLIN', {
      channelId: 'G0001',
      channelName: 'mpdm-alice--bob-1',
    });
    expect(r.text).toMatch(/not in a conversation with other people/);
  });

  it('refuses linking teams in any DM', async () => {
    const r = await command(slack, bot.url, 'team link', 'UBERLIN', {
      channelId: 'DBERLIN',
      channelName: 'directmessage',
    });
    expect(r.text).toMatch(/works in channels, not in direct messages/);
  });

  it('still answers lookups in a DM', async () => {
    expect((await command(slack, bot.url, 'help', 'U0001', dm)).text).toMatch(/\/papers search/);
  });

  it('answers every command the refusal lists as working in a DM', async () => {
    const refusal = (await command(slack, bot.url, 'feeds', 'UBERLIN', dm)).text;
    const sentence = /Here I can answer ([^.]+)\./.exec(refusal)![1]!;
    const listed = [...sentence.matchAll(/`(\w+)`/g)].map((m) => m[1]!);
    expect(listed).toEqual(['today', 'search', 'paper', 'top', 'reading', 'takeaway', 'preview', 'account', 'help']);
    for (const name of listed) {
      const r = await command(
        slack,
        bot.url,
        name === 'search' ? 'search kazakh' : name === 'paper' ? 'paper 2606.11409' : name,
        'U0001',
        dm,
      );
      expect(r.text, name).not.toMatch(/not in direct messages|not in a conversation/);
    }
  });
});

describe('Slack: help', () => {
  it('shows options in the key:value form Slack accepts, and its example parses', async () => {
    const { text } = await command(slack, bot.url, 'help');
    expect(text).toContain(
      '`/papers subscribe [name:…] [time:…] [timezone:…] [count:N] [keywords:…] [min_upvotes:N] [day:previous|current] [days:daily|weekdays] [empty_days:note|silent] [layout:messages|thread|compact|forum] [recap:…] [reminder:…] [source:hf|arxiv] [categories:…] [include:new|cross|all] [rank:auto|team|hf]`',
    );
    expect(text).toContain('`/papers search &lt;query&gt;`'); // mrkdwn-escaped: Slack shows <query>
    expect(text).not.toMatch(/\[time\] \[timezone\]/);
    const example = /`\/papers (subscribe time:[^`]+)`/.exec(text)![1]!;
    expect(parseCommandText(example, definitions())).toMatchObject({
      ok: true,
      raw: { time: '09:00', timezone: 'Europe/Berlin', keywords: 'video, agents' },
    });
  });
});
