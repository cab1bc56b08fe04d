import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHfFake, type HfFake } from '../fakes/hf-fake.js';
import { backendCases, sharedBackend } from '../support/backends.js';
import {
  ANA,
  BO,
  CY,
  botWrites,
  contentOf,
  discordClub,
  discordPings,
  eventually,
  SLACK_ANA,
  SLACK_BO,
  slackClub,
  slackTextOf,
  threadPosts,
} from '../support/club-rig.js';
import { ask, startDiscordBot } from '../support/discord-bot.js';
import { command, startSlackBot } from '../support/slack-bot.js';

const DAY = 86_400_000;
/** The bots' clocks stand at 2026-06-12T20:00Z; claims are made then. */
const CLAIMED = Date.parse('2026-06-12T20:00:00Z');

let hf: HfFake;
beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());

for (const c of backendCases()) {
  describe.skipIf(Boolean(c.skip))(`reading reminders on Discord, ${c.name} store`, () => {
    if (c.skip) console.log(`skipping the ${c.name} reminder test: ${c.skip}`);
    afterEach(() => c.cleanup());

    it('reminds each reader without a takeaway once after 7 days, across two instances and a restart: a DM, or (DMs closed) a thread reply naming only them', async () => {
      const store = await sharedBackend(c);
      const club = await discordClub(hf, store.first, {}, { empty_days: 'silent' });
      const { discord, bot: first, card, paperId } = club;
      const started = [first];
      try {
        for (const user of [ANA, BO, CY]) discord.sendReactionAdd({ messageId: card.id, emoji: '📖', userId: user });
        await eventually(() => botWrites(discord, card.id).length === 3, 'three thread answers');
        await ask(discord, 'takeaway', { paper: paperId, text: 'done' }, { userId: BO });
        // A second instance on the same store (started after the commands: both would answer them).
        const second = await startDiscordBot(discord, hf, await store.another());
        started.push(second);
        const bots = [first, second];
        const tickAll = async (at: number) => {
          for (const b of bots) b.clock.set(at);
          return Promise.all(bots.map((b) => b.core.club.runner.tick()));
        };
        expect((await tickAll(CLAIMED + 6 * DAY)).map((t) => t.reminders)).toEqual([0, 0]);
        const due = await tickAll(CLAIMED + 7 * DAY + 60_000);
        expect(due.reduce((n, t) => n + t.reminders, 0)).toBe(2);
        const dms = discord.requests.filter((r) => r.method === 'POST' && r.path === '/users/@me/channels');
        expect(dms.map((r) => (r.body as { recipient_id: string }).recipient_id).sort()).toEqual([ANA, CY].sort());
        const delivered = discord.requests.filter(
          (r) =>
            r.method === 'POST' &&
            /\/channels\/\d+\/messages$/.test(r.path) &&
            r.status === 200 &&
            contentOf(r).includes('gentle reminder'),
        );
        expect(delivered).toHaveLength(2);
        const inThread = delivered.filter((r) => r.path === `/channels/${card.id}/messages`);
        expect(inThread.map(contentOf)).toEqual([
          expect.stringMatching(
            new RegExp(`^<@${CY}> 📖 A gentle reminder: you said you would read this paper 7 days ago`),
          ),
        ]);
        const direct = delivered.find((r) => r !== inThread[0])!;
        expect(contentOf(direct)).toMatch(/^📖 A gentle reminder: you said you would read “.+” 7 days ago/);
        // Only the reminded reader, in the one message that names them, may be pinged.
        expect(discordPings(discord)).toEqual([`user:${CY}`]);
        // A restart (a new process on the same store) and later minutes send nothing again.
        await first.adapter.stop();
        const restarted = await startDiscordBot(discord, hf, store.first);
        started.push(restarted);
        bots.splice(0, 1, restarted);
        expect((await tickAll(CLAIMED + 8 * DAY)).map((t) => t.reminders)).toEqual([0, 0]);
        const again = discord.requests.filter(
          (r) => r.method === 'POST' && r.status === 200 && contentOf(r).includes('gentle reminder'),
        );
        expect(again).toHaveLength(2);
      } finally {
        for (const b of started) await b.adapter.stop();
        await club.stop();
      }
    });
  });
}

describe('reading reminders on Slack', () => {
  it("a reader's reminder is a DM to them, sent once by two instances and not again after a restart; nobody with a takeaway gets one", async () => {
    const c = backendCases()[1]!; // SQLite: the file outlives the bots
    const store = await sharedBackend(c);
    const club = await slackClub(hf, store.first, {}, 'reminder:3');
    const { slack, bot, card, paperId, react } = club;
    const other = await startSlackBot(slack, hf, { backend: await store.another() });
    try {
      await react(SLACK_ANA, true);
      await react(SLACK_BO, true);
      await eventually(() => threadPosts(slack, card.ts).length === 2);
      await command(slack, bot.url, `takeaway ${paperId} the ablation says it all`, SLACK_BO);
      const bots = [bot, other];
      const tickAll = async (at: number) => {
        for (const b of bots) b.clock.set(at);
        return Promise.all(bots.map((b) => b.core.club.runner.tick()));
      };
      expect((await tickAll(CLAIMED + 2 * DAY)).map((t) => t.reminders)).toEqual([0, 0]);
      await tickAll(CLAIMED + 3 * DAY + 60_000);
      const dms = slack.callsTo('chat.postMessage').filter((x) => /^U/.test(String(x.body.channel)));
      expect(dms.map((x) => x.body.channel)).toEqual([SLACK_ANA]);
      expect(slackTextOf(dms[0]!)).toMatch(/^📖 A gentle reminder: you said you would read “.+” 3 days ago/);
      expect(slack.messages(`D${SLACK_ANA.slice(1)}`)).toHaveLength(1);
      await bot.adapter.stop();
      const restarted = await startSlackBot(slack, hf, { backend: store.first });
      bots.splice(0, 1, restarted);
      await tickAll(CLAIMED + 5 * DAY);
      expect(slack.callsTo('chat.postMessage').filter((x) => /^U/.test(String(x.body.channel)))).toHaveLength(1);
      expect(slack.callsTo('chat.postMessage').map(slackTextOf).join('\n')).not.toMatch(/<[@!]/);
      await restarted.adapter.stop();
    } finally {
      await other.adapter.stop();
      await club.stop();
      await c.cleanup();
    }
  });
});
