import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DIGEST_SETTINGS } from '../../../src/model.js';
import { createDiscordFake, DEFAULTS, type MessageObject } from '../../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import { ANA, botWrites, clubGuild, contentOf, eventually } from '../../support/club-rig.js';
import { ask, startDiscordBot } from '../../support/discord-bot.js';

const FORUM = '300000000000000015';
let hf: HfFake;
beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());

async function bot() {
  const guild = clubGuild().guilds![0]!;
  const discord = await createDiscordFake(
    clubGuild({ guilds: [{ ...guild, channels: [...guild.channels!, { id: FORUM, name: 'papers', type: 15 }] }] }),
  );
  const started = await startDiscordBot(discord, hf);
  const starts = () => discord.requests.filter((r) => r.route === 'start-thread-from-message');
  const stop = async () => {
    await started.adapter.stop();
    await discord.close();
  };
  return { discord, started, starts, stop };
}

describe('Discord: 📖 in the thread and forum layouts', () => {
  it('answers in a forum post itself', async () => {
    const { discord, started, starts, stop } = await bot();
    try {
      const channel = { platform: 'discord' as const, teamId: DEFAULTS.guildId, channelId: FORUM };
      const settings = { ...DEFAULT_DIGEST_SETTINGS, count: 2 };
      await started.adapter.delivery.postDigest({ channel, day: '2026-06-12', by: 'schedule', settings });
      const post = discord.requests.find((r) => r.route === 'start-thread' && r.status === 201)!.responseBody as {
        id: string;
        message: MessageObject;
      };
      discord.sendReactionAdd({ channelId: post.id, messageId: post.message.id, emoji: '📖', userId: ANA });
      await eventually(() => botWrites(discord, post.id).length === 1, 'the answer in the forum post');
      expect(contentOf(botWrites(discord, post.id)[0]!)).toMatch(/^📖 Ana is reading this paper/);
      expect(starts()).toEqual([]);
    } finally {
      await stop();
    }
  });

  it("answers a paper of a threaded day in the day's thread", async () => {
    const { discord, starts, stop } = await bot();
    try {
      await ask(discord, 'subscribe', { layout: 'thread' }, { admin: true });
      await ask(discord, 'digest', { date: '2026-06-12' }, { admin: true });
      const header = discord.requests.find((r) => r.route === 'start-thread-from-message' && r.status === 201)!;
      const thread = (header.responseBody as { id: string }).id;
      const paper = discord.messagesIn(thread).find((m) => (m.embeds as unknown[]).length > 0)!;
      const before = starts().length;
      discord.sendReactionAdd({ channelId: thread, messageId: paper.id, emoji: '📖', userId: ANA });
      await eventually(() => botWrites(discord, thread).some((r) => /Ana is reading/.test(contentOf(r))), 'the answer');
      expect(starts()).toHaveLength(before);
    } finally {
      await stop();
    }
  });
});
