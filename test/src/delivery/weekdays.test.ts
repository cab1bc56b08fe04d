import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/ports/clock.js';
import type { HfClient } from '../../../src/upstream/hf/client.js';
import { formatLocal } from '../../../src/time/zoned-time.js';
import { backendCases } from '../../support/backends.js';
import { channel, papersOn, startInstance, subscription, type Instance } from '../../support/delivery-rig.js';
import { createFakeChannels, type FakePost } from '../../support/fake-channels.js';
import { createFakeClock, type FakeClock } from '../../support/fake-clock.js';

/**
 * Two weeks of scheduled posts, 15–29 June 2026, through the runner, delivery, feed and ledger,
 * on the fake clock: a daily feed (`messages`), a weekdays feed (`compact`), a silent daily feed
 * (`thread`) and a weekdays feed in a forum channel (`forum`), all at 09:00 Berlin. Hugging Face has six papers every weekday except a holiday
 * (Thursday 18 June, no list at all) and two late Friday lists: 19 June's comes on Saturday at
 * 11:00 (within the 6-hour wait), 26 June's on Saturday at 18:00 (after it). The bot is down from
 * Saturday 20 June 22:00 to Sunday 21 June 12:00 and restarts on the same store.
 */
const { open, cleanup } = backendCases()[1]!; // SQLite: a restart reads what the first process wrote
afterEach(() => cleanup());
const MIN = 60_000;
const HOLIDAY = '2026-06-18';
/** Days whose list Hugging Face has only from this instant (empty before). */
const LATE: Record<string, number> = {
  '2026-06-19': Date.parse('2026-06-20T09:00:00Z'), // Saturday 11:00 Berlin
  '2026-06-26': Date.parse('2026-06-27T16:00:00Z'), // Saturday 18:00 Berlin
};

/** The rig's six papers a weekday, with enough upvotes that none falls below zero late in the month. */
const listOf = (day: string) => papersOn(day).map((p) => ({ ...p, upvotes: p.upvotes + 100 }));

function hfOn(clock: Clock): HfClient {
  return {
    dailyPapers: async (day) => (day === HOLIDAY || clock.now() < (LATE[day] ?? 0) ? [] : listOf(day)),
    search: async () => [],
    paper: async () => undefined,
  };
}

/** When each message landed, on the fake clock (ms). */
const landedAt = new WeakMap<FakePost, number>();

/** Ticks `instance` every 10 minutes until `to`, like the bot's minute tick with nothing due in between. */
async function runUntil(clock: FakeClock, instance: Instance, posts: FakePost[], to: string) {
  while (clock.now() < Date.parse(to)) {
    await instance.runner.tick();
    for (const p of posts) if (!landedAt.has(p)) landedAt.set(p, clock.now());
    await clock.advance(10 * MIN);
  }
}

