import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DIGEST_SETTINGS } from '../../src/model.js';
import { createMemoryBackend } from '../../src/store/memory-backend.js';
import { DEFAULTS, type DiscordFake } from '../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../fakes/hf-fake.js';
import type { SlackFake } from '../fakes/slack/fake.js';
import { ask, type DiscordBot, discordBotPerTest, startDiscordBot, TOKEN } from '../support/discord-bot.js';
import { until } from '../support/fake-channels.js';
import { command, type SlackBot, slackBotPerTest } from '../support/slack-bot.js';

const channel = DEFAULTS.channelId;
const ref = { platform: 'discord' as const, teamId: DEFAULTS.guildId, channelId: channel };
const day = {
  channel: ref,
  day: '2026-06-12',
  by: 'schedule',
  settings: DEFAULT_DIGEST_SETTINGS,
  layout: 'thread' as const,
};
/** Starting a thread on a message of the channel (the header's thread). */
const threadStart = { method: 'POST', path: new RegExp(`^/channels/${channel}/messages/\\d+/threads$`) };

let hf: HfFake;
beforeAll(async () => void (hf = await createHfFake()));
afterAll(() => hf.close());

describe('Discord: a threaded day whose header was deleted', () => {
  let discord: DiscordFake;
  let bot: DiscordBot;
  discordBotPerTest(
    () => hf,
    (d, b) => ((discord = d), (bot = b)),
  );
  const headers = () => discord.messagesIn(channel).filter((m) => String(m.content).startsWith('📰'));
  /** A moderator deletes a message (the fake's DELETE route, as Discord's). */
  const remove = (messageId: string) =>
    fetch(`${discord.apiUrl}/v10/channels/${channel}/messages/${messageId}`, {
      method: 'DELETE',
      headers: { Authorization: `Bot ${TOKEN}` },
    });
  /** The day stops after its header landed: starting its thread fails (a 5xx). */
  async function headerOnly(): Promise<string> {
    discord.failNext(threadStart, { status: 500, body: { code: 0, message: 'Internal Server Error' } }, 1);
    await expect(bot.adapter.delivery.postDigest(day)).rejects.toThrow();
    const [header] = headers();
    expect(discord.messagesIn(header!.id)).toEqual([]);
    return header!.id;
  }

  it('posts the header again, once, and finishes the day in its thread, also across a restart', async () => {
    const backend = createMemoryBackend();
    await bot.adapter.stop();
    bot = await startDiscordBot(discord, hf, backend);
    await ask(discord, 'subscribe', { layout: 'thread' }, { admin: true });
    const first = await headerOnly();
    expect((await remove(first)).status).toBe(204);
    await bot.adapter.stop();
    bot = await startDiscordBot(discord, hf, backend);

    const outcome = await bot.adapter.delivery.postDigest(day);
    expect(outcome).toMatchObject({ status: 'posted', papers: 5 });
    const [header, ...more] = headers();
    expect(more).toEqual([]);
    expect(header!.id).not.toBe(first);
    expect(outcome.status === 'posted' && outcome.header?.messageId).toBe(header!.id);
    expect(discord.messagesIn(header!.id)).toHaveLength(5);
    const sub = await bot.core.stores.subscriptions.get(ref);
    expect(sub?.paused).toBeUndefined();
    expect(sub?.lastPost?.status).toBe('posted');

    // Another instance (or a restart) finds the day done: no third header.
    await bot.adapter.stop();
    bot = await startDiscordBot(discord, hf, backend);
    expect((await bot.adapter.delivery.postDigest(day)).status).toBe('already');
    expect(headers()).toHaveLength(1);
  });

  it('a re-posted header whose answer was lost is in the channel once', async () => {
    const first = await headerOnly();
    await remove(first);
    discord.dropNext({ method: 'POST', path: new RegExp(`^/channels/${channel}/messages$`) }, 1, 'close');
    expect(await bot.adapter.delivery.postDigest(day)).toMatchObject({ status: 'posted', papers: 5 });
    expect(discord.requests.some((r) => r.answer === 'dropped')).toBe(true);
    expect(headers()).toHaveLength(1);
    expect(discord.messagesIn(headers()[0]!.id)).toHaveLength(5);
  });

  it('lost access to the channel still pauses the feed', async () => {
    await ask(discord, 'subscribe', { layout: 'thread' }, { admin: true });
    discord.failNext(threadStart, { status: 403, body: { code: 50001, message: 'Missing Access' } }, 1);
    await expect(bot.adapter.delivery.postDigest(day)).rejects.toThrow(/Missing Access/);
    expect((await bot.core.stores.subscriptions.get(ref))?.paused?.reason).toMatch(/cannot see this channel/);
  });
});

describe('Slack: a threaded day whose header was deleted', () => {
  let slack: SlackFake;
  let bot: SlackBot;
  slackBotPerTest(
    () => hf,
    (s, b) => ((slack = s), (bot = b)),
  );
  const where = { platform: 'slack' as const, teamId: 'T0001', channelId: 'C0001' };
  const headers = () => slack.messages('C0001').filter((m) => String(m.text).startsWith('📰'));

  it('takes back the reply Slack posted outside the thread, posts the header again and finishes the day in its thread', async () => {
    await command(slack, bot.url, 'subscribe layout:thread', 'UADMIN');
    // The header lands, and someone deletes it before the bot has its answer (and so before the first reply).
    slack.holdNext({ method: 'chat.postMessage' }, 1000);
    const posting = bot.adapter.delivery.postDigest({ ...day, channel: where });
    await until(() => headers().length === 1, 5000, 'the header');
    const deleted = await fetch(`${slack.apiUrl}chat.delete`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-test', 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'C0001', ts: headers()[0]!.ts }),
    });
    expect(((await deleted.json()) as { ok: boolean }).ok).toBe(true);

    expect(await posting).toMatchObject({ status: 'posted', papers: 5 });
    const [header, ...more] = headers();
    expect(more).toEqual([]);
    // Delivery posts carry their slot key in metadata (the subscribe confirmation does not).
    const top = slack
      .messages('C0001')
      .filter((m) => m.metadata !== undefined && (m.thread_ts === undefined || m.thread_ts === m.ts));
    expect(top.map((m) => m.ts)).toEqual([header!.ts]);
    expect(slack.messages('C0001').filter((m) => m.thread_ts === header!.ts && m.ts !== header!.ts)).toHaveLength(5);
    expect(slack.callsTo('chat.delete')).toHaveLength(2); // the moderator's, and the bot's of its stray reply
    const sub = await bot.core.stores.subscriptions.get(where);
    expect(sub?.paused).toBeUndefined();
    expect((await bot.adapter.delivery.postDigest({ ...day, channel: where })).status).toBe('already');
    expect(headers()).toHaveLength(1);
  });
});
