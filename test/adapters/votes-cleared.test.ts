import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PERMISSIONS, createDiscordFake, DEFAULTS, type DiscordFake } from '../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../fakes/hf-fake.js';
import { BOT_USER_ID, JSON_CONTENT_TYPE, createSlackFake, eventCallbackBody, postSigned } from '../fakes/slack/fake.js';
import { deleteMessageEvent } from '../fakes/slack/events.js';
import { backendCases } from '../support/backends.js';
import { answerOf, startDiscordBot, type DiscordBot } from '../support/discord-bot.js';
import { SECRET, command, startSlackBot } from '../support/slack-bot.js';

let hf: HfFake;
beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());

const A = DEFAULTS.channelId;
const B = '300000000000000002';
const TEAM = `discord:${DEFAULTS.guildId}`;
const user = (i: number) => String(400000000000000100n + BigInt(i));
const twoChannels = { guilds: [{ id: DEFAULTS.guildId, channels: [{ id: A, name: 'general' }, { id: B }] }] };

/** Polls `read` until it answers `want` (or 3 s pass), and answers what it read last. */
async function settle<T>(read: () => Promise<T>, want: T): Promise<T> {
  for (let i = 0; i < 150; i++) {
    const got = await read();
    if (JSON.stringify(got) === JSON.stringify(want)) return got;
    await new Promise((r) => setTimeout(r, 20));
  }
  return read();
}

/** An admin's `/papers <subcommand>` in `channelId`, waited for. */
async function adminIn(discord: DiscordFake, channelId: string, subcommand: string, options = {}) {
  const sent = discord.sendChatInput({
    name: 'papers',
    subcommand,
    options,
    permissions: ADMIN_PERMISSIONS,
    channelId,
  });
  return answerOf(discord, sent.id, sent.token);
}

