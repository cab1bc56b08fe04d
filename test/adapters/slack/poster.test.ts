import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackPoster } from '../../../adapters/slack/poster.js';
import type { ChannelRef } from '../../../src/model.js';
import { createSlackFake, type SlackFake } from '../../fakes/slack/fake.js';
import { createFakeClock } from '../../support/fake-clock.js';

const C: ChannelRef = { platform: 'slack', teamId: 'T0001', channelId: 'C0001' };
const header = (text: string) => ({ kind: 'header' as const, text });

/** Lets the clock pass in steps until `done()` or `ms` have passed: real HTTP answers arrive between steps. */
async function passUntil(clock: ReturnType<typeof createFakeClock>, done: () => boolean, ms: number, step = 50) {
  for (let passed = 0; !done() && passed < ms; passed += step) await clock.advance(step);
}

describe('Slack poster waits on the bot clock', () => {
  let slack: SlackFake;
  beforeEach(async () => {
    slack = await createSlackFake();
  });
  afterEach(() => slack.close());

  // As the bot builds its digest client: no retries of its own, 429s handed to the poster.
  const client = () =>
    new webApi.WebClient('xoxb-test', {
      slackApiUrl: slack.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });

  it('spaces posts to one channel by the spacing on the clock, counted from the end of the previous post', async () => {
    const clock = createFakeClock('2026-06-12T12:00:00Z');
    const poster = createSlackPoster(client(), { clock, spacingMs: 60_000 });
    const first = poster.post(C, header('one'));
    const second = poster.post(C, header('two'));
    await first;
    await clock.advance(59_999);
    expect(slack.messages('C0001').map((m) => m.text)).toEqual(['one']);
    await clock.advance(1);
    await second;
    expect(slack.messages('C0001').map((m) => m.text)).toEqual(['one', 'two']);
  });

  it("sends a post again only after the 429's Retry-After has passed on the clock", async () => {
    const clock = createFakeClock('2026-06-12T12:00:00Z');
    slack.failNext({ method: 'chat.postMessage' }, { status: 429, headers: { 'retry-after': '30' } });
    const posted = createSlackPoster(client(), { clock }).post(C, header('after the wait'));
    await passUntil(clock, () => slack.callsTo('chat.postMessage').length === 1 && clock.pending() > 0, 1000, 1);
    await clock.advance(29_000);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    await clock.advance(1000);
    await posted;
    expect(slack.callsTo('chat.postMessage')).toHaveLength(2);
    expect(slack.messages('C0001').map((m) => m.text)).toEqual(['after the wait']);
  });
});
