import { describe, expect, it } from 'vitest';
import { currentDailyPapersDay, dayInZone, longDay } from '../../../src/time/dates.js';
import { formatLocal, nextLocalTime, zonedInstant, zoneOffset } from '../../../src/time/zoned-time.js';

describe('local times in a channel’s time zone', () => {
  it.each([
    // Europe/Berlin: CET (+1) in winter, CEST (+2) in summer; changes 2026-03-29 and 2026-10-25.
    ['2026-03-28', '09:00', 'Europe/Berlin', '2026-03-28T08:00:00.000Z'],
    ['2026-03-29', '09:00', 'Europe/Berlin', '2026-03-29T07:00:00.000Z'],
    ['2026-10-24', '09:00', 'Europe/Berlin', '2026-10-24T07:00:00.000Z'],
    ['2026-10-25', '09:00', 'Europe/Berlin', '2026-10-25T08:00:00.000Z'],
    // America/New_York: changes 2026-03-08 and 2026-11-01.
    ['2026-03-07', '08:30', 'America/New_York', '2026-03-07T13:30:00.000Z'],
    ['2026-03-08', '08:30', 'America/New_York', '2026-03-08T12:30:00.000Z'],
    ['2026-11-01', '08:30', 'America/New_York', '2026-11-01T13:30:00.000Z'],
    ['2026-06-12', '00:00', 'UTC', '2026-06-12T00:00:00.000Z'],
    ['2026-06-12', '09:00', 'Asia/Kolkata', '2026-06-12T03:30:00.000Z'],
    // 02:30 does not exist in Berlin on 2026-03-29: it moves forward by the hour skipped.
    ['2026-03-29', '02:30', 'Europe/Berlin', '2026-03-29T01:30:00.000Z'],
    // 02:30 happens twice in Berlin on 2026-10-25: the first one (CEST).
    ['2026-10-25', '02:30', 'Europe/Berlin', '2026-10-25T00:30:00.000Z'],
  ])('%s %s in %s is %s', (day, time, zone, iso) => {
    expect(new Date(zonedInstant(day, time, zone)).toISOString()).toBe(iso);
  });

  it('finds the next occurrence after now, tomorrow once today’s has passed', () => {
    const now = Date.parse('2026-06-12T08:00:00Z'); // 10:00 in Berlin
    expect(new Date(nextLocalTime('11:00', 'Europe/Berlin', now)).toISOString()).toBe('2026-06-12T09:00:00.000Z');
    expect(new Date(nextLocalTime('09:00', 'Europe/Berlin', now)).toISOString()).toBe('2026-06-13T07:00:00.000Z');
    expect(new Date(nextLocalTime('10:00', 'Europe/Berlin', now)).toISOString()).toBe('2026-06-13T08:00:00.000Z');
  });

  it('formats a time in the zone with its abbreviation', () => {
    expect(formatLocal(Date.parse('2026-06-12T07:00:00Z'), 'Europe/Berlin')).toBe('Fri 12 Jun, 09:00 CEST');
  });

  it('formats winter times, and zones without a British abbreviation, in their own zone', () => {
    expect(formatLocal(Date.parse('2026-01-12T08:00:00Z'), 'Europe/Berlin')).toBe('Mon 12 Jan, 09:00 CET');
    expect(formatLocal(Date.parse('2026-06-12T07:00:00Z'), 'America/New_York')).toBe('Fri 12 Jun, 03:00 GMT-4');
  });

  it('gives each zone its own day and offset when zones alternate, hour by hour across both changes', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'UTC', 'Australia/Sydney'];
    for (const start of [
      '2026-03-07T00:00:00Z',
      '2026-03-28T00:00:00Z',
      '2026-10-24T00:00:00Z',
      '2026-10-31T00:00:00Z',
    ]) {
      for (let h = 0; h < 72; h++) {
        const t = Date.parse(start) + h * 3_600_000;
        for (const timeZone of zones) {
          const wall = new Date(t + zoneOffset(t, timeZone)).toISOString();
          expect(dayInZone(t, timeZone)).toBe(wall.slice(0, 10));
          expect(
            new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' }).format(
              t,
            ),
          ).toBe(wall.slice(11, 16));
        }
      }
    }
  });

  it('still refuses an unknown zone, and answers for every known one, in any letter case', () => {
    expect(() => dayInZone(0, 'Mars/Base')).toThrow(RangeError);
    const t = Date.parse('2026-06-12T12:00:00Z');
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      expect(dayInZone(t, zone.toLowerCase())).toBe(dayInZone(t, zone));
    }
    expect(dayInZone(t, 'Pacific/Kiritimati')).toBe('2026-06-13');
  });

  it('rolls the Daily Papers day over at 21:30 New York time, in summer and winter', () => {
    expect(currentDailyPapersDay(Date.parse('2026-06-13T01:29:00Z'))).toBe('2026-06-12');
    expect(currentDailyPapersDay(Date.parse('2026-06-13T01:30:00Z'))).toBe('2026-06-13');
    expect(currentDailyPapersDay(Date.parse('2026-12-12T02:29:00Z'))).toBe('2026-12-11');
    expect(currentDailyPapersDay(Date.parse('2026-12-12T02:30:00Z'))).toBe('2026-12-12');
    expect(longDay('2026-06-12')).toBe('Friday, 12 June 2026');
  });
});
