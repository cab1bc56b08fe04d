/**
 * When a channel's reading club meets, and when its agenda is due: pure, on the schedule's zone.
 * Weekday and time are read like a recap's (`thursday 15:00`), across daylight-saving changes.
 */
import { WEEKDAYS, lastRecapSlot, nextRecapSlot } from '../delivery/recap-timing.js';
import type { ClubSchedule } from '../store/club-sessions.js';
import { parseTimeOfDay } from '../subscriptions/subscription.js';
import { dayInZone } from '../time/dates.js';

/** How long before a session its agenda is posted (ms). */
export const AGENDA_LEAD_MS = 3_600_000;

/** A `schedule:` value that cannot be read; commands turn it into a `UserError`. */
export class ScheduleInputError extends Error {}

/** `schedule:` as typed: `thursday 15:00`, `Thu 9:30`, or `off`. Throws a message naming what is wrong. */
export function parseSchedule(text: string): Pick<ClubSchedule, 'weekday' | 'time'> | 'off' {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const example = 'e.g. schedule:"thursday 15:00", or schedule:off';
  if (words.length === 1 && /^(off|none|no)$/.test(words[0]!)) return 'off';
  const [dayWord, timeWord, ...extra] = words;
  const weekday = WEEKDAYS.find((d) => dayWord !== undefined && dayWord.length >= 3 && d.startsWith(dayWord));
  if (!weekday)
    throw new ScheduleInputError(
      `"${(dayWord ?? '').slice(0, 20)}" is not a day of the week; write a weekday and a time, ${example}.`,
    );
  if (timeWord === undefined) throw new ScheduleInputError(`The session needs a time after "${weekday}", ${example}.`);
  const time = parseTimeOfDay(timeWord);
  if (!time)
    throw new ScheduleInputError(`"${timeWord.slice(0, 20)}" is not a time of day; use 24-hour HH:MM, ${example}.`);
  if (extra.length > 0)
    throw new ScheduleInputError(
      `A session takes a weekday and a time only, not "${extra.join(' ').slice(0, 30)}"; ${example}.`,
    );
  return { weekday, time };
}

/** The next session strictly after `now` (ms). */
export const nextSession = (s: ClubSchedule, now: number): number => nextRecapSlot(s, s.timeZone, now);

/** The latest session at or before `now` (ms). */
export const lastSession = (s: ClubSchedule, now: number): number => lastRecapSlot(s, s.timeZone, now);

/** The session before `session`: where its agenda's "since the last session" starts (ms). */
export const sessionBefore = (s: ClubSchedule, session: number): number => lastSession(s, session - 1);

/** The ledger day of a session's agenda: its local date, apart from every Daily Papers day. */
export const agendaDay = (s: ClubSchedule, session: number): string => `agenda-${dayInZone(session, s.timeZone)}`;

/** The session whose agenda is due at `now`: within AGENDA_LEAD_MS before it, and after the schedule was set. */
export function agendaDue(s: ClubSchedule, now: number): number | undefined {
  const session = nextSession(s, now);
  return now >= session - AGENDA_LEAD_MS && session > Date.parse(s.since) ? session : undefined;
}

/**
 * The session whose agenda is shown as held at `now`: the last one, until the next agenda is due
 * (then that one takes over the channel's attention).
 */
export function heldSession(s: ClubSchedule, now: number): number | undefined {
  const session = lastSession(s, now);
  if (session <= Date.parse(s.since)) return undefined;
  return now < nextSession(s, now) - AGENDA_LEAD_MS ? session : undefined;
}
