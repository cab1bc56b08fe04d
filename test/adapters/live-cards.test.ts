import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotDeps } from '../../adapters/bot/bot.js';
import { createDiscordFake, DEFAULTS } from '../fakes/discord/fake.js';
import { createHfFake, fixtureDay, type HfFake } from '../fakes/hf-fake.js';
import { BOT_USER_ID, JSON_CONTENT_TYPE, createSlackFake, eventCallbackBody, postSigned } from '../fakes/slack/fake.js';
import { ask, startDiscordBot } from '../support/discord-bot.js';
import { SECRET, command, startSlackBot } from '../support/slack-bot.js';
import { createMemoryBackend } from '../../src/store/memory-backend.js';

let hf: HfFake;
beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());

/** Live cards that run at once after posts (no idle wait) and only when the test flushes them. */
const LIVE: BotDeps = { liveCards: { idleMs: 0, tickMs: 3_600_000 } };

/** Moves the bot's clock past the wait for more votes and sends the edits that are due. */
function editNowOf(bot: Awaited<ReturnType<typeof startDiscordBot | typeof startSlackBot>>) {
  const { liveCards } = bot.core;
  return async (ms = 10_000) => {
    await liveCards.settled();
    bot.clock.advance(ms);
    liveCards.flush();
    await liveCards.settled();
  };
}

const until = async (check: () => Promise<boolean> | boolean) => {
  for (let i = 0; i < 150 && !(await check()); i++) await new Promise((r) => setTimeout(r, 20));
};

describe('live cards on Discord', () => {
  it('shows the team vote count on the posted card, in the same message, where votes keep counting', async () => {
    const discord = await createDiscordFake();
    const bot = await startDiscordBot(discord, hf, createMemoryBackend(), {}, { retries: 0, timeout: 3000 }, LIVE);
    const { core: c } = bot;
    const editNow = editNowOf(bot);
    try {
      await ask(discord, 'digest', { date: '2026-06-12' }, { admin: true });
      const card = discord.messagesIn(DEFAULTS.channelId)[1]!;
      const posted = discord.messagesIn(DEFAULTS.channelId).length;
      const paperId = (await c.stores.ledger.paperForMessage({
        platform: 'discord',
        channelId: DEFAULTS.channelId,
        messageId: card.id,
      }))!.paperId;
      const votes = () => c.stores.votes.count(`discord:${DEFAULTS.guildId}`, paperId);
      discord.sendReactionAdd({ messageId: card.id, emoji: '👍', userId: '400000000000000002' });
      await until(async () => (await votes()) === 1);
      await editNow();
      const patch = await discord.waitFor(
        (r) => r.method === 'PATCH' && r.path.endsWith(`/channels/${DEFAULTS.channelId}/messages/${card.id}`),
        3000,
        'the card edit',
      );
      const embeds = (patch.body as { embeds: { footer?: { text: string }; url?: string }[] }).embeds;
      expect(embeds[0]!.footer!.text).toContain('👍 1 team vote');
      const messages = discord.messagesIn(DEFAULTS.channelId);
      expect(messages).toHaveLength(posted); // edited, not posted again
      expect(JSON.stringify(messages.find((m) => m.id === card.id))).toContain('👍 1 team vote');
      discord.sendReactionAdd({ messageId: card.id, emoji: '👍', userId: '400000000000000003' });
      await until(async () => (await votes()) === 2);
      expect(await votes()).toBe(2);
      await editNow(5 * 60_000);
      await until(() => discord.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(card.id)).length === 2);
      const edits = discord.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(card.id));
      expect(JSON.stringify(edits[1]!.body)).toContain('👍 2 team votes');
    } finally {
      await bot.adapter.stop();
      await discord.close();
    }
  });
});

