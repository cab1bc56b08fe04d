import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordFake, DEFAULTS } from '../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../fakes/hf-fake.js';
import { BOT_USER_ID, JSON_CONTENT_TYPE, createSlackFake, eventCallbackBody, postSigned } from '../fakes/slack/fake.js';
import { backendCases } from '../support/backends.js';
import { ask, startDiscordBot } from '../support/discord-bot.js';
import { SECRET, command, startSlackBot } from '../support/slack-bot.js';

let hf: HfFake;
beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());

const settle = async (read: () => Promise<number>, want: number) => {
  for (let i = 0; i < 150 && (await read()) !== want; i++) await new Promise((r) => setTimeout(r, 20));
  return read();
};

for (const c of backendCases()) {
  describe.skipIf(Boolean(c.skip))(`votes through the adapters on ${c.name}`, () => {
    afterEach(() => c.cleanup());

    it('Discord: 40 people toggling a vote back to back and 10 keeping it leave 10 votes', async () => {
      const discord = await createDiscordFake();
      const bot = await startDiscordBot(discord, hf, await c.open());
      try {
        await ask(discord, 'digest', { date: '2026-06-12' }, { admin: true });
        const paperMessage = discord.messagesIn(DEFAULTS.channelId)[1]!.id;
        const user = (i: number) => String(400000000000000100n + BigInt(i));
        for (let i = 0; i < 50; i++) {
          discord.sendReactionAdd({ messageId: paperMessage, emoji: '👍', userId: user(i) });
          if (i < 40) discord.sendReactionRemove({ messageId: paperMessage, emoji: '👍', userId: user(i) });
        }
        const team = `discord:${DEFAULTS.guildId}`;
        const total = () =>
          bot.core.stores.votes.leaderboard(team, 0).then((rows) => rows.reduce((n, r) => n + r.votes, 0));
        expect(await settle(total, 10)).toBe(10);
        await new Promise((r) => setTimeout(r, 100)); // nothing late changes it
        expect(await total()).toBe(10);
      } finally {
        await bot.adapter.stop();
        await discord.close();
      }
    });

    it('Slack: a remove that arrives before its add, and a redelivered add, leave no vote', async () => {
      const slack = await createSlackFake({ users: [{ id: 'UADMIN', is_admin: true }] });
      const bot = await startSlackBot(slack, hf, { backend: await c.open() });
      try {
        await command(slack, bot.url, 'digest 2026-06-12', 'UADMIN');
        const ts = slack.messages('C0001')[1]!.ts;
        const event = (type: string, user: string, eventTs: string) =>
          eventCallbackBody(
            {
              type,
              user,
              reaction: '+1',
              item_user: BOT_USER_ID,
              item: { type: 'message', channel: 'C0001', ts },
              event_ts: eventTs,
            },
            { eventId: `Ev${type}${user}` },
          );
        await postSigned(bot.url, event('reaction_removed', 'U0002', '1781258400.000200'), JSON_CONTENT_TYPE, SECRET);
        await postSigned(bot.url, event('reaction_added', 'U0002', '1781258400.000100'), JSON_CONTENT_TYPE, SECRET);
        await postSigned(bot.url, event('reaction_added', 'U0002', '1781258400.000100'), JSON_CONTENT_TYPE, SECRET, {
          retryNum: 1,
          retryReason: 'http_timeout',
        });
        await postSigned(bot.url, event('reaction_added', 'U0003', '1781258400.000300'), JSON_CONTENT_TYPE, SECRET);
        const count = async () =>
          (await bot.core.stores.votes.leaderboard('slack:T0001', 0)).reduce((n, r) => n + r.votes, 0);
        expect(await settle(count, 1)).toBe(1);
        expect((await bot.core.stores.votes.leaderboard('slack:T0001', 0))[0]?.votes).toBe(1);
      } finally {
        await bot.adapter.stop();
        await slack.close();
      }
    });
  });
}
