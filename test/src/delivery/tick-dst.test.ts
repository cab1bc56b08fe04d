import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/ports/clock.js';
import { addDays, currentDailyPapersDay, dayInZone } from '../../../src/time/dates.js';
import { createHfClient, type HfClient } from '../../../src/upstream/hf/client.js';
import { silentLogger } from '../../../src/ports/logger.js';
import { zoneOffset } from '../../../src/time/zoned-time.js';
import { createHfFake, readFixture, type HfFake } from '../../fakes/hf-fake.js';
import { backendCases } from '../../support/backends.js';
import { startInstance, subscription } from '../../support/delivery-rig.js';
import { createFakeChannels } from '../../support/fake-channels.js';

/**
 * Daily feeds driven through the real scheduler and delivery around every daylight-saving change
 * of a year, their own zone's and New York's (HF's day rolls over in New York time, so its changes
 * matter to every zone). Ticks every 15 minutes: every feed time here, and every time a gap moves
 * one to, is on a quarter hour. `schedule-year.test.ts` checks the same rules at every minute of the year.
 */
const { open, cleanup } = backendCases()[0]!;
afterEach(() => cleanup());

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const STEP = 15 * 60_000;
const NEW_YORK = 'America/New_York';

/** The instants (to the hour) where `timeZone` changes its offset between `from` and `to`. */
function changesOf(timeZone: string, from: number, to: number): number[] {
  const found: number[] = [];
  for (let t = from; t < to; t += HOUR) if (zoneOffset(t, timeZone) !== zoneOffset(t + HOUR, timeZone)) found.push(t);
  return found;
}

/** Feed times per zone: the hour a change skips or repeats, and one near New York's 21:30 rollover. */
const FEEDS: [string, string[]][] = [
  ['Europe/Berlin', ['02:30', '09:00']],
  ['Europe/London', ['01:30', '09:00']],
  [NEW_YORK, ['02:30', '21:45']],
  ['Australia/Sydney', ['02:30', '12:30']],
  ['Australia/Lord_Howe', ['01:45', '02:15', '12:45']],
];

const YEAR_FROM = Date.parse('2026-07-01T00:00:00Z');
const YEAR_TO = Date.parse('2027-07-01T00:00:00Z');

interface Post {
  /** The feed's local date when it posted. */
  local: string;
  days: string[];
  at: number;
  header: string;
  /** The messages after the header: the papers' ids. */
  papers: string[];
}

/** Runs one instance from `from` to `to` with a feed per time in `timeZone`; returns each feed's posts. */
async function drive(timeZone: string, times: string[], from: number, to: number, hf?: HfClient) {
  const clock = createManualClock(from);
  const chat = createFakeChannels();
  const instance = startInstance(await open(), { clock, poster: chat.poster('a'), hf });
  const createdAt = new Date(from).toISOString();
  for (const time of times) await instance.stores.subscriptions.put(subscription(time, { time, timeZone, createdAt }));
  const posts = new Map<string, Post[]>(times.map((t) => [t, []]));
  for (let t = from; t <= to; t += STEP) {
    clock.set(t);
    for (const r of await instance.runner.tick()) {
      expect(r.outcome).toBe('posted');
      const mine = chat.in(r.channel.channelId);
      const [header, ...papers] = mine.slice(mine.findLastIndex((p) => p.kind === 'header')).map((p) => p.text);
      posts
        .get(r.channel.channelId)!
        .push({ local: dayInZone(t, timeZone), days: r.days, at: t, header: header!, papers });
    }
  }
  return posts;
}

/** One post per local date, each showing the day after the one before (nothing skipped or shown twice), none of them a catch-up, none showing a list still filling. */
function expectOneDayPerLocalDate(posts: Post[]) {
  expect(posts.length).toBeGreaterThanOrEqual(4);
  for (const [i, p] of posts.entries()) {
    expect(p.days).toHaveLength(1);
    expect(p.header).not.toMatch(/You missed/);
    expect(p.days[0]! <= addDays(currentDailyPapersDay(p.at), -1)).toBe(true);
    if (i === 0) continue;
    const before = posts[i - 1]!;
    expect([p.local, p.days[0]]).toEqual([addDays(before.local, 1), addDays(before.days[0]!, 1)]);
  }
}

