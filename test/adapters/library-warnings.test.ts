import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger, createRateLimitedLogger } from '../../src/ports/logger.js';
import { createDiscordFake, DEFAULTS } from '../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../fakes/hf-fake.js';
import {
  FORM_CONTENT_TYPE,
  createSlackFake,
  postSigned,
  slashCommandBody,
  type SlackFake,
} from '../fakes/slack/fake.js';
import { startDiscordBot } from '../support/discord-bot.js';
import { SECRET, command, startSlackBot } from '../support/slack-bot.js';

let hf: HfFake;
beforeAll(async () => (hf = await createHfFake()));
afterAll(() => hf.close());

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
};

describe('rate-limited logging', () => {
  it('logs the same warning once per interval and then says how often it repeated', () => {
    const sink = createMemoryLogger();
    let now = 0;
    const log = createRateLimitedLogger(sink, { intervalMs: 60_000, now: () => now });
    for (let i = 0; i < 5; i++) log.warn('upstream is slow');
    log.warn('something else');
    log.error('upstream is slow');
    now = 59_999;
    log.warn('upstream is slow');
    now = 60_000;
    log.warn('upstream is slow', { id: 1 });
    expect(sink.entries.map((e) => [e.level, e.msg, e.ctx?.repeated])).toEqual([
      ['warn', 'upstream is slow', undefined],
      ['warn', 'something else', undefined],
      ['error', 'upstream is slow', undefined],
      ['warn', 'upstream is slow', 5],
    ]);
    expect(sink.entries[3]!.ctx).toEqual({ id: 1, repeated: 5 });
  });
});

describe('Slack: warnings reach the log', () => {
  let slack: SlackFake;
  let bot: Awaited<ReturnType<typeof startSlackBot>>;
  beforeAll(async () => {
    slack = await createSlackFake();
    bot = await startSlackBot(slack, hf);
  });
  afterAll(async () => {
    await bot.adapter.stop();
    await slack.close();
  });
  const warnings = () => bot.logger.entries.filter((e) => e.level === 'warn');
  let sent = 0;
  // Each one a new request (its own response_url): the same bytes sent again would be a replay, ignored with a 200.
  const signedWith = (secret: string, contentType = FORM_CONTENT_TYPE) =>
    postSigned(
      bot.url,
      slashCommandBody({ text: 'help', responseUrl: slack.responseUrl(`x${++sent}`) }),
      contentType,
      secret,
    );

  it('says once to check SLACK_SIGNING_SECRET when requests keep failing verification', async () => {
    for (let i = 0; i < 6; i++) expect((await signedWith('a-different-secret')).status).toBe(401);
    await until(() => warnings().length > 0);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]!.msg).toMatch(/Slack requests are failing signature verification: check SLACK_SIGNING_SECRET/);
    expect(warnings()[0]!.ctx).toMatchObject({ failures: 3, reason: 'signature mismatch' });
  });

  it('does not blame the secret for a forged request or two between verified ones', async () => {
    bot.logger.entries.length = 0;
    expect((await command(slack, bot.url, 'help')).text).toMatch(/\/papers search/);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 2; i++) expect((await signedWith('forged')).status).toBe(401);
      expect((await command(slack, bot.url, 'help')).status).toBe(200);
    }
    expect(warnings()).toEqual([]);
  });

  it("forwards Bolt's own warnings, the same one at most once a minute", async () => {
    bot.logger.entries.length = 0;
    for (let i = 0; i < 3; i++)
      expect((await signedWith(SECRET, `${FORM_CONTENT_TYPE}; charset=utf-8`)).status).toBe(400);
    await until(() => warnings().length > 0);
    expect(warnings().map((w) => w.msg)).toEqual([expect.stringMatching(/^slack: Malformed request body/)]);
  });
});

describe('Discord: warnings reach the log', () => {
  it("forwards discord.js's warnings, the same one at most once a minute", async () => {
    const category = '300000000000000009';
    const discord = await createDiscordFake({
      guilds: [
        {
          id: DEFAULTS.guildId,
          channels: [
            { id: DEFAULTS.channelId, name: 'general' },
            { id: category, name: 'Papers', type: 4 },
          ],
        },
      ],
    });
    const bot = await startDiscordBot(discord, hf);
    try {
      // discord.js warns when Discord sends a typing event for a channel that has no messages.
      for (let i = 0; i < 3; i++)
        discord.dispatch('TYPING_START', {
          channel_id: category,
          guild_id: DEFAULTS.guildId,
          user_id: '400000000000000001',
          timestamp: 1,
        });
      const warned = () => bot.logger.entries.filter((e) => e.level === 'warn' && e.msg.startsWith('discord.js: '));
      await until(() => warned().length > 0);
      expect(warned().map((w) => w.msg)).toEqual([
        `discord.js: Discord sent a typing packet to a 4 channel ${category}`,
      ]);
    } finally {
      await bot.adapter.stop();
      await discord.close();
    }
  });
});
