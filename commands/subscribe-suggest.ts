import { closest } from '../src/text/closest.js';

/** Every zone `timezone:` takes, as Intl knows them, and UTC. */
export const ZONES: readonly string[] = ['UTC', ...Intl.supportedValuesOf('timeZone')];

/** A zone's city as people write it: `America/New_York` → `new york`. */
const city = (zone: string) =>
  zone
    .slice(zone.lastIndexOf('/') + 1)
    .replace(/_/g, ' ')
    .toLowerCase();

/**
 * The IANA zone probably meant by a value that is not one: a city (`berlin` → Europe/Berlin,
 * `new york` → America/New_York), the name in another case, or either with a typo.
 */
export function suggestTimeZone(typed: string): string | undefined {
  const t = typed.trim().toLowerCase().replace(/_/g, ' ');
  if (!t) return undefined;
  return (
    ZONES.find((z) => z.toLowerCase().replace(/_/g, ' ') === t) ??
    ZONES.find((z) => city(z) === t) ??
    closest(t, ZONES, (z) => (t.includes('/') ? z.replace(/_/g, ' ') : city(z)))
  );
}

/** HH:MM probably meant by a time that is not written so: `900` or `0900` → 09:00, `9am` → 09:00, `6:30pm` → 18:30. */
export function suggestTime(typed: string): string | undefined {
  const m = /^(\d{1,2})(?:[:.h]?(\d{2}))?\s*(am|pm)?$/i.exec(typed.trim());
  if (!m) return undefined;
  let hours = Number(m[1]);
  const minutes = m[2] === undefined ? 0 : Number(m[2]);
  const half = m[3]?.toLowerCase();
  if (half && (hours < 1 || hours > 12)) return undefined;
  if (half === 'pm' && hours < 12) hours += 12;
  if (half === 'am' && hours === 12) hours = 0;
  if (hours > 23 || minutes > 59) return undefined;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}
