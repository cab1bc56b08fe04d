import { addDays, dayInZone } from './dates.js';
import { zoneFormats } from './zone-format.js';

const partsFormat = zoneFormats('en-US', {
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});
const localFormat = zoneFormats('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

/** `partsFormat`'s text: `6/12/2026, 09:00:00`. */
const WALL = /^(\d+)\/(\d+)\/(\d+), (\d+):(\d+):(\d+)$/;

/** Offset of `timeZone` from UTC at instant `t`, in ms (Berlin in summer: +7,200,000). */
export function zoneOffset(t: number, timeZone: string): number {
  const format = partsFormat(timeZone);
  // `format` and a regular expression: a fifth of the time of `formatToParts` (1.5 µs against 6.7),
  // which the schedule calls for every feed time and zone. The parts are the fallback should the text differ.
  const m = WALL.exec(format.format(t));
  const n = m ? m.slice(1).map(Number) : partsOf(format, t);
  const [month = 1, day = 1, year = 1970, hour = 0, minute = 0, second = 0] = n;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  return wall - Math.floor(t / 1000) * 1000;
}

/** Month, day, year, hour, minute, second of `t`, as `format` shows them. */
function partsOf(format: Intl.DateTimeFormat, t: number): number[] {
  const parts = format.formatToParts(t);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return [get('month'), get('day'), get('year'), get('hour'), get('minute'), get('second')];
}

/**
 * The instant when the wall clock in `timeZone` shows `day` at `time` (`HH:MM`). A time that does
 * not exist (skipped by a spring-forward change) moves forward by the gap; a repeated one (autumn)
 * takes its first occurrence.
 */
export function zonedInstant(day: string, time: string, timeZone: string): number {
  const [h, m] = time.split(':').map(Number);
  const wall = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)), h ?? 0, m ?? 0);
  const DAY_MS = 86_400_000;
  const before = zoneOffset(wall - DAY_MS, timeZone);
  const after = zoneOffset(wall + DAY_MS, timeZone);
  const valid = [wall - before, wall - after].filter((t) => t + zoneOffset(t, timeZone) === wall);
  // Ambiguous (autumn): the earlier. Skipped (spring): shift forward by the gap, i.e. the old offset.
  return valid.length > 0 ? Math.min(...valid) : wall - before;
}

/** The next instant strictly after `now` when the wall clock in `timeZone` shows `time`. */
export function nextLocalTime(time: string, timeZone: string, now: number): number {
  const today = dayInZone(now, timeZone);
  for (let i = 0; i < 3; i++) {
    const t = zonedInstant(addDays(today, i), time, timeZone);
    if (t > now) return t;
  }
  return zonedInstant(addDays(today, 3), time, timeZone);
}

/** "Mon 15 Jun, 09:00 CEST" in the zone itself. */
export function formatLocal(t: number, timeZone: string): string {
  return localFormat(timeZone).format(t);
}