for (const c of backendCases()) {
  describe.skipIf(Boolean(c.skip))(`votes leave with their reactions on ${c.name}`, () => {
    afterEach(() => c.cleanup());

    async function discordWithDigests(channels: string[]) {
      const discord = await createDiscordFake(twoChannels);
      const bot: DiscordBot = await startDiscordBot(discord, hf, await c.open());
      for (const ch of channels) await adminIn(discord, ch, 'digest', { date: '2026-06-12' });
      const paperOf = async (channelId: string, messageId: string) =>
        (await bot.core.stores.ledger.paperForMessage({ platform: 'discord', channelId, messageId }))?.paperId;
      const count = async (paperId: string | undefined) => bot.core.stores.votes.count(TEAM, paperId!);
      const stop = async () => {
        await bot.adapter.stop();
        await discord.close();
      };
      return { discord, bot, paperOf, count, stop };
    }

    it("Discord: a moderator's Remove All Reactions takes that message's votes away, and a vote through the same paper in another channel stays", async () => {
      const { discord, paperOf, count, stop } = await discordWithDigests([A, B]);
      try {
        const [inA, inB] = [discord.messagesIn(A)[1]!.id, discord.messagesIn(B)[1]!.id];
        const paper = await paperOf(A, inA);
        expect(await paperOf(B, inB)).toBe(paper);
        for (const u of [1, 2, 3]) discord.sendReactionAdd({ channelId: A, messageId: inA, userId: user(u) });
        discord.sendReactionAdd({ channelId: B, messageId: inB, userId: user(1) });
        expect(await settle(() => count(paper), 3)).toBe(3);
        discord.sendReactionRemoveAll({ channelId: A, messageId: inA });
        expect(await settle(() => count(paper), 1)).toBe(1);
        // A reaction made after the clear is a vote again.
        discord.sendReactionAdd({ channelId: A, messageId: inA, userId: user(2) });
        expect(await settle(() => count(paper), 2)).toBe(2);
      } finally {
        await stop();
      }
    });

    it('Discord: removing every 👍 of a message takes those votes; removing another emoji takes none', async () => {
      const { discord, paperOf, count, stop } = await discordWithDigests([A]);
      try {
        const card = discord.messagesIn(A)[1]!.id;
        const paper = await paperOf(A, card);
        for (const u of [1, 2]) discord.sendReactionAdd({ channelId: A, messageId: card, userId: user(u) });
        discord.sendReactionAdd({ channelId: A, messageId: card, userId: user(3), emoji: '🎉' });
        expect(await settle(() => count(paper), 2)).toBe(2);
        discord.sendReactionRemoveEmoji({ channelId: A, messageId: card, emoji: '🎉' });
        discord.sendReactionRemoveEmoji({ channelId: A, messageId: card, emoji: '👍' });
        expect(await settle(() => count(paper), 0)).toBe(0);
      } finally {
        await stop();
      }
    });

    it("Discord: on a compact list, removing every 2️⃣ takes only the second paper's votes, and Remove All the rest", async () => {
      const discord = await createDiscordFake(twoChannels);
      const bot = await startDiscordBot(discord, hf, await c.open());
      try {
        await adminIn(discord, B, 'subscribe', { layout: 'compact' });
        await adminIn(discord, B, 'digest', { date: '2026-06-12' });
        const list = discord.messagesIn(B).at(-1)!.id;
        const ref = { platform: 'discord' as const, channelId: B, messageId: list };
        const [first, second] = [0, 1].map(
          async (i) => (await bot.core.stores.ledger.paperForMessage(ref, i))!.paperId,
        );
        const counts = async () => bot.core.stores.votes.counts(TEAM, [await first!, await second!]);
        discord.sendReactionAdd({ channelId: B, messageId: list, userId: user(1), emoji: '2️⃣' });
        discord.sendReactionAdd({ channelId: B, messageId: list, userId: user(2), emoji: '2️⃣' });
        discord.sendReactionAdd({ channelId: B, messageId: list, userId: user(1), emoji: '1️⃣' });
        expect(await settle(counts, [1, 2])).toEqual([1, 2]);
        discord.sendReactionRemoveEmoji({ channelId: B, messageId: list, emoji: '2️⃣' });
        expect(await settle(counts, [1, 0])).toEqual([1, 0]);
        discord.sendReactionRemoveAll({ channelId: B, messageId: list });
        expect(await settle(counts, [0, 0])).toEqual([0, 0]);
      } finally {
        await bot.adapter.stop();
        await discord.close();
      }
    });

    it('Discord: deleting a voted message, or several at once, takes their votes away; the same paper voted elsewhere keeps its vote', async () => {
      const { discord, paperOf, count, stop } = await discordWithDigests([A, B]);
      try {
        const cards = discord.messagesIn(A).slice(1, 4);
        const papers = await Promise.all(cards.map((m) => paperOf(A, m.id)));
        for (const m of cards)
          for (const u of [1, 2]) discord.sendReactionAdd({ channelId: A, messageId: m.id, userId: user(u) });
        discord.sendReactionAdd({ channelId: B, messageId: discord.messagesIn(B)[1]!.id, userId: user(1) });
        const all = () => Promise.all(papers.map(count));
        expect(await settle(all, [2, 2, 2])).toEqual([2, 2, 2]);
        discord.deleteMessage(A, cards[0]!.id);
        expect(await settle(all, [1, 2, 2])).toEqual([1, 2, 2]);
        discord.bulkDeleteMessages(
          A,
          cards.slice(1).map((m) => m.id),
        );
        expect(await settle(all, [1, 0, 0])).toEqual([1, 0, 0]);
      } finally {
        await stop();
      }
    });

    it("Slack: a deleted message's votes go, a late redelivery of one of its reactions changes nothing, and the same paper voted in another channel keeps its vote", async () => {
      const slack = await createSlackFake({
        users: [{ id: 'UADMIN', is_admin: true }],
        channels: [{ id: 'C0002', name: 'papers' }],
      });
      const bot = await startSlackBot(slack, hf, { backend: await c.open() });
      try {
        await command(slack, bot.url, 'digest 2026-06-12', 'UADMIN');
        await command(slack, bot.url, 'digest 2026-06-12', 'UADMIN', { channelId: 'C0002', channelName: 'papers' });
        const [inC1, inC2] = [slack.messages('C0001')[1]!.ts, slack.messages('C0002')[1]!.ts];
        const paperId = (await bot.core.stores.ledger.paperForMessage({
          platform: 'slack',
          channelId: 'C0001',
          messageId: inC1,
        }))!.paperId;
        const send = (event: Record<string, unknown>, retry = false) =>
          postSigned(
            bot.url,
            eventCallbackBody(event, {
              eventId: `Ev${String(event.type)}${String(event.user)}${String(event.event_ts)}`,
            }),
            JSON_CONTENT_TYPE,
            SECRET,
            retry ? { retryNum: 1, retryReason: 'http_timeout' } : undefined,
          );
        const reaction = (type: string, userId: string, channel: string, ts: string, eventTs: string) => ({
          type,
          user: userId,
          reaction: '+1',
          item_user: BOT_USER_ID,
          item: { type: 'message', channel, ts },
          event_ts: eventTs,
        });
        await send(reaction('reaction_added', 'U0002', 'C0001', inC1, '1781258400.000100'));
        await send(reaction('reaction_added', 'U0003', 'C0001', inC1, '1781258400.000200'));
        await send(reaction('reaction_added', 'U0002', 'C0002', inC2, '1781258400.000300'));
        const count = () => bot.core.stores.votes.count('slack:T0001', paperId);
        expect(await settle(count, 2)).toBe(2);
        await send(
          deleteMessageEvent(slack.workspace, { channel: 'C0001', deletedTs: inC1, eventTs: '1781258400.000400' }),
        );
        expect(await settle(count, 1)).toBe(1);
        // Slack sends U0003's add again (it thought the first delivery failed), after the deletion.
        await send(reaction('reaction_added', 'U0003', 'C0001', inC1, '1781258400.000200'), true);
        await new Promise((r) => setTimeout(r, 200)); // give a wrongly counted redelivery time to land
        expect(await count()).toBe(1);
        expect(await bot.core.stores.votes.voters('slack:T0001', paperId)).toEqual(['slack:U0002']);
      } finally {
        await bot.adapter.stop();
        await slack.close();
      }
    });
  });
}
