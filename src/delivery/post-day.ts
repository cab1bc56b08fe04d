/**
 * Which Daily Papers day a feed's post shows. Pure: the feed's local date, time and zone.
 *
 * The day comes from the feed's own calendar: `previous` shows the day before the local date,
 * `current` the local date itself. It is capped at what Hugging Face has at the post's instant:
 * `previous` never shows a list still filling, `current` never one HF has not started (HF's day
 * rolls over at about 21:30 New York time, `currentDailyPapersDay`).
 *
 * The cap is the same on every day of a year: the worst over the year's posts of that feed. A cap
 * worked out at each post's instant would move when New York's clock and the feed's change on
 * different dates (the US changes weeks before Europe in spring and a week after in autumn,
 * Australia the other way round), and the feed would show one day twice (no post that local day)
 * or skip one ("you missed 2 days"). Held for the year, every local date shows the day after the
 * one before. Only a feed whose post time comes within a daylight-saving shift of 21:30 New York
 * time is held back further than its local date says (a 02:30 Berlin feed shows the day before
 * yesterday all year: at 02:30 in Berlin it is 20:30 in New York, and yesterday's list is still filling).
 */
import { addDays, currentDailyPapersDay, DAILY_PAPERS_ROLLOVER_MIN, DAILY_PAPERS_ZONE } from '../time/dates.js';
import type { DayChoice } from '../subscriptions/subscription.js';
import { zonedInstant, zoneOffset } from '../time/zoned-time.js';

/**
 * Remembers a computed value by a key that names every input it depends on, so one memo can
 * serve many ticks: time-zone math costs microseconds per call and feeds share times and zones.
 */
export type Memo = <T>(key: string, compute: () => T) => T;

export const noMemo: Memo = (_key, compute) => compute();

/** Entries a memo keeps before it starts over (a few per feed time and zone a day). */
const MEMO_MAX = 10_000;

/** A memo that keeps at most `max` values; past it, it starts over. */
export function createMemo(max = MEMO_MAX): Memo {
  const seen = new Map<string, unknown>();
  return <T>(key: string, compute: () => T): T => {
    const kept = seen.get(key);
    if (kept !== undefined) return kept as T;
    const value = compute();
    if (seen.size >= max) seen.clear();
    seen.set(key, value);
    return value;
  };
}

const DAY_MS = 86_400_000;

/**
 * How far a zone's offset from New York's moves in a year, at most (minutes): New York's own hour
 * plus the largest daylight-saving shift in the time-zone database (2 h, Antarctica/Troll).
 */
const MAX_SHIFT_MIN = 180;

/** Whole days from `from` to `to` (`YYYY-MM-DD`). */
const daysBetween = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);

/** How far `t` is from the nearest 21:30 New York time (minutes). */
function minutesFromRollover(t: number): number {
  const wall = Math.floor((t + zoneOffset(t, DAILY_PAPERS_ZONE)) / 60_000) % 1440;
  const apart = Math.abs(wall - DAILY_PAPERS_ROLLOVER_MIN);
  return Math.min(apart, 1440 - apart);
}

/** Days HF's current day is behind the local `date` at the feed's post that date. */
function rolloverLagOn(date: string, time: string, timeZone: string): number {
  return daysBetween(currentDailyPapersDay(zonedInstant(date, time, timeZone)), date);
}

/**
 * The most HF's current day is behind the feed's local date at its post time `time` in `timeZone`,
 * over the calendar year `year`: 1 for a morning post in Tokyo or Sydney (New York is still on the
 * evening before), 0 for one in Europe, -1 for one in New York after 21:30 (HF has moved on).
 */
export function rolloverLag(time: string, timeZone: string, year: number): number {
  const first = `${year}-01-01`;
  const slot = zonedInstant(first, time, timeZone);
  const lag = rolloverLagOn(first, time, timeZone);
  // Further from 21:30 New York time than any shift in a year can move it: the same side all year.
  if (minutesFromRollover(slot) > MAX_SHIFT_MIN) return lag;
  let most = lag;
  for (let d = addDays(first, 1); d.startsWith(`${year}-`); d = addDays(d, 1))
    most = Math.max(most, rolloverLagOn(d, time, timeZone));
  return most;
}

/**
 * The Daily Papers day a feed's post on its local `date` (at `time` in `timeZone`) shows: the day
 * before `date` (`previous`) or `date` (`current`), held back by `rolloverLag` where HF is behind.
 */
export function postDay(date: string, time: string, timeZone: string, choice: DayChoice, memo = noMemo): string {
  const year = Number(date.slice(0, 4));
  const lag = memo(`lag ${time} ${timeZone} ${year}`, () => rolloverLag(time, timeZone, year));
  return addDays(date, -(choice === 'previous' ? 1 : 0) - Math.max(0, lag));
}
