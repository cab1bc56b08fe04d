import { addDays, dayInZone } from '../../src/time/dates.js';
import { isAnnouncementDay } from '../../src/time/arxiv-calendar.js';
import { zonedInstant } from '../../src/time/zoned-time.js';
import type { FakeItem, FakeListing } from '../fakes/arxiv-listing-fake.js';

/** One paper of the simulated arXiv: its id, categories (primary first) and the listing day it was new on. */
export interface WorldPaper {
  id: string;
  categories: string[];
  on: string;
}

export interface ArxivWorldOptions {
  /** The categories papers are submitted to. */
  pool: readonly string[];
  /** New papers per category per announcement; every second one is cross-listed into the next category. */
  perCategory: number;
  /** Each announcement replaces (v2) the first paper of each category announced this many listings before. */
  replaceAfter?: number;
  /** `set|date` → until when (ms) that set's listing still shows the previous announcement (a stale listing). */
  stale?: Map<string, number>;
}

const ZONE = 'America/New_York';

/**
 * A simulated arXiv over the real calendar: each listing day's papers, and what a category set's
 * listing shows at any instant, as rss.arxiv.org does: rebuilt at midnight New York time with that
 * day's announcement, empty on weekends and holidays (dated that day).
 */
export function createArxivWorld(o: ArxivWorldOptions) {
  const replaceAfter = o.replaceAfter ?? 3;
  const memo = new Map<string, WorldPaper[]>();

  /** The papers new on listing day `day`. */
  function newOn(day: string): WorldPaper[] {
    let papers = memo.get(day);
    if (!papers) {
      const stem = `${day.slice(2, 4)}${day.slice(5, 7)}`;
      papers = o.pool.flatMap((primary, c) =>
        Array.from({ length: o.perCategory }, (_, i) => ({
          id: `${stem}.${day.slice(8, 10)}${c}${String(i).padStart(2, '0')}`,
          categories: i % 2 === 1 ? [primary, o.pool[(c + 1) % o.pool.length]!] : [primary],
          on: day,
        })),
      );
      memo.set(day, papers);
    }
    return papers;
  }

  /** The listing days before `day`, latest first. */
  function listingDaysBefore(day: string, n: number): string[] {
    const out: string[] = [];
    for (let d = addDays(day, -1); out.length < n; d = addDays(d, -1)) if (isAnnouncementDay(d)) out.push(d);
    return out;
  }

  /** The papers listing day `day` announces a second version of. */
  function replacedOn(day: string): WorldPaper[] {
    const earlier = listingDaysBefore(day, replaceAfter).at(-1)!;
    const firsts = new Map<string, WorldPaper>();
    for (const p of newOn(earlier)) if (!firsts.has(p.categories[0]!)) firsts.set(p.categories[0]!, p);
    return [...firsts.values()];
  }

  /** What set `categories` sees of listing day `day`. */
  function listingOf(categories: readonly string[], day: string): FakeListing {
    if (!isAnnouncementDay(day)) return { date: day, items: [] };
    const set = new Set(categories);
    const items: FakeItem[] = [];
    const inSet = (p: WorldPaper) => p.categories.some((c) => set.has(c));
    const primaryIn = (p: WorldPaper) => set.has(p.categories[0]!);
    for (const p of newOn(day).filter(inSet))
      items.push({ id: p.id, type: primaryIn(p) ? 'new' : 'cross', categories: p.categories });
    for (const p of replacedOn(day).filter(inSet))
      items.push({ id: p.id, version: 2, type: primaryIn(p) ? 'replace' : 'replace-cross', categories: p.categories });
    return { date: day, items };
  }

  return {
    newOn,
    replacedOn,
    listingOf,
    /** What the set's listing shows at `now`: the day rebuilt last (midnight New York time), unless it is stale. */
    listingAt(categories: readonly string[], now: number): FakeListing {
      let day = dayInZone(now, ZONE);
      const until = o.stale?.get(`${[...categories].sort().join('+')}|${day}`);
      if (until !== undefined && now < until) day = addDays(day, -1);
      // A stale Monday shows Friday's announcement, as rss.arxiv.org would have before its weekend rebuilds.
      while (until !== undefined && now < until && !isAnnouncementDay(day)) day = addDays(day, -1);
      return listingOf(categories, day);
    },
    /** Midnight New York time of `day` (ms). */
    rebuiltAt: (day: string) => zonedInstant(day, '00:00', ZONE),
  };
}

export type ArxivWorld = ReturnType<typeof createArxivWorld>;
