import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/ports/clock.js';
import { createHfClient } from '../../../src/upstream/hf/client.js';
import { silentLogger } from '../../../src/ports/logger.js';
import type { Backend } from '../../../src/store/backend.js';
import { createStores } from '../../../src/store/index.js';
import type { Subscription } from '../../../src/subscriptions/subscription.js';
import { createHfFake, fixtureDay, readFixture, type HfFake } from '../../fakes/hf-fake.js';
import { backendCases } from '../../support/backends.js';
import { channel, startInstance, subscription, type Instance } from '../../support/delivery-rig.js';
import { createFakeChannels, type FakePost } from '../../support/fake-channels.js';

/**
 * Hugging Face answering an empty list for a weekday, through the real scheduler, delivery, feed
 * and HF client against the local HF fake serving the real 30-paper list of Friday 12 June 2026.
 */
let hf: HfFake;
beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());
beforeEach(() => {
  hf.clearOverrides();
  hf.requests.length = 0;
  hf.days.clear();
  hf.days.set('2026-06-12', fixtureDay());
});

const MIN = 60_000;
const HOUR = 60 * MIN;
/** Saturday 13 June 2026, 09:00 in Berlin: a 09:00 feed is due with Friday's list. */
const NINE = Date.parse('2026-06-13T07:00:00Z');
const FRIDAY_HEADER = /^📰 Hugging Face Daily Papers · Friday, 12 June 2026 · top 5 of 30\n/;
const FRIDAY_NOTE = /^📰 Hugging Face Daily Papers · Friday, 12 June 2026\nNo papers were featured/;

const client = () => createHfClient({ baseUrl: hf.url, logger: silentLogger, retries: 0 });
const askedFor = (day: string) =>
  hf.requests.filter((r) => r.path === '/api/daily_papers' && r.query.get('date') === day).length;
const at = (t: number) => new Date(t).toISOString().slice(11, 16);
const headers = (posts: FakePost[]) => posts.filter((p) => p.kind === 'header');

/** When each message landed, on the test's clock (`HH:MM` UTC). */
const landedAt = new WeakMap<FakePost, string>();

/** Ticks every instance every minute over [from, to); returns each minute's outcomes, as `HH:MM outcome`. */
async function everyMinute(
  clock: ReturnType<typeof createManualClock>,
  chat: ReturnType<typeof createFakeChannels>,
  instances: Instance[],
  from: number,
  to: number,
) {
  const outcomes: string[] = [];
  for (let t = from; t < to; t += MIN) {
    clock.set(t);
    const results = (await Promise.all(instances.map((i) => i.runner.tick()))).flat();
    for (const r of results) outcomes.push(`${at(t)} ${r.outcome}`);
    for (const p of chat.posts) if (!landedAt.has(p)) landedAt.set(p, at(t));
  }
  return outcomes;
}
const when = (posts: FakePost[]) => posts.map((p) => [landedAt.get(p), p.text]);

async function oneFeed(backend: Backend, over: Partial<Subscription> = {}) {
  await createStores(backend).subscriptions.put(subscription('c1', { lastPostedDay: '2026-06-11', ...over }));
}

