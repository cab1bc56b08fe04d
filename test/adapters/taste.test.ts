import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageRef } from '../../src/model.js';
import { createDiscordFake, DEFAULTS, type DiscordFake } from '../fakes/discord/fake.js';
import { createHfFake, readFixture, type HfFake } from '../fakes/hf-fake.js';
import { BOT_USER_ID, JSON_CONTENT_TYPE, createSlackFake, eventCallbackBody, postSigned } from '../fakes/slack/fake.js';
import type { BotDeps } from '../../adapters/bot/bot.js';
import { createMemoryBackend } from '../../src/store/memory-backend.js';
import { ask, startDiscordBot } from '../support/discord-bot.js';
import { SECRET, command, startSlackBot } from '../support/slack-bot.js';

/**
 * A team's reactions become its order. Real Daily Papers days (test/fixtures/hf-days/); the team
 * and its votes are invented here: it likes LLM-agent papers and marks image and video papers
 * "not interested".
 */
const DAYS = ['2026-03-25', '2026-03-26', '2026-03-27', '2026-03-30'];
const AGENTS = /\bagents?\b|agentic|multi-agent/i;
const PIXELS = /diffusion|video|image|rendering|3d|gaussian|optical flow/i;

let hf: HfFake;
beforeAll(async () => {
  hf = await createHfFake();
  for (const day of DAYS) hf.days.set(day, JSON.parse(readFixture(`hf-days/${day}.json`)) as unknown[]);
});
afterAll(() => hf.close());

/** A day's papers in HF upvote order (ties by comments, then id, as the bot ranks them). */
function hfOrder(day: string): { id: string; title: string }[] {
  const items = JSON.parse(readFixture(`hf-days/${day}.json`)) as {
    paper: { id: string; title: string; upvotes: number };
    numComments?: number;
  }[];
  return items
    .map((i) => ({ ...i.paper, comments: i.numComments ?? 0 }))
    .sort((a, b) => b.upvotes - a.upvotes || b.comments - a.comments || a.id.localeCompare(b.id))
    .map((p) => ({ id: p.id, title: p.title }));
}

/** A posted paper card as the platform shows it. */
interface Card {
  paperId: string;
  ref: MessageRef;
  /** The "why" line under its title, when it has one. */
  why?: string;
}

/** What a scenario needs of a platform: post a day in the channel, react on a card. */
interface Channel {
  post(day: string): Promise<Card[]>;
  react(card: Card, emoji: 'up' | 'down', user: number): Promise<void>;
  subscribe(options: Record<string, string | number>): Promise<string>;
  settle(): Promise<void>;
}

const paperOf = (title: string, day: string) => hfOrder(day).find((p) => p.title === title);

/** Two days of votes: 👍 on agent papers, 👎 on image and video ones. */
async function voteOnTwoDays(ch: Channel, days: readonly string[]): Promise<void> {
  let user = 0;
  for (const day of days) {
    const titles = new Map(hfOrder(day).map((p) => [p.id, p.title]));
    for (const card of await ch.post(day)) {
      const title = titles.get(card.paperId) ?? '';
      if (AGENTS.test(title)) for (let k = 0; k < 2; k++) await ch.react(card, 'up', ++user);
      else if (PIXELS.test(title)) await ch.react(card, 'down', ++user);
    }
  }
  await ch.settle();
}

