import { describe, expect, it } from 'vitest';
import { addDays, currentDailyPapersDay, dayInZone } from '../../../src/time/dates.js';
import { createMemo } from '../../../src/delivery/post-day.js';
import { planFor } from '../../../src/delivery/post-slots.js';
import type { DayChoice, Subscription } from '../../../src/subscriptions/subscription.js';
import { zoneOffset } from '../../../src/time/zoned-time.js';
import { subscription } from '../../support/delivery-rig.js';

/**
 * A daily feed's schedule at every minute of a year, as the scheduler's minute tick sees it, for
 * zones whose changes fall on other dates than New York's (Europe), on New York's own, on the
 * opposite season (Sydney) and by half an hour (Lord Howe). Pure: `planFor` and a fake clock.
 */
const MIN = 60_000;
const HOUR = 60 * MIN;
const YEAR_FROM = Date.parse('2026-07-01T00:00:00Z');
const YEAR_TO = Date.parse('2027-07-01T00:00:00Z');

interface Post {
  at: number;
  /** The feed's local date the post is for. */
  date: string;
  days: string[];
}

/** Ticks every minute from `from` to `to`; each due plan is posted at once, as a delivery would record it. */
function everyMinute(start: Subscription, from: number, to: number): Post[] {
  const posts: Post[] = [];
  const memo = createMemo();
  let sub = start;
  for (let t = from; t < to; t += MIN) {
    const plan = planFor(sub, t, {}, memo);
    if (!plan) continue;
    posts.push({ at: t, date: plan.date, days: plan.days });
    sub = { ...sub, lastPostedDay: plan.day };
  }
  return posts;
}

const wallFormats = new Map<string, Intl.DateTimeFormat>();
/** `2026-03-29 03:30` on the wall clock in `timeZone` at `t` (Swedish dates are ISO-like). */
function wall(t: number, timeZone: string): string {
  let f = wallFormats.get(timeZone);
  if (!f) {
    const parts = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' } as const;
    f = new Intl.DateTimeFormat('sv-SE', { timeZone, hourCycle: 'h23', ...parts });
    wallFormats.set(timeZone, f);
  }
  return f.format(t);
}

const plusMinutes = (time: string, minutes: number) => {
  const total = Number(time.slice(0, 2)) * 60 + Number(time.slice(3)) + minutes;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
};

/**
 * When a feed at `time` posts on local `date`, worked out from the wall clock alone: at `time`
 * when the clock shows it that day (the first time, when it shows it twice), else when the gap
 * that skips it is over, moved on by the gap (02:30 on a spring day is 03:30).
 */
function expectedWall(date: string, time: string, timeZone: string): string {
  const asUtc = Date.parse(`${date}T${time}:00Z`);
  const offsets = [zoneOffset(asUtc - 12 * HOUR, timeZone), zoneOffset(asUtc + 12 * HOUR, timeZone)];
  const shown = offsets.some((o) => wall(asUtc - o, timeZone) === `${date} ${time}`);
  return `${date} ${shown ? time : plusMinutes(time, (offsets[1]! - offsets[0]!) / MIN)}`;
}

/** The latest day HF has settled (`previous`) or started (`current`) at `t`. */
const cap = (t: number, choice: DayChoice) => addDays(currentDailyPapersDay(t), choice === 'previous' ? -1 : 0);

/**
 * Times a change skips and repeats (02:30 Berlin, 01:30 London and 02:30 Sydney are both; Lord
 * Howe skips 02:00–02:29 and repeats 01:30–01:59), and times within a change of 21:30 New York time,
 * where the day shown would move with the clocks. `scheduler-dst.test.ts` has more, at coarser ticks.
 */
const FEEDS: [string, string, DayChoice][] = [
  ['Europe/Berlin', '02:30', 'previous'],
  ['Europe/London', '01:30', 'previous'],
  ['America/New_York', '02:30', 'current'],
  ['Australia/Sydney', '12:30', 'current'],
  ['Australia/Sydney', '02:30', 'previous'],
  ['Australia/Lord_Howe', '02:15', 'previous'],
  ['Australia/Lord_Howe', '01:45', 'previous'],
  ['Australia/Lord_Howe', '12:45', 'previous'],
];

describe('schedule: a daily feed at every minute of a year', () => {
  it.each(FEEDS)('posts a %s %s feed (day:%s) once every local day, each day once', (timeZone, time, choice) => {
    const createdAt = new Date(YEAR_FROM).toISOString();
    const posts = everyMinute(subscription('c1', { time, timeZone, day: choice, createdAt }), YEAR_FROM, YEAR_TO);
    expect(posts.length).toBeGreaterThanOrEqual(364);
    const behind = new Set<number>();
    let tight = false;
    for (const [i, p] of posts.entries()) {
      const day = p.days[0]!;
      // At the feed's time on its local date, once; never a catch-up.
      expect(wall(p.at, timeZone)).toBe(expectedWall(p.date, time, timeZone));
      expect(dayInZone(p.at, timeZone)).toBe(p.date);
      expect(p.days).toHaveLength(1);
      // Never a list HF has not settled (or, for `current`, started) yet.
      expect(day <= cap(p.at, choice)).toBe(true);
      tight ||= addDays(day, 1) > cap(p.at, choice);
      behind.add(Date.parse(p.date) - Date.parse(day));
      if (i > 0) expect([p.date, day]).toEqual([addDays(posts[i - 1]!.date, 1), addDays(posts[i - 1]!.days[0]!, 1)]);
    }
    // The same distance from the local date all year, and no further behind than HF makes it somewhere in the year.
    expect(behind.size).toBe(1);
    const base = choice === 'previous' ? 1 : 0;
    if ([...behind][0]! > base * 86_400_000) expect(tight).toBe(true);
  });
});

describe('schedule: the two daylight-saving reports', () => {
  const at = (iso: string) => Date.parse(iso);

  it.each([
    ['Europe/Berlin', '02:30', '2027-03-29T00:30:00Z'],
    ['Europe/London', '01:30', '2027-03-29T00:30:00Z'],
  ])('a %s %s feed that posted on Sunday 28 March 2027 posts on Monday the 29th', (timeZone, time, monday) => {
    // Sunday's post (at 01:30 UTC, the end of the gap) showed Friday the 26th.
    const sub = subscription('c1', { time, timeZone, lastPostedDay: '2027-03-26' });
    expect(planFor(sub, at('2027-03-28T23:59:00Z'))).toBeUndefined();
    expect(planFor(sub, at(monday))).toMatchObject({ date: '2027-03-29', day: '2027-03-27', days: ['2027-03-27'] });
  });

  it('a 02:30 Berlin feed on Monday 26 October 2026 shows one day, not "you missed 2 days"', () => {
    // Sunday's post (02:30 CEST, the first of the two) showed Friday the 23rd.
    const sub = subscription('c1', { time: '02:30', lastPostedDay: '2026-10-23' });
    expect(planFor(sub, at('2026-10-26T01:30:00Z'))).toMatchObject({ date: '2026-10-26', days: ['2026-10-24'] });
  });
});
