import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/time/dates.js';
import { EMPTY_DAY_WAIT_MS, shouldHavePapers } from '../../../src/delivery/empty-day.js';
import { createMemo } from '../../../src/delivery/post-day.js';
import {
  dayShownOn,
  dueAt,
  firstDayOwed,
  lastLocalTime,
  missedDays,
  planFor,
  retryAt,
  upcomingPost,
} from '../../../src/delivery/post-slots.js';
import type { Subscription } from '../../../src/subscriptions/subscription.js';
import { subscription } from '../../support/delivery-rig.js';

const at = (iso: string) => Date.parse(iso);
const MIN = 60_000;

/**
 * Steps a subscription through time like the minute tick does (every `stepMin` minutes: every
 * post time here is on a quarter hour), marking
 * each due day as posted; returns when each post happened (UTC ISO) and which day it showed.
 */
function simulate(sub: Subscription, fromIso: string, toIso: string, stepMin = 15): [string, string][] {
  const posts: [string, string][] = [];
  const memo = createMemo();
  let s = sub;
  for (let t = at(fromIso); t <= at(toIso); t += stepMin * MIN) {
    const plan = planFor(s, t, {}, memo);
    if (!plan) continue;
    posts.push([new Date(t).toISOString().slice(0, 16), plan.days.join('+')]);
    s = { ...s, lastPostedDay: plan.day };
  }
  return posts;
}

describe('schedule: posting at local time across daylight-saving changes', () => {
  it.each([
    [
      'Europe/Berlin',
      '09:00',
      'spring',
      '2026-03-27T12:00Z',
      '2026-03-30T12:00Z',
      [
        ['2026-03-28T08:00', '2026-03-27'],
        ['2026-03-29T07:00', '2026-03-28'],
        ['2026-03-30T07:00', '2026-03-29'],
      ],
    ],
    [
      'Europe/Berlin',
      '09:00',
      'autumn',
      '2026-10-23T12:00Z',
      '2026-10-26T12:00Z',
      [
        ['2026-10-24T07:00', '2026-10-23'],
        ['2026-10-25T08:00', '2026-10-24'],
        ['2026-10-26T08:00', '2026-10-25'],
      ],
    ],
    [
      'America/New_York',
      '08:30',
      'spring',
      '2026-03-06T18:00Z',
      '2026-03-09T18:00Z',
      [
        ['2026-03-07T13:30', '2026-03-06'],
        ['2026-03-08T12:30', '2026-03-07'],
        ['2026-03-09T12:30', '2026-03-08'],
      ],
    ],
    [
      'America/New_York',
      '08:30',
      'autumn',
      '2026-10-30T18:00Z',
      '2026-11-02T18:00Z',
      [
        ['2026-10-31T12:30', '2026-10-30'],
        ['2026-11-01T13:30', '2026-10-31'],
        ['2026-11-02T13:30', '2026-11-01'],
      ],
    ],
  ])('posts %s %s once a day, at local time, across the %s change', (timeZone, time, _season, from, to, expected) => {
    const sub = subscription('c1', { timeZone, time, lastPostedDay: addDays(expected[0]![1]!, -1) });
    expect(simulate(sub, from, to)).toEqual(expected);
  });

  // A 02:30 Berlin feed shows the day before yesterday all year: at 02:30 in Berlin it is 20:30 in
  // New York (21:30 in the weeks the US changes first), and yesterday's list is still filling.
  it('posts a time skipped by the spring change right after the gap (02:30 Berlin → 03:30 CEST)', () => {
    const sub = subscription('c1', { time: '02:30', lastPostedDay: '2026-03-26' });
    expect(simulate(sub, '2026-03-28T12:00Z', '2026-03-29T12:00Z')).toEqual([['2026-03-29T01:30', '2026-03-27']]);
  });

  it('posts a time repeated by the autumn change once, at its first occurrence (02:30 CEST)', () => {
    const sub = subscription('c1', { time: '02:30', lastPostedDay: '2026-10-22' });
    expect(simulate(sub, '2026-10-24T12:00Z', '2026-10-25T12:00Z')).toEqual([['2026-10-25T00:30', '2026-10-23']]);
  });

  it.each([
    ['Europe/Berlin', '09:00', '2026-03-29T06:59:59Z', '2026-03-28T08:00Z'],
    ['Europe/Berlin', '09:00', '2026-03-29T07:00:00Z', '2026-03-29T07:00Z'],
    ['America/New_York', '23:45', '2026-11-01T04:00:00Z', '2026-11-01T03:45Z'],
    ['Asia/Tokyo', '00:00', '2026-06-12T14:59:00Z', '2026-06-11T15:00Z'],
  ])('finds the latest %s %s at or before %s', (timeZone, time, now, expected) => {
    expect(new Date(lastLocalTime(time, timeZone, at(now))).toISOString().slice(0, 16)).toBe(expected.slice(0, 16));
  });
});