describe('two weeks of weekday-aware posts', () => {
  it('shows the latest day with papers not posted yet: Friday on Monday, never an empty list, notes for the rest', async () => {
    const clock = createFakeClock('2026-06-14T20:00:00Z'); // Sunday evening
    const chat = createFakeChannels();
    const backend = await open();
    const hf = hfOn(clock);
    const before = startInstance(backend, {
      clock,
      poster: chat.poster('before', undefined, { forums: ['forum'] }),
      hf,
    });
    // Feeds running for a while: the daily ones posted Sunday's note (Saturday showed Friday), the weekdays one Friday's post.
    for (const s of [
      subscription('daily', { lastPostedDay: '2026-06-13' }),
      subscription('weekdays', { days: 'weekdays', layout: 'compact', lastPostedDay: '2026-06-11' }),
      subscription('quiet', { emptyDayNote: false, layout: 'thread', lastPostedDay: '2026-06-13' }),
      subscription('forum', { days: 'weekdays', lastPostedDay: '2026-06-11' }),
    ])
      await before.stores.subscriptions.put(s);
    await runUntil(clock, before, chat.posts, '2026-06-20T20:00:00Z');
    // Down on Saturday night; the restart on Sunday at noon shares the store.
    clock.set('2026-06-21T10:00:00Z');
    const after = startInstance(backend, { clock, poster: chat.poster('after', undefined, { forums: ['forum'] }), hf });
    await runUntil(clock, after, chat.posts, '2026-06-29T10:00:00Z');

    const at = (p: FakePost) => formatLocal(landedAt.get(p)!, 'Europe/Berlin').replace(/ CEST$/, '');
    const headers = (id: string) =>
      chat
        .in(id)
        .filter((p) => p.kind !== 'paper')
        .map((p) => `${at(p)} ${p.text.split('\n')[0]!.replace('📰 Hugging Face Daily Papers · ', '')}`);
    expect(headers('daily')).toEqual([
      'Mon 15 Jun, 09:00 Sunday, 14 June 2026', // Saturday's post showed Friday: nothing new
      'Tue 16 Jun, 09:00 Monday, 15 June 2026 · top 5 of 6',
      'Wed 17 Jun, 09:00 Tuesday, 16 June 2026 · top 5 of 6',
      'Thu 18 Jun, 09:00 Wednesday, 17 June 2026 · top 5 of 6',
      'Fri 19 Jun, 15:00 Thursday, 18 June 2026', // the holiday: its note after the 6-hour wait
      'Sat 20 Jun, 11:00 Friday, 19 June 2026 · top 5 of 6', // the late list, within the wait
      'Sun 21 Jun, 12:00 Saturday, 20 June 2026', // after the restart: Friday was posted, the ledger says so
      'Mon 22 Jun, 09:00 Sunday, 21 June 2026',
      'Tue 23 Jun, 09:00 Monday, 22 June 2026 · top 5 of 6',
      'Wed 24 Jun, 09:00 Tuesday, 23 June 2026 · top 5 of 6',
      'Thu 25 Jun, 09:00 Wednesday, 24 June 2026 · top 5 of 6',
      'Fri 26 Jun, 09:00 Thursday, 25 June 2026 · top 5 of 6',
      'Sat 27 Jun, 15:00 Friday, 26 June 2026', // still no list after the wait: the note
      'Sun 28 Jun, 09:00 Friday, 26 June 2026 · top 5 of 6', // it came on Saturday evening, not posted yet
      'Mon 29 Jun, 09:00 Sunday, 28 June 2026',
    ]);
    expect(headers('weekdays')).toEqual([
      'Mon 15 Jun, 09:00 Friday, 12 June 2026 · top 5 of 6',
      'Tue 16 Jun, 09:00 Monday, 15 June 2026 · top 5 of 6',
      'Wed 17 Jun, 09:00 Tuesday, 16 June 2026 · top 5 of 6',
      'Thu 18 Jun, 09:00 Wednesday, 17 June 2026 · top 5 of 6',
      'Fri 19 Jun, 15:00 Thursday, 18 June 2026',
      'Mon 22 Jun, 09:00 Friday, 19 June 2026 · top 5 of 6',
      'Tue 23 Jun, 09:00 Monday, 22 June 2026 · top 5 of 6',
      'Wed 24 Jun, 09:00 Tuesday, 23 June 2026 · top 5 of 6',
      'Thu 25 Jun, 09:00 Wednesday, 24 June 2026 · top 5 of 6',
      'Fri 26 Jun, 09:00 Thursday, 25 June 2026 · top 5 of 6',
      'Mon 29 Jun, 09:00 Friday, 26 June 2026 · top 5 of 6',
    ]);
    expect(headers('quiet')).toEqual([
      'Tue 16 Jun, 09:00 Monday, 15 June 2026 · top 5 of 6',
      'Wed 17 Jun, 09:00 Tuesday, 16 June 2026 · top 5 of 6',
      'Thu 18 Jun, 09:00 Wednesday, 17 June 2026 · top 5 of 6',
      'Sat 20 Jun, 11:00 Friday, 19 June 2026 · top 5 of 6',
      'Tue 23 Jun, 09:00 Monday, 22 June 2026 · top 5 of 6',
      'Wed 24 Jun, 09:00 Tuesday, 23 June 2026 · top 5 of 6',
      'Thu 25 Jun, 09:00 Wednesday, 24 June 2026 · top 5 of 6',
      'Fri 26 Jun, 09:00 Thursday, 25 June 2026 · top 5 of 6',
      'Sun 28 Jun, 09:00 Friday, 26 June 2026 · top 5 of 6',
    ]);
    // The forum: a post per paper, five of the day the weekdays feed shows; the holiday's note as a post of its own.
    const forumDays = chat
      .in('forum')
      .map((p) =>
        p.kind === 'paper' ? `${at(p)} papers of 2026-06-${p.text.slice(5, 7)}` : `${at(p)} ${p.text.split('\n')[0]}`,
      );
    expect([...new Set(forumDays)]).toEqual([
      'Mon 15 Jun, 09:00 papers of 2026-06-12',
      'Tue 16 Jun, 09:00 papers of 2026-06-15',
      'Wed 17 Jun, 09:00 papers of 2026-06-16',
      'Thu 18 Jun, 09:00 papers of 2026-06-17',
      'Fri 19 Jun, 15:00 📰 Hugging Face Daily Papers · Thursday, 18 June 2026',
      'Mon 22 Jun, 09:00 papers of 2026-06-19',
      'Tue 23 Jun, 09:00 papers of 2026-06-22',
      'Wed 24 Jun, 09:00 papers of 2026-06-23',
      'Thu 25 Jun, 09:00 papers of 2026-06-24',
      'Fri 26 Jun, 09:00 papers of 2026-06-25',
      'Mon 29 Jun, 09:00 papers of 2026-06-26',
    ]);
    expect(chat.in('forum').filter((p) => p.kind === 'paper')).toHaveLength(50);
    // Each day's papers, once per channel: the best five of the day each header names.
    for (const id of ['daily', 'quiet']) {
      const papers = chat.in(id).filter((p) => p.kind === 'paper');
      expect(new Set(papers.map((p) => p.text)).size).toBe(papers.length);
      expect(papers.slice(0, 5).map((p) => p.text)).toEqual(
        papersOn('2026-06-15')
          .slice(0, 5)
          .map((p) => p.id),
      );
    }
    // Compact: one list per day, its papers carried by the list.
    expect(chat.in('weekdays').every((p) => p.kind !== 'paper')).toBe(true);
    const daily = await after.stores.subscriptions.get(channel('daily'));
    expect(daily).toMatchObject({ lastPostedDay: '2026-06-28', lastPost: { status: 'empty' } });
    const weekdays = await after.stores.subscriptions.get(channel('weekdays'));
    expect(weekdays?.lastPost).toMatchObject({ day: '2026-06-28', shows: ['2026-06-26'], status: 'posted' });
  });
});

