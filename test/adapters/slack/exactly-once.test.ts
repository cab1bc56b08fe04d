import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import type { SlackFake } from '../../fakes/slack/fake.js';
import { command, type SlackBot, slackBotPerTest } from '../../support/slack-bot.js';

let slack: SlackFake;
let hf: HfFake;
let bot: SlackBot;

/** What the channel shows, oldest first: the header's first line, then each paper's title block. */
const shown = () => slack.messages('C0001').map((m) => JSON.stringify(m.blocks ?? m.text).slice(0, 200));

beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());
slackBotPerTest(
  () => hf,
  (s, b) => ((slack = s), (bot = b)),
  { bot: { postTimeoutMs: 400 } },
);

describe('Slack: a digest is posted once when answers are lost', () => {
  it('a connection dropped after chat.postMessage was accepted: 5 papers are 6 messages', async () => {
    slack.dropNext({ method: 'chat.postMessage' }, 1, 'close');
    const r = await command(slack, bot.url, 'digest 2026-06-12', 'UADMIN');
    expect(r.text).toMatch(/Posted the 2026-06-12 digest here: 5 papers/);
    expect(shown()).toHaveLength(6);
    expect(new Set(shown()).size).toBe(6);
    expect(slack.callsTo('conversations.history').length).toBeGreaterThan(0); // it looked before sending again
  });

  it('an answer held past the post timeout: the post is found, not sent again', async () => {
    slack.holdNext({ method: 'chat.postMessage' }, 900);
    const r = await command(slack, bot.url, 'digest 2026-06-12', 'UADMIN');
    expect(r.text).toMatch(/Posted the 2026-06-12 digest here: 5 papers/);
    expect(shown()).toHaveLength(6);
    expect(new Set(shown()).size).toBe(6);
  });

  it('a post that really failed (connection refused before Slack took it) is sent again once', async () => {
    slack.failNext({ method: 'chat.postMessage' }, { status: 503, body: { ok: false, error: 'service_unavailable' } });
    const r = await command(slack, bot.url, 'digest 2026-06-12', 'UADMIN');
    expect(r.text).toMatch(/Posted the 2026-06-12 digest here: 5 papers/);
    expect(shown()).toHaveLength(6);
  });

  it('every digest message carries its slot in metadata', async () => {
    await command(slack, bot.url, 'digest 2026-06-12', 'UADMIN');
    const keys = slack.messages('C0001').map((m) => (m.metadata?.event_payload as { key?: string } | undefined)?.key);
    expect(keys.every((k) => typeof k === 'string' && k.length <= 25)).toBe(true);
    expect(new Set(keys).size).toBe(6);
  });
});