describe('scheduler: daily feeds across every daylight-saving change of a year', () => {
  for (const [timeZone, times] of FEEDS) {
    const changes = [...changesOf(timeZone, YEAR_FROM, YEAR_TO), ...changesOf(NEW_YORK, YEAR_FROM, YEAR_TO)];
    it(`posts each ${timeZone} feed once a local day, each day once, around its ${changes.length} changes`, async () => {
      const seen = [...new Set(changes)].sort((a, b) => a - b);
      for (const change of seen) {
        const posts = await drive(timeZone, times, change - 2 * DAY, change + 3 * DAY);
        for (const time of times) {
          const mine = posts.get(time)!;
          try {
            expectOneDayPerLocalDate(mine);
          } catch (error) {
            const what = mine.map(
              (p) => `${p.local} ${new Date(p.at).toISOString().slice(0, 16)} → ${p.days.join('+')}`,
            );
            throw new Error(`${time} ${timeZone} around ${new Date(change).toISOString()}:\n${what.join('\n')}`, {
              cause: error,
            });
          }
        }
      }
    });
  }

  it('posts a 02:30 Berlin and a 01:30 London feed on Monday 29 March 2027, the day after the spring change', async () => {
    for (const [timeZone, time] of [
      ['Europe/Berlin', '02:30'],
      ['Europe/London', '01:30'],
    ] as const) {
      const posts = (await drive(timeZone, [time], Date.parse('2027-03-26T12:00Z'), Date.parse('2027-03-30T12:00Z')))
        .get(time)!
        .map((p) => [p.local, p.days.join('+')]);
      expect(posts).toEqual([
        ['2027-03-27', '2027-03-25'],
        ['2027-03-28', '2027-03-26'],
        ['2027-03-29', '2027-03-27'],
        ['2027-03-30', '2027-03-28'],
      ]);
    }
  });

  it('says nothing about missed days to a 02:30 Berlin feed on Monday 26 October 2026, the day after the autumn change', async () => {
    const posts = (
      await drive('Europe/Berlin', ['02:30'], Date.parse('2026-10-23T12:00Z'), Date.parse('2026-10-27T12:00Z'))
    )
      .get('02:30')!
      .map((p) => [p.local, p.days.join('+'), p.header.split('\n')[0]]);
    expect(posts).toEqual([
      ['2026-10-24', '2026-10-22', '📰 Hugging Face Daily Papers · Thursday, 22 October 2026 · all 4 matching'],
      ['2026-10-25', '2026-10-23', '📰 Hugging Face Daily Papers · Friday, 23 October 2026 · all 4 matching'],
      ['2026-10-26', '2026-10-24', '📰 Hugging Face Daily Papers · Saturday, 24 October 2026'],
      ['2026-10-27', '2026-10-25', '📰 Hugging Face Daily Papers · Sunday, 25 October 2026'],
    ]);
  });
});

describe("scheduler: a 02:30 Berlin feed over the spring change of 2026, with Hugging Face's real lists", () => {
  let hf: HfFake;
  /** Real Daily Papers lists (test/fixtures/hf-days/, see SOURCES.md): Wed 25 to Mon 30 March 2026. */
  const REAL_DAYS = ['2026-03-25', '2026-03-26', '2026-03-27', '2026-03-30'];
  beforeAll(async () => {
    hf = await createHfFake();
    hf.days.clear();
    for (const day of REAL_DAYS) hf.days.set(day, JSON.parse(readFixture(`hf-days/${day}.json`)) as unknown[]);
  });
  afterAll(() => hf.close());

  /** A real day's papers, highest upvoted first. */
  const papersOf = (day: string) =>
    (hf.days.get(day) as { paper: { id: string; upvotes: number } }[])
      .map((i) => i.paper)
      .sort((a, b) => b.upvotes - a.upvotes);

  it('posts every local day, Monday 30 March included, each with the best papers of the day it names', async () => {
    const client = createHfClient({ baseUrl: hf.url, logger: silentLogger, retries: 0 });
    const from = Date.parse('2026-03-26T12:00Z');
    const posts = (await drive('Europe/Berlin', ['02:30'], from, from + 6 * DAY, client)).get('02:30')!;
    expect(posts.map((p) => [p.local, p.days.join('+'), p.header.split('\n')[0]])).toEqual([
      ['2026-03-27', '2026-03-25', '📰 Hugging Face Daily Papers · Wednesday, 25 March 2026 · top 5 of 26'],
      ['2026-03-28', '2026-03-26', '📰 Hugging Face Daily Papers · Thursday, 26 March 2026 · top 5 of 16'],
      ['2026-03-29', '2026-03-27', '📰 Hugging Face Daily Papers · Friday, 27 March 2026 · top 5 of 16'],
      ['2026-03-30', '2026-03-28', '📰 Hugging Face Daily Papers · Saturday, 28 March 2026'],
      ['2026-03-31', '2026-03-29', '📰 Hugging Face Daily Papers · Sunday, 29 March 2026'],
      ['2026-04-01', '2026-03-30', '📰 Hugging Face Daily Papers · Monday, 30 March 2026 · top 5 of 8'],
    ]);
    for (const p of posts.filter((p) => p.papers.length > 0)) {
      const best = papersOf(p.days[0]!);
      const upvotes = new Map(best.map((paper) => [paper.id, paper.upvotes]));
      expect(p.papers.map((id) => upvotes.get(id))).toEqual(best.slice(0, 5).map((paper) => paper.upvotes));
    }
  });
});