describe('a weekday Hugging Face answers empty', () => {
  const { open, cleanup } = backendCases()[0]!;
  afterEach(() => cleanup());

  async function setUp(over: Partial<Subscription> = {}) {
    const clock = createManualClock(NINE);
    const chat = createFakeChannels();
    const backend = await open();
    await oneFeed(backend, over);
    const instance = startInstance(backend, { clock, poster: chat.poster('a'), hf: client() });
    const sub = () => instance.stores.subscriptions.get(channel('c1'));
    return { clock, chat, instance, sub };
  }

  it("posts the day's papers, once, when the empty answer at the post's minute was a glitch", async () => {
    hf.queue(/daily_papers/, { body: [] });
    const { clock, chat, instance, sub } = await setUp();
    const outcomes = await everyMinute(clock, chat, [instance], NINE, NINE + 3 * HOUR);
    expect(outcomes).toEqual(['07:00 waiting', '07:10 posted']);
    const posts = chat.in('c1');
    expect(headers(posts).map((p) => p.text)).toEqual([expect.stringMatching(FRIDAY_HEADER)]);
    expect(posts).toHaveLength(6);
    expect(landedAt.get(posts[0]!)).toBe('07:10');
    const s = await sub();
    expect(s).toMatchObject({ lastPostedDay: '2026-06-12', lastPost: { status: 'posted' } });
    expect(s?.waiting).toBeUndefined();
  });

  it('posts the "no papers" note once, after the wait, when the list stays empty, asking every 10 minutes', async () => {
    hf.always(/daily_papers/, { body: [] });
    const { clock, chat, instance, sub } = await setUp();
    const outcomes = await everyMinute(clock, chat, [instance], NINE, NINE + 9 * HOUR);
    expect(outcomes.filter((o) => o.endsWith('waiting'))).toHaveLength(36);
    expect(outcomes.filter((o) => !o.endsWith('waiting'))).toEqual(['13:00 posted']);
    expect(when(chat.in('c1'))).toEqual([['13:00', expect.stringMatching(FRIDAY_NOTE)]]);
    // 37 checks from 09:00 to 15:00 Berlin time, and one fresh look before the note.
    expect(askedFor('2026-06-12')).toBe(38);
    expect(await sub()).toMatchObject({ lastPostedDay: '2026-06-12', lastPost: { status: 'empty' } });
  });

  it('asks Hugging Face afresh before the note: an empty answer the feed still keeps does not hide the papers', async () => {
    hf.always(/daily_papers/, { body: [] });
    const { clock, chat, instance } = await setUp();
    await instance.stores.subscriptions.put(subscription('c2', { time: '09:55', lastPostedDay: '2026-06-11' }));
    await everyMinute(clock, chat, [instance], NINE, NINE + 5 * HOUR + 50 * MIN);
    // 12:50: HF fails once, and the first feed's check makes do with the empty list it has; 12:55: another
    // channel's feed asks and gets `[]` again, which the feed keeps 10 minutes; 12:58: Friday's list is back.
    hf.queue(/daily_papers/, { status: 503 });
    await everyMinute(clock, chat, [instance], NINE + 5 * HOUR + 50 * MIN, NINE + 5 * HOUR + 58 * MIN);
    hf.clearOverrides();
    expect(await everyMinute(clock, chat, [instance], NINE + 5 * HOUR + 58 * MIN, NINE + 7 * HOUR)).toEqual([
      '13:00 posted',
      '13:05 posted',
    ]);
    for (const id of ['c1', 'c2'])
      expect(headers(chat.in(id)).map((p) => p.text)).toEqual([expect.stringMatching(FRIDAY_HEADER)]);
  });

  it('waits for a silent feed too, then records the day without a message', async () => {
    hf.always(/daily_papers/, { body: [] });
    const { clock, chat, instance, sub } = await setUp({ emptyDayNote: false });
    await everyMinute(clock, chat, [instance], NINE, NINE + HOUR);
    expect(await sub()).toMatchObject({
      lastPostedDay: '2026-06-11',
      waiting: { day: '2026-06-12', since: '2026-06-13T07:00:00.000Z', checked: '2026-06-13T07:50:00.000Z' },
    });
    const outcomes = await everyMinute(clock, chat, [instance], NINE + HOUR, NINE + 9 * HOUR);
    expect(outcomes.filter((o) => !o.endsWith('waiting'))).toEqual(['13:00 posted']);
    expect(chat.posts).toEqual([]);
    expect(await sub()).toMatchObject({ lastPostedDay: '2026-06-12', lastPost: { status: 'empty' } });
  });

  it('waits in a catch-up for a missed weekday answered empty, and its papers are among the best', async () => {
    // Real lists of Wed 25 – Fri 27 March 2026; the bot was down from Wednesday to Saturday morning.
    for (const day of ['2026-03-25', '2026-03-26', '2026-03-27'])
      hf.days.set(day, JSON.parse(readFixture(`hf-days/${day}.json`)) as unknown[]);
    hf.queue(/daily_papers/, { body: [] }); // the first day asked for: Wednesday
    const saturday = Date.parse('2026-03-28T08:00:00Z'); // 09:00 CET
    const { clock, chat, instance } = await setUp({ lastPostedDay: '2026-03-24' });
    clock.set(saturday);
    expect(await everyMinute(clock, chat, [instance], saturday, saturday + HOUR)).toEqual([
      '08:00 waiting',
      '08:10 posted',
    ]);
    const [header, ...papers] = chat.in('c1');
    expect(header?.text).toMatch(
      /^📰 You missed 3 days of Hugging Face Daily Papers \(Wed 25 Mar – Fri 27 Mar\)\. Here are the best 5 of 58\./,
    );
    const wednesday = new Set(hf.days.get('2026-03-25')!.map((i) => (i as { paper: { id: string } }).paper.id));
    expect(papers.filter((p) => wednesday.has(p.text))).toHaveLength(3);
  });
});