function scenario(name: string, open: () => Promise<{ channel: Channel; stop(): Promise<void> }>) {
  describe(`the team's taste on ${name}`, () => {
    it("👍 and 👎 change the next digest's order, and the cards the taste moved up say why", async () => {
      const { channel, stop } = await open();
      try {
        await channel.subscribe({ count: 10 });
        await voteOnTwoDays(channel, DAYS.slice(0, 2));
        const cards = await channel.post('2026-03-27');
        const hf = hfOrder('2026-03-27').slice(0, 10);
        const posted = cards.map((c) => c.paperId);
        expect(posted).not.toEqual(hf.map((p) => p.id));
        const place = (id: string) => posted.indexOf(id);
        const hfPlace = (id: string) => hf.findIndex((p) => p.id === id);
        // The agent papers of the day come before HF's place for them; an image paper HF put second goes down.
        const agents = hf.filter((p) => AGENTS.test(p.title));
        expect(agents.length).toBeGreaterThan(0);
        for (const p of agents) expect(place(p.id)).toBeLessThan(hfPlace(p.id));
        const pixelSmile = paperOf('PixelSmile: Toward Fine-Grained Facial Expression Editing', '2026-03-27')!;
        expect(place(pixelSmile.id)).toBeGreaterThan(hfPlace(pixelSmile.id));
        for (const c of cards) {
          const movedUp = place(c.paperId) < hfPlace(c.paperId) || hfPlace(c.paperId) < 0;
          if (movedUp) {
            expect(c.why, `a reason on ${c.paperId}`).toMatch(/^(Because|Like) /);
            expect(c.why!.length).toBeLessThanOrEqual(120);
            expect(c.why).not.toMatch(/\d\.\d/); // never a raw score
          } else expect(c.why).toBeUndefined();
        }
        expect(cards.some((c) => /voted for “/.test(c.why ?? ''))).toBe(true);
        const settings = await channel.subscribe({});
        expect(settings).toMatch(/ranked by this team's taste: \d+ votes, \d+ not interested/);
      } finally {
        await stop();
      }
    });

    it('rank:hf posts exactly HF order, votes or not', async () => {
      const { channel, stop } = await open();
      try {
        await channel.subscribe({ count: 8, rank: 'hf' });
        await voteOnTwoDays(channel, DAYS.slice(0, 2));
        const cards = await channel.post('2026-03-30');
        expect(cards.map((c) => c.paperId)).toEqual(
          hfOrder('2026-03-30')
            .slice(0, 8)
            .map((p) => p.id),
        );
        expect(cards.every((c) => c.why === undefined)).toBe(true);
      } finally {
        await stop();
      }
    });
  });
}

const wait = async (done: () => Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await done()); i++) await new Promise((r) => setTimeout(r, 20));
};

/** A Discord bot on the fakes, and the channel a scenario uses. */
async function openDiscord(more: BotDeps = {}) {
  const discord: DiscordFake = await createDiscordFake();
  const bot = await startDiscordBot(discord, hf, createMemoryBackend(), {}, { retries: 0, timeout: 3000 }, more);
  const { stores } = bot.core;
  let reactions = 0;
  const team = `discord:${DEFAULTS.guildId}`;
  const counted = async () => {
    const votes = (await stores.votes.voted(team)).reduce((n, v) => n + v.voters, 0);
    return votes + (await stores.taste.notInterested(team)).length;
  };
  const channel: Channel = {
    async post(day) {
      const before = discord.messagesIn(DEFAULTS.channelId).length;
      await ask(discord, 'digest', { date: day }, { admin: true });
      const messages = discord.messagesIn(DEFAULTS.channelId).slice(before + 1);
      return Promise.all(
        messages.map(async (m) => {
          const ref = { platform: 'discord' as const, channelId: DEFAULTS.channelId, messageId: m.id };
          const paperId = (await stores.ledger.paperForMessage(ref))!.paperId;
          const description = ((m.embeds as { description?: string }[] | undefined)?.[0]?.description ?? '').split(
            '\n',
          );
          const why = /^\*(.+)\*$/.exec(description[0] ?? '')?.[1]?.replace(/\\(.)/g, '$1');
          return { paperId, ref, ...(why ? { why } : {}) };
        }),
      );
    },
    async react(card, emoji, user) {
      reactions++;
      discord.sendReactionAdd({
        messageId: card.ref.messageId,
        emoji: emoji === 'up' ? '👍' : '👎',
        userId: String(400000000000000100n + BigInt(user)),
      });
    },
    async subscribe(options) {
      return (await ask(discord, Object.keys(options).length ? 'subscribe' : 'settings', options, { admin: true }))
        .content;
    },
    async settle() {
      await wait(async () => (await counted()) >= reactions);
    },
  };
  return {
    channel,
    bot,
    discord,
    stop: async () => {
      await bot.adapter.stop();
      await discord.close();
    },
  };
}

