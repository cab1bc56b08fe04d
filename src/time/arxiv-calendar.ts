/**
 * arXiv's announcement calendar. Pure: every function takes days (`YYYY-MM-DD`) or instants (ms).
 *
 * arXiv announces Sunday to Thursday at 20:00 New York time, nothing on Friday and Saturday
 * (https://info.arxiv.org/help/availability.html). Its RSS listings are rebuilt at midnight New
 * York time and dated by the announcement (`pubDate`): Sunday evening's announcement is the
 * listing dated Monday, Thursday evening's the one dated Friday. An announcement is named here
 * by that date, its listing day: Monday to Friday, except arXiv's holidays, which are the dates
 * of the mailings that do not happen (the 2026 list has Fridays in it, when no announcement
 * would go out the evening before otherwise).
 */
import { addDays, dayInZone, weekday } from './dates.js';
import { zonedInstant } from './zoned-time.js';

/** The zone arXiv keeps its schedule in. */
export const ARXIV_ZONE = 'America/New_York';

/** When arXiv announces, New York time. */
export const ANNOUNCE_TIME = '20:00';

/**
 * Listing days with no announcement: arXiv's published holidays (availability.md; deferrals are
 * announced on status.arxiv.org). A holiday missing here looks like a listing that stays on the
 * previous announcement: feeds wait for it and say so (src/arxiv-feed/).
 */
export const ARXIV_HOLIDAYS: ReadonlySet<string> = new Set([
  '2026-01-01',
  '2026-01-19',
  '2026-06-19',
  '2026-07-03',
  '2026-09-07',
  '2026-11-26',
  '2026-12-25',
  '2026-12-29',
  '2026-12-31',
]);

/** True when arXiv has a listing dated `day`: Monday to Friday, and not one of its holidays. */
export function isAnnouncementDay(day: string, holidays: ReadonlySet<string> = ARXIV_HOLIDAYS): boolean {
  const w = weekday(day);
  return w >= 1 && w <= 5 && !holidays.has(day);
}

/** When the announcement dated `day` goes out: 20:00 New York time the evening before. */
export const announcedAt = (day: string): number => zonedInstant(addDays(day, -1), ANNOUNCE_TIME, ARXIV_ZONE);

/** When arXiv's listings show the announcement dated `day`: they are rebuilt at midnight New York time. */
export const listedAt = (day: string): number => zonedInstant(day, '00:00', ARXIV_ZONE);

/**
 * When the listing of the announcement dated `day` counts as late: 02:00 New York time that day,
 * two hours after arXiv rebuilds its listings. Before then a listing still on the previous
 * announcement is only "not yet".
 */
export const lateAt = (day: string): number => zonedInstant(day, '02:00', ARXIV_ZONE);

/** Days a walk over the calendar looks at: longer than any run of holidays and weekends. */
const WALK = 21;

/** The latest announcement made at or before `t`: its listing day. */
export function latestAnnouncement(t: number, holidays: ReadonlySet<string> = ARXIV_HOLIDAYS): string {
  const start = addDays(dayInZone(t, ARXIV_ZONE), 1);
  for (let back = 0; back < WALK; back++) {
    const day = addDays(start, -back);
    if (isAnnouncementDay(day, holidays) && announcedAt(day) <= t) return day;
  }
  return addDays(start, -WALK);
}

/** The latest announcement arXiv's listings show at `t` (they are rebuilt at midnight New York time): its listing day. */
export function latestListed(t: number, holidays: ReadonlySet<string> = ARXIV_HOLIDAYS): string {
  const start = dayInZone(t, ARXIV_ZONE);
  for (let back = 0; back < WALK; back++) {
    const day = addDays(start, -back);
    if (isAnnouncementDay(day, holidays) && listedAt(day) <= t) return day;
  }
  return addDays(start, -WALK);
}

/** The first announcement made after `t`: its listing day. */
export function nextAnnouncement(t: number, holidays: ReadonlySet<string> = ARXIV_HOLIDAYS): string {
  const start = dayInZone(t, ARXIV_ZONE);
  for (let ahead = 0; ahead < WALK; ahead++) {
    const day = addDays(start, ahead);
    if (isAnnouncementDay(day, holidays) && announcedAt(day) > t) return day;
  }
  return addDays(start, WALK);
}

/** Why no announcement is dated `day`: a weekend, a holiday, or none (it is an announcement day). */
export function quietReason(
  day: string,
  holidays: ReadonlySet<string> = ARXIV_HOLIDAYS,
): 'weekend' | 'holiday' | undefined {
  const w = weekday(day);
  if (w === 0 || w === 6) return 'weekend';
  return holidays.has(day) ? 'holiday' : undefined;
}
