import { describe, expect, it } from 'vitest';
import { formatLocal, nextLocalTime, zonedInstant } from '../src/zoned-time.js';

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
});