describe('live cards on Discord, when a moderator removes the reactions', () => {
  it('edits the card to show its votes gone after Remove All Reactions', async () => {
    const discord = await createDiscordFake();
    const bot = await startDiscordBot(discord, hf, createMemoryBackend(), {}, {}, LIVE);
    const { core: c } = bot;
    const editNow = editNowOf(bot);
    try {
      await ask(discord, 'digest', { date: '2026-06-12' }, { admin: true });
      const card = discord.messagesIn(DEFAULTS.channelId)[1]!;
      const ref = { platform: 'discord' as const, channelId: DEFAULTS.channelId, messageId: card.id };
      const paperId = (await c.stores.ledger.paperForMessage(ref))!.paperId;
      const votes = () => c.stores.votes.count(`discord:${DEFAULTS.guildId}`, paperId);
      discord.sendReactionAdd({ messageId: card.id, emoji: '👍', userId: '400000000000000002' });
      await until(async () => (await votes()) === 1);
      await editNow();
      const edits = () => discord.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(card.id));
      await until(() => edits().length === 1);
      expect(JSON.stringify(edits()[0]!.body)).toContain('👍 1 team vote');
      discord.sendReactionRemoveAll({ messageId: card.id });
      await until(async () => (await votes()) === 0);
      await editNow(5 * 60_000);
      await until(() => edits().length === 2);
      expect(edits()).toHaveLength(2);
      expect(JSON.stringify(edits()[1]!.body)).not.toContain('team vote');
    } finally {
      await bot.adapter.stop();
      await discord.close();
    }
  });
});

/** Bolt over the Slack fake, with a posted digest of 2026-06-12 in C0001. */
async function slackWithDigest() {
  const slack = await createSlackFake({ users: [{ id: 'UADMIN', is_admin: true }] });
  const platforms = { slack: { retryConfig: { retries: 0 }, spacingMs: 20, retryDelayMs: 20 } };
  const bot = await startSlackBot(slack, hf, { deps: { ...LIVE, platforms } });
  const { core: c, adapter, url } = bot;
  const editNow = editNowOf(bot);
  await command(slack, url, 'digest 2026-06-12', 'UADMIN');
  const card = slack.messages('C0001')[1]!;
  const paperId = (await c.stores.ledger.paperForMessage({
    platform: 'slack',
    channelId: 'C0001',
    messageId: card.ts,
  }))!.paperId;
  const stop = async () => {
    await adapter.stop();
    await slack.close();
  };
  return { slack, core: c, editNow, url, card, paperId, stop };
}

describe('live cards on Slack', () => {
  it('updates the card with chat.update, keeping its ts, and votes on it keep counting', async () => {
    const { slack, core: c, editNow, url, card, paperId, stop } = await slackWithDigest();
    const react = (user: string, eventTs: string) =>
      postSigned(
        url,
        eventCallbackBody(
          {
            type: 'reaction_added',
            user,
            reaction: '+1',
            item_user: BOT_USER_ID,
            item: { type: 'message', channel: 'C0001', ts: card.ts },
            event_ts: eventTs,
          },
          { eventId: `Ev${user}` },
        ),
        JSON_CONTENT_TYPE,
        SECRET,
      );
    try {
      const count = slack.messages('C0001').length;
      const votes = () => c.stores.votes.count('slack:T0001', paperId);
      await react('U0002', '1781258400.000100');
      await until(async () => (await votes()) === 1);
      await editNow();
      const update = await slack.waitForCall('chat.update', () => true, 3000);
      expect(update.body).toMatchObject({ channel: 'C0001', ts: card.ts });
      expect(JSON.stringify(slack.messages('C0001')[1]!.blocks)).toContain('👍 1 team vote');
      expect(slack.messages('C0001')).toHaveLength(count);
      await react('U0003', '1781258400.000200');
      await until(async () => (await votes()) === 2);
      expect(await votes()).toBe(2);
    } finally {
      await stop();
    }
  });

  it('shows new HF upvotes and a code link when the day is fetched again', async () => {
    const { slack, core: c, editNow, card, paperId, stop } = await slackWithDigest();
    try {
      const day = fixtureDay() as { paper: { id: string; upvotes: number; githubRepo?: string } }[];
      const item = day.find((x) => x.paper.id === paperId)!;
      item.paper.upvotes += 40;
      item.paper.githubRepo = 'https://github.com/example/live-card';
      hf.queue(/daily_papers/, { body: day });
      await c.feed.refresh('2026-06-12');
      await editNow();
      await slack.waitForCall('chat.update', () => true, 3000);
      const shown = JSON.stringify(slack.messages('C0001').find((m) => m.ts === card.ts)!.blocks);
      expect(shown).toContain(`▲ ${item.paper.upvotes} upvotes`);
      expect(shown).toContain('https://github.com/example/live-card');
    } finally {
      await stop();
    }
  });
});
