import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definitions } from '../../../commands/index.js';
import { DEFAULT_DIGEST_SETTINGS } from '../../../src/model.js';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import {
  blockActionsBody,
  eventCallbackBody,
  FORM_CONTENT_TYPE,
  JSON_CONTENT_TYPE,
  postSigned,
  type SlackFake,
} from '../../fakes/slack/fake.js';
import { until } from '../../support/fake-channels.js';
import { allText, command, SECRET, type SlackBot, slackBotPerTest } from '../../support/slack-bot.js';
import { literalMarkdown } from '../../support/slack-markdown.js';

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
); // its clock stands on Friday 2026-06-12, the day the fixture's papers were featured

describe('Slack: the bot writes mrkdwn, not Markdown', () => {
  it('preview, feeds and the public subscribe confirmation bold with single asterisks', async () => {
    const subscribed = await command(slack, bot.url, 'subscribe', 'UADMIN');
    expect(subscribed.via).toBe('chat.postMessage');
    const preview = await command(slack, bot.url, 'preview', 'UADMIN');
    const feeds = await command(slack, bot.url, 'feeds');

    const problems = [
      ...literalMarkdown('subscribe', subscribed.response),
      ...literalMarkdown('preview', preview.response),
      ...literalMarkdown('feeds', feeds.response),
    ];
    expect(problems).toEqual([]);
    expect(subscribed.text).toContain('*Friday, 12 June 2026*');
    expect(preview.text).toContain('*Friday, 12 June 2026*');
    expect(feeds.text).toContain('• *main*');
  });
});

type Button = { action_id?: string; value?: string; text?: { text: string } };
const buttonsOf = (body: { blocks?: { elements?: unknown[] }[] }): Button[] =>
  (body.blocks ?? []).flatMap((b) => (b.elements ?? []) as Button[]);

describe('Slack: no reply, post or recap shows Markdown', () => {
  it('every command, button answer, layout, catch-up, empty day and recap is written in mrkdwn', async () => {
    const acks: [string, unknown][] = [];
    const run = async (text: string, user = 'U0001', where: { channelId?: string; channelName?: string } = {}) => {
      const r = await command(slack, bot.url, text, user, where);
      acks.push([text, r.ack]);
      return r;
    };
    let presses = 0;
    /** Presses a button; its answer comes through response_url, or (`inChannel`, a shared card) as a channel post. */
    const press = async (button: Button | undefined, inChannel = false) => {
      expect(button).toBeDefined();
      const id = `press${++presses}`;
      const res = await postSigned(
        bot.url,
        blockActionsBody({
          actionId: button!.action_id!,
          value: button!.value,
          userId: 'UADMIN',
          responseUrl: slack.responseUrl(id),
        }),
        FORM_CONTENT_TYPE,
        SECRET,
      );
      expect(res.status).toBe(200);
      await slack.waitFor(
        (r) =>
          inChannel
            ? r.kind === 'call' && r.method === 'chat.postMessage' && String(r.body.text).startsWith('Shared by')
            : r.kind === 'response' && r.id === id,
        5000,
        `the answer to ${id}`,
      );
    };

    for (const d of definitions()) await run(`help ${d.name}`);
    await run('help');
    await run('today');
    const found = await run('search kazakh');
    await press(buttonsOf(found.response).find((b) => b.text?.text === 'Next ▶'));
    const looked = await run('paper 2606.11409');
    const share = buttonsOf(looked.response).find((b) => b.text?.text === 'Share in channel');
    await press(share, true);
    await press(share); // answered only to the presser: shared already
    for (const period of ['', 'all', 'voters all', 'me all']) await run(`top ${period}`);
    await run('settings');
    await run('feeds');
    await run('preview', 'UADMIN');
    await run('subscribe', 'UADMIN');
    await run('subscribe name:agents keywords:agent time:18:00 layout:thread', 'UADMIN');
    await run('feeds');
    await run('settings agents');
    await run('pause agents until:2026-07-01', 'UADMIN');
    await run('resume agents', 'UADMIN');
    const stop = await run('unsubscribe agents', 'UADMIN');
    await press(buttonsOf(stop.response).find((b) => b.text?.text === 'Yes, unsubscribe'));
    await run('digest', 'UADMIN');
    await run('team');
    await run('team link', 'UADMIN');
    await run('account');
    await run('account link');
    // Mistakes and refusals.
    await run('frobnicate');
    await run('subscribe count:40', 'UADMIN');
    await run('subscribe');
    await run('subscribe', 'UADMIN', { channelId: 'D0001', channelName: 'directmessage' });
    await run('paper 9999.99999');

    // Every layout, a catch-up over three days, a day without papers, and a recap with a vote in it.
    const { delivery } = bot.adapter;
    const channel = (channelId: string) => ({ platform: 'slack' as const, teamId: 'T0001', channelId });
    const day = { day: '2026-06-12', by: 'schedule', settings: DEFAULT_DIGEST_SETTINGS };
    expect((await delivery.postDigest({ ...day, channel: channel('C0002'), layout: 'thread' })).status).toBe('posted');
    expect((await delivery.postDigest({ ...day, channel: channel('C0003'), layout: 'compact' })).status).toBe('posted');
    const catchUp = { ...day, channel: channel('C0004'), days: ['2026-06-10', '2026-06-11', '2026-06-12'] };
    expect((await delivery.postDigest(catchUp)).status).toBe('posted');
    const empty = { ...day, channel: channel('C0005'), day: '2026-06-07' };
    expect((await delivery.postDigest(empty)).status).toBe('posted');
    const paperPost = slack.messages('C0001').find((m) => m.metadata !== undefined && !String(m.text).startsWith('📰'));
    expect(paperPost).toBeDefined();
    const vote = eventCallbackBody(
      {
        type: 'reaction_added',
        user: 'U0002',
        reaction: '+1',
        item: { type: 'message', channel: 'C0001', ts: paperPost!.ts },
        event_ts: '1781258400.000201',
      },
      { eventId: 'EvVote1' },
    );
    await postSigned(bot.url, vote, JSON_CONTENT_TYPE, SECRET);
    const votes = () => bot.core.stores.votes.leaderboard('slack:T0001', 0);
    await until(async () => (await votes()).length === 1, 5000, 'the vote');
    const recap = { channel: channel('C0001'), week: '2026-W24', slot: bot.clock.now(), timeZone: 'UTC', by: 'test' };
    expect((await delivery.postRecap(recap)).status).toBe('posted');

    const problems = [
      ...slack.calls.flatMap((c) => literalMarkdown(c.method, c.body)),
      ...slack.responses.flatMap((r) => literalMarkdown('response_url', r.body)),
      ...acks.flatMap(([text, ack]) => literalMarkdown(`ack of ${JSON.stringify(text)}:`, ack)),
    ];
    expect(problems).toEqual([]);
    // What was read: every command answered, the posts landed, and the bot's own formatting is mrkdwn.
    expect(acks.length).toBeGreaterThan(definitions().length + 20);
    expect(slack.messages('C0003')).toHaveLength(1);
    const recapText = allText(slack.messages('C0001').at(-1)! as { text?: string });
    expect(recapText).toMatch(/<https:\/\/huggingface\.co\/papers\/[\d.]+\|[^>]+>/);
  });
});
