import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHfFake, fixtureDay, type HfFake } from '../../fakes/hf-fake.js';
import {
  BOT_USER_ID,
  FORM_CONTENT_TYPE,
  JSON_CONTENT_TYPE,
  blockActionsBody,
  eventCallbackBody,
  postSigned,
  slashCommandBody,
  validateSlackMessage,
  type SlackFake,
} from '../../fakes/slack/fake.js';
import { allText, command, SECRET, type SlackBot, slackBotPerTest, startSlackBot } from '../../support/slack-bot.js';

let slack: SlackFake;
let hf: HfFake;
let bot: SlackBot;

beforeAll(async () => {
  hf = await createHfFake();
  const items = fixtureDay() as { paper: Record<string, unknown> }[];
  items[0]!.paper.title = '<!channel> <!here> <@U0001> <!subteam^S1> big news & more';
  items[0]!.paper.upvotes = 999;
  hf.days.set('2026-06-11', items);
});
afterAll(() => hf.close());
slackBotPerTest(
  () => hf,
  (s, b) => ((slack = s), (bot = b)),
  {
    fake: {
      users: [
        { id: 'UADMIN', is_admin: true },
        { id: 'UOWNER', is_owner: true },
      ],
    },
    bot: { adminUsers: 'ULISTED' },
  },
);
beforeEach(() => hf.clearOverrides());

const posts = () => slack.callsTo('chat.postMessage').filter((c) => (c.response as { ok?: boolean }).ok);
let eventSeq = 0;
/** A reaction event; each one happens after the previous (a later `event_ts`), as on Slack. */
const reaction = (type: string, reactionName: string, ts: string, user = 'U0002', eventId = `Ev${Math.random()}`) =>
  eventCallbackBody(
    {
      type,
      user,
      reaction: reactionName,
      item_user: BOT_USER_ID,
      item: { type: 'message', channel: 'C0001', ts },
      event_ts: `1700000000.${String(++eventSeq).padStart(6, '0')}`,
    },
    { eventId },
  );
const board = () => bot.core.stores.votes.leaderboard('slack:T0001', 0);
const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 100 && !(await check()); i++) await new Promise((r) => setTimeout(r, 20));
};

describe('Slack: /papers commands', () => {
  it('acknowledges a search within 3 seconds, then answers privately with paginated cards', async () => {
    const r = await command(slack, bot.url, 'search kazakh');
    expect(r.status).toBe(200);
    expect(r.ackMs).toBeLessThan(3000);
    expect(r.response.response_type).toBe('ephemeral');
    expect(r.text).toMatch(/Results for "kazakh" \(page 1 of 2, 9 papers\)/);
    const next = r.response.blocks!.flatMap((b) => b.elements ?? []).find((e) => e.text?.text === 'Next ▶')!;
    const res = await postSigned(
      bot.url,
      blockActionsBody({ actionId: next.action_id!, value: next.value, responseUrl: slack.responseUrl('page2') }),
      FORM_CONTENT_TYPE,
      SECRET,
    );
    expect(res.status).toBe(200);
    const page2 = await slack.waitForResponse((p) => p.id === 'page2', 5000);
    expect(allText(page2.body as object)).toMatch(/page 2 of 2/);
    expect((page2.body as { replace_original?: boolean }).replace_original).toBe(true);
  });

  it.each([
    ['today 2026-06-12', /Top 5 of 30 papers on 2026-06-12/],
    ['paper https://huggingface.co/papers/2606.11409', /Risk Under Pressure/],
    ['help', /\/papers search/],
    ['', /\/papers search/],
    ['top', /No votes yet in the last 7 days\. React with :\+1:/],
    ['settings', /has no daily post/],
  ])('answers /papers %s', async (text, expected) => {
    const r = await command(slack, bot.url, text);
    expect(r.text).toMatch(expected);
    expect(r.response.response_type ?? 'ephemeral').toBe('ephemeral');
  });

  it.each([
    ['frobnicate', /There is no `\/papers frobnicate`/],
    ['search', /needs a query/],
    [`search ${'x'.repeat(300)}`, /too long: 300 characters, at most 200/],
    ['subscribe time:25:00', /"25:00" is not a time of day/],
    ['subscribe tz:Mars/Base', /"Mars\/Base" is not a time zone/],
    ['subscribe count:40', /count must be from 1 to 10/],
    ['top decade', /period must be one of day, week, month, year, all/],
    ['paper not-a-paper', /is not an arXiv id or paper link/],
    ['feeds extra words', /does not take "extra words"/],
    ['subscribe time:', /`time:` has no value/],
    ['subscribe count:1e1', /count must be a whole number in plain digits; "1e1" is not/],
    ['subscribe count:0x5', /count must be a whole number in plain digits; "0x5" is not/],
    ['subscribe count:3 count:5', /Give count once, not both "3" and "5"/],
  ])('answers the bad command %j with help, only to the caller', async (text, expected) => {
    const r = await command(slack, bot.url, text, 'UADMIN');
    expect(r.text).toMatch(expected);
    expect(r.ack?.response_type ?? r.response.response_type).toBe('ephemeral');
    expect(await bot.core.stores.subscriptions.list()).toEqual([]);
  });

  it('parses key:value options and quoted values for subscribe', async () => {
    const r = await command(
      slack,
      bot.url,
      'subscribe time:9:00 tz:Europe/Berlin count:3 keywords:"Video, agents" min:5',
      'UADMIN',
    );
    expect(r.via).toBe('chat.postMessage');
    await until(async () => (await bot.core.stores.subscriptions.list()).length === 1);
    const sub = await bot.core.stores.subscriptions.get({ platform: 'slack', channelId: 'C0001' });
    expect(sub).toMatchObject({
      time: '09:00',
      timeZone: 'Europe/Berlin',
      settings: { count: 3, keywords: 'Video, agents', minUpvotes: 5 },
    });
  });

  it('lets only workspace admins, owners and listed users run admin commands', async () => {
    expect((await command(slack, bot.url, 'subscribe', 'U0001')).text).toMatch(
      /Only members with workspace admin or owner rights/,
    );
    expect(await bot.core.stores.subscriptions.list()).toEqual([]);
    for (const user of ['UADMIN', 'UOWNER', 'ULISTED'])
      expect((await command(slack, bot.url, 'subscribe', user)).text).toMatch(/Subscribed|Updated/);
  });

  it('gives a friendly error when Hugging Face is down', async () => {
    hf.always(/daily_papers/, { status: 503 });
    expect((await command(slack, bot.url, 'today 2026-06-10')).text).toMatch(/Hugging Face is not answering right now/);
  });
});

