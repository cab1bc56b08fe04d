/** Calendar-day helpers. Days are `YYYY-MM-DD` strings; times are ms since the epoch. */
import { zoneFormats } from './zone-format.js';

/** The first day the Daily Papers archive has. */
export const FIRST_DAILY_PAPERS_DAY = '2023-05-04';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD` (rejects `2026-02-30`). */
export function isValidDay(text: string): boolean {
  const m = DAY.exec(text);
  if (!m) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

// en-CA formats as YYYY-MM-DD.
const dayFormat = zoneFormats('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' });
const hourMinuteFormat = zoneFormats('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const longDayFormat = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** The calendar day of `time` in `timeZone` (IANA). */
export function dayInZone(time: number, timeZone: string): string {
  return dayFormat(timeZone).format(time);
}

/** `day` moved by `n` days (negative goes back). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (day: string): number => new Date(`${day}T00:00:00Z`).getUTCDay();

export const isWeekend = (day: string): boolean => weekday(day) === 0 || weekday(day) === 6;

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone || timeZone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The zone Hugging Face fills its Daily Papers lists in. */
export const DAILY_PAPERS_ZONE = 'America/New_York';

/** Minutes after midnight, New York time, when HF moves on to the next day's list (21:30 ET). */
export const DAILY_PAPERS_ROLLOVER_MIN = 21 * 60 + 30;

/**
 * The Daily Papers day that is "today" at `time`. HF fills a day's list in New York time and
 * rolls over to the next day at about 21:30 ET (HF's own MCP server uses that threshold).
 */
export function currentDailyPapersDay(time: number): string {
  const day = dayInZone(time, DAILY_PAPERS_ZONE);
  const hm = hourMinuteFormat(DAILY_PAPERS_ZONE).format(time);
  const [h, m] = hm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0) >= DAILY_PAPERS_ROLLOVER_MIN ? addDays(day, 1) : day;
}

/** "Friday, 12 June 2026" for a `YYYY-MM-DD` day. */
export const longDay = (day: string): string => longDayFormat.format(Date.parse(`${day}T12:00:00Z`));
