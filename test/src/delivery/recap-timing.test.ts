import { describe, expect, it } from 'vitest';
import { isoWeek, lastRecapSlot, nextRecapSlot, parseRecap, recapPlanFor } from '../../../src/delivery/recap-timing.js';
import { recapText } from '../../../src/delivery/recap.js';
import { subscription } from '../../support/delivery-rig.js';
import { plainText } from '../../../src/text/verbatim.js';

const FRIDAY_4PM = { weekday: 'friday', time: '16:00', since: '2026-01-01T00:00:00Z' } as const;

describe('weekly recap times', () => {
  it.each([
    ['2026-06-12', '2026-W24'],
    ['2026-06-15', '2026-W25'],
    ['2026-06-21', '2026-W25'],
    ['2026-01-01', '2026-W01'],
    ['2027-01-01', '2026-W53'],
    ['2024-12-30', '2025-W01'],
    ['2021-01-03', '2020-W53'],
  ])('%s is in ISO week %s', (day, week) => {
    expect(isoWeek(day)).toBe(week);
  });

  it.each([
    ['friday 16:00', { weekday: 'friday', time: '16:00' }],
    ['Fri 9:30', { weekday: 'friday', time: '09:30' }],
    ['  MONDAY   08:00 ', { weekday: 'monday', time: '08:00' }],
    ['off', 'off'],
    ['OFF', 'off'],
  ])('reads recap:%j', (text, expected) => {
    expect(parseRecap(text)).toEqual(expected);
  });

  it.each([
    [
      'funday 16:00',
      /"funday" is not a day of the week; write a weekday and a time, e\.g\. recap:"friday 16:00", or recap:off/,
    ],
    ['fr 16:00', /"fr" is not a day of the week/],
    ['16:00 friday', /"16:00" is not a day of the week/],
    ['friday', /The recap needs a time after "friday"/],
    ['friday 25:00', /"25:00" is not a time of day; use 24-hour HH:MM/],
    ['friday 4pm', /"4pm" is not a time of day/],
    ['friday 16:00 weekly', /a weekday and a time only, not "weekly"/],
  ])('answers recap:%j with what is wrong', (text, message) => {
    expect(() => parseRecap(text)).toThrow(message);
  });

  it.each([
    // [now, expected last slot] for Friday 16:00 Berlin
    ['2026-06-19T14:00:00Z', '2026-06-19T14:00:00.000Z'],
    ['2026-06-19T13:59:00Z', '2026-06-12T14:00:00.000Z'],
    ['2026-06-22T09:00:00Z', '2026-06-19T14:00:00.000Z'],
    ['2026-01-09T15:00:00Z', '2026-01-09T15:00:00.000Z'], // winter: CET
  ])('at %s the last Friday 16:00 Berlin was %s', (now, slot) => {
    expect(new Date(lastRecapSlot(FRIDAY_4PM, 'Europe/Berlin', Date.parse(now))).toISOString()).toBe(slot);
  });

  it('the next slot is strictly after now', () => {
    expect(new Date(nextRecapSlot(FRIDAY_4PM, 'Europe/Berlin', Date.parse('2026-06-19T14:00:00Z'))).toISOString()).toBe(
      '2026-06-26T14:00:00.000Z',
    );
  });
});

describe('when a recap is due', () => {
  const at = (t: string) => Date.parse(t);
  const sub = subscription('c1', { recap: FRIDAY_4PM });

  it.each([
    ['at its slot', sub, '2026-06-19T14:00:00Z', '2026-W25'],
    ['a day late, after downtime', sub, '2026-06-20T13:59:00Z', '2026-W25'],
    ['not before its slot (the week before was more than a day ago)', sub, '2026-06-19T13:59:00Z', undefined],
    ['not more than a day late', sub, '2026-06-20T14:01:00Z', undefined],
    ['not for a week already recapped', { ...sub, lastRecapWeek: '2026-W25' }, '2026-06-19T14:00:00Z', undefined],
    ['for the week after one recapped', { ...sub, lastRecapWeek: '2026-W24' }, '2026-06-19T14:00:00Z', '2026-W25'],
    [
      'not for a slot before the recap was set',
      { ...sub, recap: { ...FRIDAY_4PM, since: '2026-06-19T14:30:00Z' } },
      '2026-06-19T15:00:00Z',
      undefined,
    ],
    [
      'not while paused',
      { ...sub, paused: { reason: 'by hand', at: '2026-06-01T00:00:00Z', byHand: true } },
      '2026-06-19T14:00:00Z',
      undefined,
    ],
    ['not without a recap', subscription('c1'), '2026-06-19T14:00:00Z', undefined],
    [
      'not right after a failure',
      { ...sub, lastRecap: { week: '2026-W25', at: '2026-06-19T14:00:00Z', status: 'failed' as const } },
      '2026-06-19T14:10:00Z',
      undefined,
    ],
    [
      'again once the retry wait is over',
      { ...sub, lastRecap: { week: '2026-W25', at: '2026-06-19T14:00:00Z', status: 'failed' as const } },
      '2026-06-19T14:21:00Z',
      '2026-W25',
    ],
  ])('%s', (_what, s, now, week) => {
    expect(recapPlanFor(s, at(now))?.week).toBe(week);
  });
});

describe('recap text', () => {
  it('lists the papers with votes, each title linked to its paper, or says nobody voted', () => {
    const rows = [
      { paperId: '2606.11001', title: 'Agents', votes: 2 },
      { paperId: '2606.11002', title: 'Robots', votes: 1 },
    ];
    expect(plainText(recapText('2026-W25', '2026-06-19', rows, '👍'))).toBe(
      "🏆 This week's most-voted papers in this team · week 25, to Friday, 19 June 2026\n" +
        '1. Agents (https://huggingface.co/papers/2606.11001) — 2 votes\n2. Robots (https://huggingface.co/papers/2606.11002) — 1 vote',
    );
    expect(recapText('2026-W25', '2026-06-19', [], '👍')).toBe(
      "🏆 This week's most-voted papers in this team · week 25, to Friday, 19 June 2026\nNobody voted this week — react with 👍 on a paper to vote.",
    );
  });
});