describe('Slack: daily post', () => {
  it('posts a header and one message per paper, escaped, unfurl-free and within limits, once per day', async () => {
    const r = await command(slack, bot.url, 'digest 2026-06-11', 'UADMIN');
    expect(r.text).toMatch(/Posted the 2026-06-11 digest here: 5 papers/);
    expect(posts()).toHaveLength(6);
    for (const call of posts()) {
      const body = call.body as { unfurl_links?: unknown; text?: string };
      expect(String(body.unfurl_links)).toBe('false');
      expect(validateSlackMessage(call.body)).toEqual([]);
      expect(JSON.stringify(call.body)).not.toMatch(/<!channel>|<!here>|<@U0001>|<!subteam/);
    }
    expect(JSON.stringify(posts()[1]!.body)).toContain('&lt;!channel&gt;');
    expect(slack.violations).toEqual([]);
    const again = await command(slack, bot.url, 'digest 2026-06-11', 'UADMIN');
    expect(again.text).toMatch(/already posted in this channel: <https:\/\/slack\.com\/archives\/C0001\/p\d+>/);
    expect(posts()).toHaveLength(6);
  });

  it('pauses the subscription when the channel is gone and tells the admin, linking the channel', async () => {
    await command(slack, bot.url, 'subscribe', 'UADMIN');
    await until(async () => (await bot.core.stores.subscriptions.list()).length === 1);
    slack.failNext({ method: 'chat.postMessage' }, { body: { ok: false, error: 'channel_not_found' } });
    expect((await command(slack, bot.url, 'digest 2026-06-12', 'UADMIN')).text).toMatch(
      /channel was not found.*paused/s,
    );
    expect((await bot.core.stores.subscriptions.get({ platform: 'slack', channelId: 'C0001' }))?.paused).toBeDefined();
    const notice = await command(slack, bot.url, 'settings', 'UADMIN');
    expect(notice.response.blocks![0]!.text!.text).toMatch(
      /^⚠️ Daily posts in <#C0001> are paused: the channel was not found/,
    );
  });
});

