import { describe, expect, it } from 'vitest';
import {
  announcedAt,
  isAnnouncementDay,
  lateAt,
  latestAnnouncement,
  latestListed,
  nextAnnouncement,
} from '../../../src/time/arxiv-calendar.js';

const at = (iso: string) => Date.parse(iso);

describe("arXiv's calendar", () => {
  it.each([
    ['2026-04-27', true, 'a Monday'],
    ['2026-05-01', true, 'a Friday: Thursday evening’s announcement'],
    ['2026-05-02', false, 'a Saturday'],
    ['2026-05-03', false, 'a Sunday'],
    ['2026-11-26', false, 'Thanksgiving, a listed holiday'],
    ['2026-12-25', false, 'Christmas, a listed holiday on a Friday'],
  ])('%s has a listing: %s (%s)', (day, expected) => {
    expect(isAnnouncementDay(day)).toBe(expected);
  });

  it.each([
    // [instant, latest announcement (its listing date), next one]
    ['2026-04-27T07:00:00Z', '2026-04-27', '2026-04-28', 'Monday 09:00 in Berlin: Sunday evening’s'],
    ['2026-04-27T23:59:00Z', '2026-04-27', '2026-04-28', 'Monday 19:59 in New York, a minute before the next'],
    ['2026-04-28T00:00:00Z', '2026-04-28', '2026-04-29', 'Monday 20:00 in New York, on the dot'],
    ['2026-05-02T12:00:00Z', '2026-05-01', '2026-05-04', 'a Saturday: Thursday evening’s, and Sunday’s next'],
    ['2026-05-03T23:30:00Z', '2026-05-01', '2026-05-04', 'Sunday 19:30 in New York'],
    ['2026-05-04T00:30:00Z', '2026-05-04', '2026-05-05', 'Sunday 20:30 in New York'],
    ['2026-11-26T08:00:00Z', '2026-11-25', '2026-11-27', 'Thanksgiving morning: no mailing dated that day'],
    ['2026-11-02T00:30:00Z', '2026-10-30', '2026-11-02', 'Sunday 19:30 EST, the day the US clocks went back'],
    ['2026-11-02T01:00:00Z', '2026-11-02', '2026-11-03', 'Sunday 20:00 EST, the day the US clocks went back'],
    ['2026-03-09T00:00:00Z', '2026-03-09', '2026-03-10', 'Sunday 20:00 EDT, the day the US clocks went forward'],
  ])('at %s the latest is %s and the next %s (%s)', (t, latest, next) => {
    expect(latestAnnouncement(at(t))).toBe(latest);
    expect(nextAnnouncement(at(t))).toBe(next);
  });

  it('announces at 20:00 New York time the evening before the listing, which is late from 02:00', () => {
    expect(new Date(announcedAt('2026-04-27')).toISOString()).toBe('2026-04-27T00:00:00.000Z'); // Sunday 20:00 EDT
    expect(new Date(announcedAt('2026-11-03')).toISOString()).toBe('2026-11-03T01:00:00.000Z'); // Monday 20:00 EST
    expect(new Date(lateAt('2026-04-27')).toISOString()).toBe('2026-04-27T06:00:00.000Z');
  });

  it('lists an announcement from the midnight after it is made', () => {
    expect(latestListed(at('2026-04-27T02:00:00Z'))).toBe('2026-04-24'); // Sunday 22:00: Friday's listing still
    expect(latestListed(at('2026-04-27T04:00:00Z'))).toBe('2026-04-27'); // midnight in New York
    expect(latestListed(at('2026-05-02T12:00:00Z'))).toBe('2026-05-01'); // Saturday
  });
});
