import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/ports/clock.js';
import { createFakeClock } from '../../support/fake-clock.js';
import { answerWithinAck } from '../../../adapters/slack/fast-ack.js';
import { createHfFake, fixtureDay, fixtureSearch, type HfFake } from '../../fakes/hf-fake.js';
import { slashCommandFields, type SlackFake } from '../../fakes/slack/fake.js';
import { allText, command, type SlackBot, slackBotPerTest, startSlackBot } from '../../support/slack-bot.js';

let slack: SlackFake;
let hf: HfFake;
let bot: SlackBot;
const DEADLINE_MS = 300;

beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());

describe('Slack: quick answers arrive with the acknowledgement', () => {
  slackBotPerTest(
    () => hf,
    (s, b) => ((slack = s), (bot = b)),
    { bot: { ackDeadlineMs: DEADLINE_MS } },
  );
  beforeEach(() => hf.clearOverrides());

  it.each([
    ['help', /\/papers search/],
    ['settings', /has no daily post/],
    ['top', /No votes yet/],
    ['search kazakh', /Results for "kazakh"/],
  ])('answers /papers %s in the ack, with nothing posted to response_url', async (text, expected) => {
    const r = await command(slack, bot.url, text);
    expect(r.via).toBe('ack');
    expect(r.ack?.response_type).toBe('ephemeral');
    expect(r.text).toMatch(expected);
    expect(slack.responses).toEqual([]);
  });

  it("confirms an admin's subscribe once, in the channel (the post proves the bot may post there), with an empty ack", async () => {
    const r = await command(slack, bot.url, 'subscribe time:09:00', 'UADMIN');
    expect(r.via).toBe('chat.postMessage');
    expect(r.ack).toBeUndefined();
    expect(r.text).toMatch(/Subscribed/);
    expect(slack.responses).toHaveLength(0);
  });

  it.each([
    ['search kazakh', 'U0001', /\/api\/papers\/search/, fixtureSearch(), /Results for "kazakh"/],
    ['today 2026-06-12', 'U0001', /\/api\/daily_papers/, fixtureDay(), /Top 5 of 30 papers on 2026-06-12/],
    ['digest 2026-06-12', 'UADMIN', /\/api\/daily_papers/, fixtureDay(), /Posted the 2026-06-12 digest here: 5 papers/],
  ])(
    'acks a slow /papers %s empty before the deadline, then answers through response_url',
    async (text, user, path, body, expected) => {
      hf.queue(path, { body, delayMs: DEADLINE_MS + 700 });
      const r = await command(slack, bot.url, text, user);
      expect(r.status).toBe(200);
      expect(r.ack).toBeUndefined();
      expect(r.ackMs).toBeLessThan(DEADLINE_MS + 600);
      expect(r.via).toBe('response_url');
      expect(r.response.response_type).toBe('ephemeral');
      expect(r.text).toMatch(expected);
    },
  );

  it('answers a quick command in the Socket Mode envelope ack', async () => {
    const socket = await startSlackBot(slack, hf, { appToken: 'xapp-test', ackDeadlineMs: DEADLINE_MS });
    try {
      const ack = await slack.sendEnvelope(
        'slash_commands',
        slashCommandFields({ text: 'help', responseUrl: slack.responseUrl('sock') }),
      );
      expect(allText(ack.payload as object)).toMatch(/\/papers search/);
      expect(slack.responses).toEqual([]);
    } finally {
      await socket.adapter.stop();
    }
  });
});

describe('answerWithinAck', () => {
  it('acks empty and passes the error on when the answer fails before the deadline', async () => {
    const acks: unknown[] = [];
    const io = { ack: async (m?: string) => void acks.push(m), respond: async () => acks.push('respond') };
    await expect(answerWithinAck(async () => Promise.reject(new Error('boom')), io, systemClock, 1000)).rejects.toThrow(
      'boom',
    );
    expect(acks).toEqual([undefined]);
  });

  it('acks empty once the deadline has passed on the clock, then answers through response_url', async () => {
    const clock = createFakeClock('2026-06-12T12:00:00Z');
    const sent: string[] = [];
    const io = {
      ack: async (m?: string) => void sent.push(`ack ${m ?? '(empty)'}`),
      respond: async (m: string) => sent.push(`respond ${m}`),
    };
    let answer: (text: string) => void = () => undefined;
    const done = answerWithinAck(() => new Promise<string>((resolve) => (answer = resolve)), io, clock, 1500);
    await clock.advance(1499);
    await new Promise((r) => setTimeout(r, 20)); // real time passing changes nothing: the deadline is the clock's
    expect(sent).toEqual([]);
    await clock.advance(1);
    expect(sent).toEqual(['ack (empty)']);
    answer('the digest');
    expect(await done).toBe('respond');
    expect(sent).toEqual(['ack (empty)', 'respond the digest']);
  });
});
