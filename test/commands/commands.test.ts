import { describe, expect, it } from 'vitest';
import { definitions, runAction, runCommand } from '../../commands/index.js';
import type { CommandContext } from '../../commands/types.js';
import { createManualClock } from '../../src/ports/clock.js';
import type { Delivery } from '../../src/delivery/delivery.js';
import type { Feed } from '../../src/papers/feed.js';
import { createMemoryLogger } from '../../src/ports/logger.js';
import { createStores } from '../../src/store/index.js';
import { createMemoryBackend } from '../../src/store/memory-backend.js';
import { describeFilter, parseFilter } from '../../src/filter/filter.js';
import { commandContext } from '../support/command-context.js';
import { plainText } from '../../src/text/verbatim.js';

function context(feed: Partial<Feed>, over: Partial<CommandContext> = {}) {
  const logger = createMemoryLogger();
  const ctx: CommandContext = {
    feed: feed as Feed,
    stores: createStores(createMemoryBackend()),
    clock: createManualClock('2026-06-12T12:00:00Z'),
    logger,
    delivery: {} as Delivery,
    channel: { platform: 'discord', teamId: 'g', channelId: 'c' },
    userId: 'discord:u',
    isAdmin: false,
    adminRequirement: 'admin rights',
    voteEmoji: '👍',
    cardsPerReply: 5,
    channelMention: (id) => `#${id}`,
    messageLink: () => undefined,
    ...over,
  };
  return { ctx, logger };
}

describe('the command layer', () => {
  it('answers an unexpected failure with an error id, and logs it with the same id', async () => {
    const { ctx, logger } = context({
      latestDay: async () => '2026-06-12',
      digest: () => Promise.reject(new Error('disk on fire')),
    });
    const reply = await runCommand('today', {}, ctx);
    const id = /error id ([0-9a-f]{8})\./.exec(plainText(reply.text))?.[1];
    expect(id).toBeDefined();
    expect(reply.text).not.toContain('disk on fire');
    expect(logger.entries.find((e) => e.level === 'error')?.ctx).toMatchObject({ errorId: id, command: 'today' });
  });

  it('refuses an unknown command and an unknown option clearly', async () => {
    const { ctx } = context({});
    expect(plainText((await runCommand('launch', {}, ctx)).text)).toMatch(/There is no \/papers launch/);
    expect(plainText((await runCommand('top', { colour: 'red' }, ctx)).text)).toMatch(
      /\/papers top has no option "colour"/,
    );
  });

  it('answers an expired or unknown button without failing', async () => {
    const { ctx } = context({});
    expect((await runAction('search:deadbeef:1', ctx)).text).toMatch(/expired; run the search again/);
    expect((await runAction('nothing:here', ctx)).text).toMatch(/no longer works/);
  });

  it('keeps every definition within Discord’s naming limits', () => {
    for (const d of definitions()) {
      expect(d.name).toMatch(/^[a-z_-]{1,32}$/);
      expect(d.description.length).toBeLessThanOrEqual(100);
      expect(d.options.filter((o) => o.main).length).toBeLessThanOrEqual(1);
      for (const o of d.options) {
        expect(o.name).toMatch(/^[a-z_-]{1,32}$/);
        expect(o.description.length).toBeLessThanOrEqual(100);
      }
    }
  });
});

describe('filters through the commands', () => {
  it('help documents the filter language with examples that parse', async () => {
    const { ctx } = context({});
    const text = (await runCommand('help', {}, ctx)).text;
    expect(text.length).toBeLessThanOrEqual(2000); // one Discord message
    const examples = [...text.matchAll(/^• `([^`]+)` — /gm)].map((m) => m[1]!).filter((e) => !e.startsWith('/papers'));
    expect(examples).toHaveLength(4);
    for (const e of examples) expect(describeFilter(parseFilter(e))).not.toBe('');
  });

  it('subscribe keeps the filter as written and says what it means', async () => {
    const ctx = commandContext(createMemoryBackend());
    const r = await runCommand('subscribe', { keywords: "agents 'tool use' -survey author:'Yann LeCun'" }, ctx);
    expect(r.text).toMatch(/mentioning "agents" or "tool use", by Yann LeCun, not mentioning "survey"/);
    expect((await ctx.stores.subscriptions.get(ctx.channel))?.settings.keywords).toBe(
      "agents 'tool use' -survey author:'Yann LeCun'",
    );
    await runCommand('subscribe', { keywords: 'none' }, ctx);
    expect((await ctx.stores.subscriptions.get(ctx.channel))?.settings.keywords).toBe('');
  });

  it.each([
    ["agents 'tool use", /never closed/],
    ['agents -', /"-" must be followed/],
    ['title:agents', /"title:" is not something a filter can look at/],
  ])('subscribe refuses the filter %j and keeps the channel unchanged', async (keywords, message) => {
    const ctx = commandContext(createMemoryBackend());
    expect((await runCommand('subscribe', { keywords }, ctx)).text).toMatch(message);
    expect(await ctx.stores.subscriptions.get(ctx.channel)).toBeUndefined();
  });

  it('says in settings that a feed is waiting for a weekday Hugging Face answered empty, and until when', async () => {
    const ctx = commandContext(createMemoryBackend());
    await runCommand('subscribe', { time: '09:00', timezone: 'Europe/Berlin' }, ctx);
    const sub = (await ctx.stores.subscriptions.get(ctx.channel))!;
    const waiting = { day: '2026-06-11', since: '2026-06-12T07:00:00.000Z', checked: '2026-06-12T07:10:00.000Z' };
    await ctx.stores.subscriptions.put({ ...sub, waiting });
    expect((await runCommand('settings', {}, ctx)).text).toMatch(
      "Waiting for papers: Hugging Face's list for 2026-06-11 is empty so far; asked again every 10 minutes until Fri 12 Jun, 15:00 CEST, then the day is posted as it is.",
    );
  });

  it('describes a keyword list stored before filters as either-or words', async () => {
    const ctx = commandContext(createMemoryBackend());
    await runCommand('subscribe', {}, ctx);
    const sub = (await ctx.stores.subscriptions.get(ctx.channel))!;
    await ctx.stores.subscriptions.put({ ...sub, settings: { ...sub.settings, keywords: ['video', 'tool use'] } });
    expect((await runCommand('settings', {}, ctx)).text).toMatch(/mentioning "video" or "tool use"/);
  });
});