describe('posts missed while the bot was down', () => {
  async function restartAt(iso: string, over: Parameters<typeof subscription>[1]) {
    const clock = createFakeClock(iso);
    const chat = createFakeChannels();
    const instance = startInstance(await open(), { clock, poster: chat.poster(), hf: hfOn(clock) });
    await instance.stores.subscriptions.put(subscription('c1', over));
    const results = await instance.runner.tick();
    return { results, headers: chat.in('c1').filter((p) => p.kind !== 'paper') };
  }

  it("a daily feed back on Sunday after missing Saturday's post shows Friday, not a catch-up of Friday and Saturday", async () => {
    const { results, headers } = await restartAt('2026-06-14T10:00:00Z', { lastPostedDay: '2026-06-11' });
    expect(results).toMatchObject([{ days: ['2026-06-12', '2026-06-13'], shows: ['2026-06-12'], outcome: 'posted' }]);
    expect(headers.map((h) => h.text.split('\n')[0])).toEqual([
      '📰 Hugging Face Daily Papers · Friday, 12 June 2026 · top 5 of 6',
    ]);
  });

  it("a weekdays feed back on Monday after missing Friday's post gets one catch-up of Thursday and Friday", async () => {
    const { headers } = await restartAt('2026-06-15T08:00:00Z', { days: 'weekdays', lastPostedDay: '2026-06-10' });
    expect(headers.map((h) => h.text.split('\n')[0])).toEqual([
      '📰 You missed 2 days of Hugging Face Daily Papers (Thu 11 Jun – Fri 12 Jun). Here are the best 5 of 12.',
    ]);
  });

  it('a weekdays feed back on Saturday posts nothing until Monday', async () => {
    const { results } = await restartAt('2026-06-13T10:00:00Z', { days: 'weekdays', lastPostedDay: '2026-06-10' });
    expect(results).toEqual([]);
  });
});

describe('a weekdays feed whose Friday has no list', () => {
  it("gets Friday's note on Monday, after the wait, not Sunday's", async () => {
    const clock = createFakeClock('2026-06-15T07:00:00Z'); // Monday 09:00 Berlin
    const chat = createFakeChannels();
    const hf: HfClient = {
      dailyPapers: async (day) => (day === '2026-06-12' ? [] : listOf(day)),
      search: async () => [],
      paper: async () => undefined,
    };
    const instance = startInstance(await open(), { clock, poster: chat.poster(), hf });
    await instance.stores.subscriptions.put(subscription('c1', { days: 'weekdays', lastPostedDay: '2026-06-11' }));
    await runUntil(clock, instance, chat.posts, '2026-06-15T13:10:00Z');
    expect(chat.in('c1').map((p) => [formatLocal(landedAt.get(p)!, 'Europe/Berlin'), p.text])).toEqual([
      [
        'Mon 15 Jun, 15:00 CEST',
        expect.stringMatching(/^📰 Hugging Face Daily Papers · Friday, 12 June 2026\nNo papers were featured/),
      ],
    ]);
  });
});