describe('schedule: which Daily Papers day a post shows', () => {
  it.each([
    ['09:00', 'Europe/Berlin', '2026-06-12', 'previous', '2026-06-11'],
    ['09:00', 'Europe/Berlin', '2026-06-12', 'current', '2026-06-12'],
    ['08:30', 'America/New_York', '2026-06-12', 'previous', '2026-06-11'],
    // New York is still on the evening before: the 11th is still filling.
    ['09:00', 'Asia/Tokyo', '2026-06-12', 'previous', '2026-06-10'],
    ['09:00', 'Asia/Tokyo', '2026-06-12', 'current', '2026-06-11'],
    ['21:29', 'America/New_York', '2026-06-11', 'current', '2026-06-11'],
    // HF has moved on to the 12th, whose list is just starting: a feed's day is its own local date.
    ['21:30', 'America/New_York', '2026-06-11', 'current', '2026-06-11'],
    ['21:30', 'America/New_York', '2026-06-11', 'previous', '2026-06-10'],
    // 20:30 in New York most of the year, 21:30 in the weeks the US is on summer time and Europe not:
    // the same day either way, so no day is shown twice or skipped when the clocks change.
    ['02:30', 'Europe/Berlin', '2026-06-12', 'previous', '2026-06-10'],
    ['02:30', 'Europe/Berlin', '2026-03-20', 'previous', '2026-03-18'],
    ['02:30', 'Europe/Berlin', '2026-03-20', 'current', '2026-03-19'],
  ] as const)('a post at %s %s on %s with day=%s shows %s', (time, timeZone, date, choice, day) => {
    expect(dayShownOn({ time, timeZone, day: choice }, date)).toBe(day);
  });
});

describe('schedule: missed days and catch-up', () => {
  it.each([
    ['a new subscription gets only the due day', undefined, '2026-06-12', ['2026-06-12']],
    ['the day after the last post', '2026-06-11', '2026-06-12', ['2026-06-12']],
    ['three missed days', '2026-06-09', '2026-06-12', ['2026-06-10', '2026-06-11', '2026-06-12']],
    [
      'at most a week',
      '2026-05-01',
      '2026-06-12',
      ['2026-06-06', '2026-06-07', '2026-06-08', '2026-06-09', '2026-06-10', '2026-06-11', '2026-06-12'],
    ],
    ['nothing when the day was posted', '2026-06-12', '2026-06-12', []],
  ] as const)('%s', (_what, last, day, expected) => {
    expect(missedDays(last, day)).toEqual(expected);
  });

  it('plans a catch-up of every missed day after downtime', () => {
    const plan = planFor(subscription('c1', { lastPostedDay: '2026-06-08' }), at('2026-06-12T07:05Z'));
    expect(plan?.days).toEqual(['2026-06-09', '2026-06-10', '2026-06-11']);
    expect(plan?.day).toBe('2026-06-11');
  });

  it('owes a new subscription nothing from before it was made', () => {
    const sub = subscription('c1', { createdAt: '2026-06-12T07:30:00Z' });
    expect(planFor(sub, at('2026-06-12T08:00Z'))).toBeUndefined();
    expect(planFor(sub, at('2026-06-13T07:00Z'))?.days).toEqual(['2026-06-12']);
  });

  it('skips paused subscriptions and picks the due ones', () => {
    const last = { lastPostedDay: '2026-06-10' };
    const subs = [
      subscription('due', last),
      subscription('paused', { ...last, paused: { reason: 'x', at: '2026-06-01T00:00:00Z' } }),
      subscription('later', { ...last, time: '18:00' }),
    ];
    expect(dueAt(subs, at('2026-06-12T07:00Z')).map((p) => p.sub.channel.channelId)).toEqual(['due']);
  });
});

describe('schedule: retrying after a failure', () => {
  const failed = (failures: number) =>
    subscription('c1', {
      failures,
      lastPostedDay: '2026-06-10',
      lastPost: { day: '2026-06-11', at: '2026-06-12T07:00:00Z', status: 'failed', detail: 'x' },
    });

  it.each([
    [0, '2026-06-12T07:20Z'],
    [1, '2026-06-12T07:20Z'],
    [2, '2026-06-12T07:40Z'],
    [3, '2026-06-12T08:20Z'],
  ])('after %i counted failures, retries from %s', (failures, next) => {
    expect(retryAt(failed(failures), '2026-06-11')).toBe(at(next));
    expect(planFor(failed(failures), at(next) - 1)).toBeUndefined();
    expect(planFor(failed(failures), at(next))?.day).toBe('2026-06-11');
  });

  it('does not hold back a different day', () => {
    expect(retryAt(failed(2), '2026-06-12')).toBeUndefined();
  });
});

