import { describe, expect, it } from 'vitest';
import {
  agendaDay,
  agendaDue,
  heldSession,
  nextSession,
  parseSchedule,
  sessionBefore,
} from '../../../src/club/sessions.js';
import type { ClubSchedule } from '../../../src/store/club-sessions.js';

const schedule = (over: Partial<ClubSchedule> = {}): ClubSchedule => ({
  channel: { platform: 'discord', teamId: 'g', channelId: 'c' },
  weekday: 'thursday',
  time: '15:00',
  timeZone: 'Europe/Berlin',
  since: '2026-06-01T00:00:00Z',
  by: 'discord:admin',
  ...over,
});
const at = (iso: string) => Date.parse(iso);

describe('club session times', () => {
  it.each([
    ['thursday 15:00', { weekday: 'thursday', time: '15:00' }],
    ['Thu 9:30', { weekday: 'thursday', time: '09:30' }],
    ['  FRIDAY   16:45 ', { weekday: 'friday', time: '16:45' }],
    ['off', 'off'],
  ])('reads schedule:%j', (text, want) => {
    expect(parseSchedule(text)).toEqual(want);
  });

  it.each([
    ['funday 15:00', /"funday" is not a day of the week/],
    ['th 15:00', /"th" is not a day of the week/],
    ['thursday', /needs a time after "thursday"/],
    ['thursday 3pm', /"3pm" is not a time of day/],
    ['thursday 15:00 weekly', /weekday and a time only, not "weekly"/],
  ])('refuses schedule:%j, saying what is wrong', (text, message) => {
    expect(() => parseSchedule(text)).toThrow(message);
  });

  it.each([
    // [now, agenda due for this session (or none)]
    ['2026-06-18T11:59:00Z', undefined],
    ['2026-06-18T12:00:00Z', '2026-06-18T13:00:00Z'],
    ['2026-06-18T12:59:59Z', '2026-06-18T13:00:00Z'],
    ['2026-06-18T13:00:00Z', undefined],
    ['2026-06-25T12:30:00Z', '2026-06-25T13:00:00Z'],
    // Winter time: 15:00 CET is 14:00 UTC.
    ['2026-11-05T13:00:00Z', '2026-11-05T14:00:00Z'],
  ])('at %s the agenda of %s is due (an hour before, in the zone)', (now, session) => {
    expect(agendaDue(schedule(), at(now))).toBe(session === undefined ? undefined : at(session));
  });

  it('owes no agenda for a session before the schedule was set, and a first session right after it gets one', () => {
    expect(agendaDue(schedule({ since: '2026-06-18T12:30:00Z' }), at('2026-06-18T12:40:00Z'))).toBe(
      at('2026-06-18T13:00:00Z'),
    );
    expect(agendaDue(schedule({ since: '2026-06-18T13:30:00Z' }), at('2026-06-25T12:10:00Z'))).toBe(
      at('2026-06-25T13:00:00Z'),
    );
  });

  it('shows a session as held from its start until the next agenda is due', () => {
    const s = schedule();
    expect(heldSession(s, at('2026-06-18T11:59:00Z'))).toBe(at('2026-06-11T13:00:00Z'));
    expect(heldSession(s, at('2026-06-18T12:00:00Z'))).toBeUndefined();
    expect(heldSession(s, at('2026-06-18T13:00:00Z'))).toBe(at('2026-06-18T13:00:00Z'));
    expect(heldSession(s, at('2026-06-25T11:59:00Z'))).toBe(at('2026-06-18T13:00:00Z'));
    expect(heldSession(s, at('2026-06-25T12:00:00Z'))).toBeUndefined();
    expect(heldSession(schedule({ since: '2026-06-18T14:00:00Z' }), at('2026-06-19T10:00:00Z'))).toBeUndefined();
  });

  it('counts an agenda from the session before, and names its ledger day by the local date', () => {
    const s = schedule({ timeZone: 'Pacific/Auckland', time: '08:00' });
    const session = nextSession(s, at('2026-06-17T12:00:00Z'));
    expect(new Date(session).toISOString()).toBe('2026-06-17T20:00:00.000Z'); // Thursday 08:00 in Auckland
    expect(agendaDay(s, session)).toBe('agenda-2026-06-18');
    expect(sessionBefore(s, session)).toBe(session - 7 * 86_400_000);
  });
});