for (const c of backendCases()) {
  describe.skipIf(Boolean(c.skip))(`a weekday answered empty, across a restart and two instances, on ${c.name}`, () => {
    if (c.skip) console.log(`skipping the ${c.name} empty-day tests: ${c.skip}`);
    afterEach(() => c.cleanup());

    /** A store several instances share (memory lives in one process, so it is shared as is). */
    async function shared() {
      const ns = `test-${randomUUID()}`;
      const first = await c.open(ns);
      await oneFeed(first);
      return { first, another: async () => (c.name === 'memory' ? first : c.open(ns)) };
    }

    it('posts the papers once when they appear after a restart, with two instances ticking', async () => {
      hf.always(/daily_papers/, { body: [] });
      const { first, another } = await shared();
      const clock = createManualClock(NINE);
      const chat = createFakeChannels();
      const before = startInstance(first, { clock, poster: chat.poster('before'), hf: client() });
      expect(await everyMinute(clock, chat, [before], NINE, NINE + 2 * HOUR)).toHaveLength(12);
      // The process restarts; after the restart two instances share the store.
      const after = [await another(), await another()].map((b, i) =>
        startInstance(b, { clock, poster: chat.poster(`after-${i}`), hf: client() }),
      );
      const fills = NINE + 3.5 * HOUR;
      const outcomes = await everyMinute(clock, chat, after, NINE + 2 * HOUR, fills);
      expect(outcomes.every((o) => / (waiting|busy)$/.test(o))).toBe(true);
      hf.clearOverrides(); // HF has the list again from 12:30 Berlin time
      const rest = await everyMinute(clock, chat, after, fills, NINE + 8 * HOUR);
      // The other instance may see the day `already` posted, never post it again.
      expect(rest.filter((o) => o.endsWith(' posted'))).toEqual(['10:30 posted']);
      expect(headers(chat.in('c1')).map((p) => p.text)).toEqual([expect.stringMatching(FRIDAY_HEADER)]);
      expect(chat.in('c1')).toHaveLength(6);
      const sub = await after[0]!.stores.subscriptions.get(channel('c1'));
      expect(sub).toMatchObject({ lastPostedDay: '2026-06-12', lastPost: { status: 'posted' } });
      expect(sub?.waiting).toBeUndefined();
    });

    it('posts the note once, 6 hours after the first empty answer, not after the restart', async () => {
      hf.always(/daily_papers/, { body: [] });
      const { first, another } = await shared();
      const clock = createManualClock(NINE);
      const chat = createFakeChannels();
      const before = startInstance(first, { clock, poster: chat.poster('before'), hf: client() });
      await everyMinute(clock, chat, [before], NINE, NINE + 2 * HOUR);
      const after = [await another(), await another()].map((b, i) =>
        startInstance(b, { clock, poster: chat.poster(`after-${i}`), hf: client() }),
      );
      const outcomes = await everyMinute(clock, chat, after, NINE + 2 * HOUR, NINE + 9 * HOUR);
      expect(outcomes.filter((o) => o.endsWith(' posted'))).toEqual(['13:00 posted']);
      expect(when(chat.in('c1'))).toEqual([['13:00', expect.stringMatching(FRIDAY_NOTE)]]);
    });
  });
}