describe('schedule: waiting for a weekday Hugging Face answered empty', () => {
  const waiting = subscription('c1', {
    lastPostedDay: '2026-06-10',
    waiting: { day: '2026-06-11', since: '2026-06-12T07:00:00.000Z', checked: '2026-06-12T08:20:00.000Z' },
  });

  it('asks again 10 minutes after the last check, until 6 hours after the first', () => {
    expect(planFor(waiting, at('2026-06-12T08:29:59Z'))).toBeUndefined();
    expect(planFor(waiting, at('2026-06-12T08:30Z'))).toMatchObject({
      day: '2026-06-11',
      waitForPapersUntil: at('2026-06-12T13:00Z'),
    });
  });

  it('gives a post that has not waited yet the whole wait from now', () => {
    const now = at('2026-06-12T07:00Z');
    expect(planFor(subscription('c1', { lastPostedDay: '2026-06-10' }), now)?.waitForPapersUntil).toBe(
      now + EMPTY_DAY_WAIT_MS,
    );
  });

  it('does not hold back another day', () => {
    expect(planFor(waiting, at('2026-06-13T07:00Z'))).toMatchObject({
      day: '2026-06-12',
      days: ['2026-06-11', '2026-06-12'],
    });
  });

  it.each([
    ['2026-06-12', 'a Friday', true],
    ['2026-06-13', 'a Saturday', false],
    ['2026-06-14', 'a Sunday', false],
    ['2026-12-25', 'Christmas, a Friday (it may be quiet: its note comes after the wait)', true],
  ])('expects papers on %s, %s: %s', (day, _what, expected) => {
    expect(shouldHavePapers(day)).toBe(expected);
  });
});

describe('schedule: a weekdays feed', () => {
  const weekdays = (over: Partial<Subscription> = {}) =>
    subscription('c1', { days: 'weekdays', lastPostedDay: '2026-06-10', ...over });

  it("posts Monday to Friday only, Monday's post covering Friday to Sunday", () => {
    expect(simulate(weekdays(), '2026-06-11T12:00Z', '2026-06-16T12:00Z')).toEqual([
      ['2026-06-12T07:00', '2026-06-11'],
      ['2026-06-15T07:00', '2026-06-12+2026-06-13+2026-06-14'],
      ['2026-06-16T07:00', '2026-06-15'],
    ]);
  });

  it("posts nothing on a weekend, not even a post missed on Friday: Monday's covers it", () => {
    const sub = weekdays({ lastPostedDay: '2026-06-10' });
    expect(planFor(sub, at('2026-06-13T10:00Z'))).toBeUndefined();
    expect(planFor(sub, at('2026-06-14T10:00Z'))).toBeUndefined();
    expect(planFor(sub, at('2026-06-15T07:00Z'))?.days).toEqual([
      '2026-06-11',
      '2026-06-12',
      '2026-06-13',
      '2026-06-14',
    ]);
  });

  it('gives a new feed made on Friday evening a first post on Monday covering Friday to Sunday', () => {
    const sub = weekdays({ lastPostedDay: undefined, createdAt: '2026-06-12T18:00:00Z' });
    const plan = planFor(sub, at('2026-06-15T07:00Z'));
    expect(plan).toMatchObject({ day: '2026-06-14', days: ['2026-06-12', '2026-06-13', '2026-06-14'] });
    expect(plan?.since).toBeUndefined();
  });

  it('the post after a pause by hand ending on Monday owes Friday', () => {
    expect(firstDayOwed(weekdays(), '2026-06-15')).toBe('2026-06-12');
    expect(firstDayOwed(subscription('c1'), '2026-06-15')).toBe('2026-06-14');
    const resumed = weekdays({ lastPostedDay: '2026-06-04', resumeFrom: '2026-06-12' });
    expect(planFor(resumed, at('2026-06-15T07:00Z'))?.days).toEqual(['2026-06-12', '2026-06-13', '2026-06-14']);
  });

  it('says its next post is on Monday when asked on Friday after its post', () => {
    expect(upcomingPost(weekdays({ lastPostedDay: '2026-06-11' }), at('2026-06-12T10:00Z'))).toMatchObject({
      date: '2026-06-15',
      day: '2026-06-14',
      days: ['2026-06-12', '2026-06-13', '2026-06-14'],
    });
    // Still due now (waiting for an empty weekday): that post is the next one.
    expect(upcomingPost(weekdays({ lastPostedDay: '2026-06-10' }), at('2026-06-12T10:00Z'))).toMatchObject({
      date: '2026-06-12',
      day: '2026-06-11',
    });
  });
});