scenario('Discord', () => openDiscord());

describe('a live card the taste moved up', () => {
  it('keeps its reason when a vote edits it', async () => {
    const { channel, bot, discord, stop } = await openDiscord({ liveCards: { idleMs: 0, tickMs: 3_600_000 } });
    try {
      await channel.subscribe({ count: 10 });
      await voteOnTwoDays(channel, DAYS.slice(0, 2));
      const card = (await channel.post('2026-03-27')).find((c) => c.why)!;
      expect(card).toBeDefined();
      await channel.react(card, 'up', 99);
      await channel.settle();
      const { liveCards } = bot.core;
      await liveCards.settled();
      bot.clock.advance(10_000);
      liveCards.flush();
      await liveCards.settled();
      const patch = await discord.waitFor(
        (r) => r.method === 'PATCH' && r.path.endsWith(`/messages/${card.ref.messageId}`),
        3000,
        'the card edit',
      );
      const embed = (patch.body as { embeds: { description: string; footer?: { text: string } }[] }).embeds[0]!;
      expect(embed.footer?.text).toContain('👍 1 team vote');
      expect(embed.description.split('\n')[0]!.replace(/\\(.)/g, '$1')).toBe(`*${card.why}*`);
    } finally {
      await stop();
    }
  });
});

scenario('Slack', async () => {
  const slack = await createSlackFake({ users: [{ id: 'UADMIN', is_admin: true }] });
  const bot = await startSlackBot(slack, hf);
  const { stores } = bot.core;
  let reactions = 0;
  let seq = 0;
  const counted = async () =>
    (await stores.votes.voted('slack:T0001')).reduce((n, v) => n + v.voters, 0) +
    (await stores.taste.notInterested('slack:T0001')).length;
  const channel: Channel = {
    async post(day) {
      const before = slack.messages('C0001').length;
      await command(slack, bot.url, `digest ${day}`, 'UADMIN');
      const messages = slack
        .messages('C0001')
        .slice(before)
        .filter((m) => m.metadata !== undefined)
        .slice(1);
      return Promise.all(
        messages.map(async (m) => {
          const ref = { platform: 'slack' as const, channelId: 'C0001', messageId: m.ts };
          const paperId = (await stores.ledger.paperForMessage(ref))!.paperId;
          const head = ((m.blocks as { text?: { text: string } }[] | undefined)?.[0]?.text?.text ?? '').split('\n');
          // The card's second line, in italics, is its why line (the body follows without them).
          const why = /^_(.+)_$/.exec(head[1] ?? '')?.[1]?.replace(/&amp;/g, '&');
          return { paperId, ref, ...(why ? { why } : {}) };
        }),
      );
    },
    async react(card, emoji, user) {
      reactions++;
      const body = eventCallbackBody(
        {
          type: 'reaction_added',
          user: `U1${String(user).padStart(4, '0')}`,
          reaction: emoji === 'up' ? '+1' : '-1',
          item_user: BOT_USER_ID,
          item: { type: 'message', channel: 'C0001', ts: card.ref.messageId },
          event_ts: `1781258400.${String(++seq).padStart(6, '0')}`,
        },
        { eventId: `Ev${seq}` },
      );
      await postSigned(bot.url, body, JSON_CONTENT_TYPE, SECRET);
    },
    async subscribe(options) {
      const text = Object.entries(options)
        .map(([k, v]) => `${k}:${v}`)
        .join(' ');
      return (await command(slack, bot.url, text ? `subscribe ${text}` : 'settings', 'UADMIN')).text;
    },
    async settle() {
      await wait(async () => (await counted()) >= reactions);
    },
  };
  return {
    channel,
    stop: async () => {
      await bot.adapter.stop();
      await slack.close();
    },
  };
});
