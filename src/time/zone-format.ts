/**
 * Building an `Intl.DateTimeFormat` costs tens of microseconds (it loads locale and zone data);
 * using one costs about a microsecond. They are immutable, so each helper keeps one per zone.
 *
 * The helpers (dates.ts, zoned-time.ts) hold their lookups at module level, on purpose: each is a
 * memo of a constructor that always builds the same immutable formatter, bounded by MAX_ZONES, so
 * nothing can observe it but speed. Injecting it would thread a cache through every date helper
 * and gain no test a module-level memo prevents.
 */

/** At most this many zones are kept per helper; past it the cache starts over (zones are user input, and `europe/berlin` is accepted as well as `Europe/Berlin`). */
const MAX_ZONES = 500;

/**
 * A lookup of `new Intl.DateTimeFormat(locale, { ...options, timeZone })` by zone, built once
 * per zone. An unknown zone throws the same RangeError as the constructor and is not kept.
 */
export function zoneFormats(
  locale: string,
  options: Omit<Intl.DateTimeFormatOptions, 'timeZone'>,
): (timeZone: string) => Intl.DateTimeFormat {
  const byZone = new Map<string, Intl.DateTimeFormat>();
  return (timeZone) => {
    let format = byZone.get(timeZone);
    if (!format) {
      format = new Intl.DateTimeFormat(locale, { ...options, timeZone });
      if (byZone.size >= MAX_ZONES) byZone.clear();
      byZone.set(timeZone, format);
    }
    return format;
  };
}
