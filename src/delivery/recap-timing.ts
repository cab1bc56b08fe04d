/**
 * When a feed's weekly recap is due. Pure, like `post-slots.ts`: a recap is due when its latest local
 * slot (weekday and time in the feed's zone) has passed, came after the recap was set, is at most
 * `RECAP_LATE_MS` old, and its ISO week is later than `lastRecapWeek`. A week recapped once is
 * never due again, whichever instance or restart asks.
 */
import { addDays, dayInZone, weekday } from '../time/dates.js';
import { pauseEnded, RETRY_BASE_MS, type ScheduleOptions } from './post-slots.js';
import { parseTimeOfDay, type Subscription, type WeeklyRecap } from '../subscriptions/subscription.js';
import { zonedInstant } from '../time/zoned-time.js';

/** Days of the week as users write them, in `Date#getUTCDay` order (0 = Sunday). */
export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A recap missed by more than this (ms; downtime) is skipped: "this week" posted days later misleads. */
export const RECAP_LATE_MS = 24 * 3_600_000;

/** What one feed's recap should post now. */
export interface RecapPlan {
  sub: Subscription;
  /** The recap's scheduled instant (ms). */
  slot: number;
  /** ISO week of the slot's local date, `2026-W24`. */
  week: string;
}

/** The ledger day of a week's recap: apart from every Daily Papers day (`YYYY-MM-DD`). */
export const recapDay = (week: string): string => `recap-${week}`;

/** ISO 8601 week of a `YYYY-MM-DD` day: `2026-W24`. Weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeek(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 4 - (d.getUTCDay() || 7)); // the Thursday of the same week
  const year = d.getUTCFullYear();
  const week = Math.ceil(((d.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** `recap:` as typed: `friday 16:00`, `Fri 9:30`, or `off`. Throws a message naming what is wrong. */
export function parseRecap(text: string): Omit<WeeklyRecap, 'since'> | 'off' {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const example = 'e.g. recap:"friday 16:00", or recap:off';
  if (words.length === 1 && /^(off|none|no)$/.test(words[0]!)) return 'off';
  const [dayWord, timeWord, ...extra] = words;
  const day = WEEKDAYS.find((d) => dayWord !== undefined && dayWord.length >= 3 && d.startsWith(dayWord));
  if (!day)
    throw new RecapInputError(
      `"${(dayWord ?? '').slice(0, 20)}" is not a day of the week; write a weekday and a time, ${example}.`,
    );
  if (timeWord === undefined) throw new RecapInputError(`The recap needs a time after "${day}", ${example}.`);
  const time = parseTimeOfDay(timeWord);
  if (!time)
    throw new RecapInputError(`"${timeWord.slice(0, 20)}" is not a time of day; use 24-hour HH:MM, ${example}.`);
  if (extra.length > 0)
    throw new RecapInputError(
      `The recap takes a weekday and a time only, not "${extra.join(' ').slice(0, 30)}"; ${example}.`,
    );
  return { weekday: day, time };
}

/** A `recap:` value that cannot be read; commands turn it into a `UserError`. */
export class RecapInputError extends Error {}

/** The latest instant at or before `now` showing the recap's weekday and time in `timeZone`. */
export function lastRecapSlot(recap: Pick<WeeklyRecap, 'weekday' | 'time'>, timeZone: string, now: number): number {
  const today = dayInZone(now, timeZone);
  for (let back = 0; back < 15; back++) {
    const day = addDays(today, -back);
    if (WEEKDAYS[weekday(day)] !== recap.weekday) continue;
    const t = zonedInstant(day, recap.time, timeZone);
    if (t <= now) return t;
  }
  throw new Error(`no ${recap.weekday} in the last two weeks`); // unreachable: a weekday recurs every 7 days
}

/** The next instant strictly after `now` showing the recap's weekday and time in `timeZone`. */
export function nextRecapSlot(recap: Pick<WeeklyRecap, 'weekday' | 'time'>, timeZone: string, now: number): number {
  const today = dayInZone(now, timeZone);
  for (let ahead = 0; ahead < 15; ahead++) {
    const day = addDays(today, ahead);
    if (WEEKDAYS[weekday(day)] !== recap.weekday) continue;
    const t = zonedInstant(day, recap.time, timeZone);
    if (t > now) return t;
  }
  throw new Error(`no ${recap.weekday} in the next two weeks`);
}

/** What `sub`'s recap should post at `now`, or undefined when nothing is due. */
export function recapPlanFor(sub: Subscription, now: number, options: ScheduleOptions = {}): RecapPlan | undefined {
  const recap = sub.recap;
  if (!recap || (sub.paused && !pauseEnded(sub, now))) return undefined;
  const slot = lastRecapSlot(recap, sub.timeZone, now);
  // A slot from before the recap was set is not owed; one missed by more than a day is skipped.
  if (slot < Date.parse(recap.since) || now - slot > RECAP_LATE_MS) return undefined;
  const week = isoWeek(dayInZone(slot, sub.timeZone));
  if (sub.lastRecapWeek !== undefined && sub.lastRecapWeek >= week) return undefined;
  const last = sub.lastRecap;
  if (
    last?.status === 'failed' &&
    last.week === week &&
    now < Date.parse(last.at) + (options.retryBaseMs ?? RETRY_BASE_MS)
  )
    return undefined;
  return { sub, slot, week };
}

/** Every subscription whose recap is due at `now`. */
export const recapsDueAt = (subs: readonly Subscription[], now: number, options: ScheduleOptions = {}): RecapPlan[] =>
  subs.flatMap((sub) => recapPlanFor(sub, now, options) ?? []);
