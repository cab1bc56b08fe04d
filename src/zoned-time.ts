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

/** Offset of `timeZone` from UTC at instant `t`, in ms (Berlin in summer: +7,200,000). */
export function zoneOffset(t: number, timeZone: string): number {
  const parts = partsFormat(timeZone).formatToParts(t);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(t / 1000) * 1000;
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