describe('Slack: votes by reaction', () => {
  async function paperTs() {
    await command(slack, bot.url, 'digest 2026-06-12', 'UADMIN');
    return posts()
      .slice(1)
      .map((c) => String((c.response as { ts: string }).ts));
  }

  it('counts +1 and thumbsup once per user, even when Slack retries the delivery', async () => {
    const [t1, t2] = await paperTs();
    const body = reaction('reaction_added', '+1', t1!, 'U0002', 'EvSame');
    for (const retryNum of [undefined, 1, 2]) {
      const res = await postSigned(
        bot.url,
        body,
        JSON_CONTENT_TYPE,
        SECRET,
        retryNum ? { retryNum, retryReason: 'http_timeout' } : {},
      );
      expect(res.status).toBe(200);
    }
    await postSigned(bot.url, reaction('reaction_added', 'thumbsup', t2!, 'U0003'), JSON_CONTENT_TYPE, SECRET);
    await postSigned(bot.url, reaction('reaction_added', '+1::skin-tone-3', t1!, 'U0004'), JSON_CONTENT_TYPE, SECRET);
    await until(async () => (await board()).reduce((n, r) => n + r.votes, 0) === 3);
    expect((await board()).map((r) => r.votes)).toEqual([2, 1]);
    expect((await command(slack, bot.url, 'top')).text).toMatch(/1\. 2 votes · /);
    await postSigned(bot.url, reaction('reaction_removed', '+1::skin-tone-3', t1!, 'U0004'), JSON_CONTENT_TYPE, SECRET);
    await until(async () => (await board())[0]?.votes === 1);
    expect((await board()).map((r) => r.votes)).toEqual([1, 1]);
  });

  it("ignores the bot's own reactions, other reactions and messages it did not post", async () => {
    const [t1] = await paperTs();
    await postSigned(bot.url, reaction('reaction_added', '+1', t1!, BOT_USER_ID), JSON_CONTENT_TYPE, SECRET);
    await postSigned(bot.url, reaction('reaction_added', 'tada', t1!), JSON_CONTENT_TYPE, SECRET);
    await postSigned(bot.url, reaction('reaction_added', '+1', '1600000000.000001'), JSON_CONTENT_TYPE, SECRET);
    await postSigned(bot.url, reaction('reaction_added', '+1', t1!, 'U0009'), JSON_CONTENT_TYPE, SECRET);
    await until(async () => (await board()).length > 0);
    expect((await board()).map((r) => r.votes)).toEqual([1]);
  });
});

describe('Slack: request verification and health', () => {
  const body = () =>
    slashCommandBody({ text: 'subscribe', userId: 'UADMIN', responseUrl: slack.responseUrl('forged') });

  it('rejects a forged signature with 401 and runs nothing', async () => {
    const res = await postSigned(bot.url, body(), FORM_CONTENT_TYPE, SECRET, { badSignature: true });
    expect(res.status).toBe(401);
    expect(await bot.core.stores.subscriptions.list()).toEqual([]);
    expect(slack.responses).toEqual([]);
  });

  it('rejects a request older than five minutes with 401', async () => {
    const res = await postSigned(bot.url, body(), FORM_CONTENT_TYPE, SECRET, {
      timestamp: Math.floor(Date.now() / 1000) - 301,
    });
    expect(res.status).toBe(401);
    expect(await bot.core.stores.subscriptions.list()).toEqual([]);
  });

  it('rejects a body with the wrong content type', async () => {
    const res = await postSigned(bot.url, body(), 'application/x-www-form-urlencoded; charset=utf-8', SECRET);
    expect(res.status).toBe(400);
    expect(await bot.core.stores.subscriptions.list()).toEqual([]);
  });

  it('answers /healthz on the same port: 200 when up, 503 when not', async () => {
    expect((await fetch(`${bot.base}/healthz`)).status).toBe(200);
    bot.health.ready = false;
    expect((await fetch(`${bot.base}/healthz`)).status).toBe(503);
  });
});

describe('Slack: Socket Mode', () => {
  let socket: SlackBot;
  beforeEach(async () => {
    socket = await startSlackBot(slack, hf, { appToken: 'xapp-test' });
  });
  afterEach(() => socket.adapter.stop());

  it('connects through apps.connections.open and answers a command envelope in its ack', async () => {
    expect(slack.callsTo('apps.connections.open')).toHaveLength(1);
    const { slashCommandFields } = await import('../../fakes/slack/fake.js');
    const ack = await slack.sendEnvelope(
      'slash_commands',
      slashCommandFields({ text: 'search kazakh', responseUrl: slack.responseUrl('sock1') }),
    );
    expect(ack.envelope_id).toBeTruthy();
    expect(allText(ack.payload as object)).toMatch(/Results for "kazakh"/);
  });

  it('acks a bad command with its help in the envelope ack', async () => {
    const { slashCommandFields } = await import('../../fakes/slack/fake.js');
    const ack = await slack.sendEnvelope(
      'slash_commands',
      slashCommandFields({ text: 'nope', responseUrl: slack.responseUrl('sock2') }),
    );
    expect(JSON.stringify(ack.payload)).toMatch(/There is no `\/papers nope`/);
  });
});
