import { randomUUID } from 'node:crypto';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Paper } from '../model.js';
import type { ArxivListingStore, StoredAnnouncement, StoredEntry } from '../store/arxiv-listing-store.js';
import type { PaperStore } from '../store/paper-store.js';
import { isAnnouncementDay, lateAt, listedAt } from '../time/arxiv-calendar.js';
import type { ListingItem, ListingSource, ParsedListing } from './listing-source.js';

/** A set's latest announcement as it stands: current (at least the one expected), or the listing is behind, or past it. */
export type Latest =
  | { status: 'current'; announcement: StoredAnnouncement }
  /** arXiv's listing still shows an older announcement (`shows`, stored when it had papers), or nothing dated. */
  | { status: 'stale'; shows?: string }
  /**
   * The listing has moved past the expected announcement without it being stored (a weekend's or
   * holiday's empty listing, dated `shows`): arXiv's RSS no longer has it.
   */
  | { status: 'passed'; shows: string };

/**
 * arXiv's announcements of category sets, shared by every feed: a set's listing is fetched once
 * per announcement (the store is asked first; one fetch per set at a time in a process, and a
 * lease across processes that share the store), and kept in the store with its papers.
 */
export interface Announcements {
  /** The latest announcement of `categories` at least as new as `expected` (`YYYY-MM-DD`), or stale. */
  latest(categories: readonly string[], expected: string): Promise<Latest>;
  /** A stored announcement. */
  get(categories: readonly string[], date: string): Promise<StoredAnnouncement | undefined>;
  /** The dates of the set's stored announcements, oldest first. */
  dates(categories: readonly string[]): Promise<string[]>;
  /** The stored papers of `entries`, by id. */
  papers(entries: readonly StoredEntry[]): Promise<Map<string, Paper>>;
}

/** What the announcements of one process keep between calls; shared by the bot's and the commands' stores. */
export interface AnnouncementCaches {
  /** Fetches in flight, per set. */
  readonly inflight: Map<string, Promise<Latest>>;
  /** The last stale answer per set: when, and for which expected announcement. */
  readonly checked: Map<string, { at: number; expected: string; latest: Latest }>;
}

export const createAnnouncementCaches = (): AnnouncementCaches => ({ inflight: new Map(), checked: new Map() });

export interface AnnouncementsDeps {
  source: ListingSource;
  store: ArxivListingStore;
  papers: PaperStore;
  clock: Clock;
  logger: Logger;
  caches?: AnnouncementCaches;
  /** A stale listing is fetched again at most this often per set (ms, default 5 min). */
  recheckMs?: number;
  /** Told the stored records of papers a listing announced a new version of, before and after (live cards). */
  onReplaced?: (before: readonly Paper[], after: readonly Paper[]) => void;
}

/** Papers written to the store per event-loop turn: a few ms each on SQLite. */
const STORE_SLICE = 200;
/** How long a fetch lease lasts (ms); the holder gives it up when done. */
const FETCH_LEASE_MS = 10 * 60_000;
/** While another process fetches the set: how often to look for its result in the store (ms). */
const OTHERS_POLL_MS = 3000;

/** A set's key: its categories sorted and joined as arXiv joins them. */
export const setOf = (categories: readonly string[]): string => [...new Set(categories)].sort().join('+');

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createAnnouncements(deps: AnnouncementsDeps): Announcements {
  const { source, store, papers, clock, logger } = deps;
  const { inflight, checked } = deps.caches ?? createAnnouncementCaches();
  const recheckMs = deps.recheckMs ?? 5 * 60_000;

  async function stored(set: string, expected: string): Promise<StoredAnnouncement | undefined> {
    const newest = (await store.dates(set)).at(-1);
    return newest !== undefined && newest >= expected ? store.get(set, newest) : undefined;
  }

  /** Keeps a listing with its papers, a slice per event-loop turn; tells live cards of new versions. */
  async function keep(set: string, date: string, listing: ParsedListing): Promise<StoredAnnouncement> {
    const seen = new Set<string>();
    const items: ListingItem[] = [];
    for (const item of listing.items) if (!seen.has(item.paper.id) && seen.add(item.paper.id)) items.push(item);
    for (let i = 0; i < items.length; i += STORE_SLICE) {
      await nextTurn();
      const slice = items.slice(i, i + STORE_SLICE);
      const replaced = slice.filter((it) => it.version > 1).map((it) => it.paper.id);
      const before = replaced.length ? (await papers.getPapers(replaced)).filter((p): p is Paper => !!p) : [];
      await papers.remember(slice.map((it) => it.paper));
      if (before.length && deps.onReplaced) {
        const after = (await papers.getPapers(before.map((p) => p.id))).filter((p): p is Paper => !!p);
        try {
          deps.onReplaced(before, after);
        } catch (error) {
          logger.warn('a replacement listener failed', { set, error });
        }
      }
    }
    const announcement: StoredAnnouncement = {
      set,
      date,
      fetchedAt: clock.now(),
      entries: items.map((it) => ({ id: it.paper.id, v: it.version, type: it.type })),
    };
    await store.put(announcement);
    if (items.length >= 2000)
      logger.warn('an arXiv listing reached 2,000 papers, its most: some may be left out; follow fewer categories', {
        set,
        date,
      });
    return announcement;
  }

  /** One fetch of the set's listing, read against `expected`. */
  async function fetchListing(categories: readonly string[], set: string, expected: string): Promise<Latest> {
    const listing = await source.listing([...new Set(categories)].sort());
    const date = listing.date;
    if (date === undefined) return { status: 'stale' };
    const known = (await store.dates(set)).includes(date);
    if (listing.items.length > 0) {
      const announcement = known ? await store.get(set, date) : await keep(set, date, listing);
      if (date >= expected && announcement) return { status: 'current', announcement };
      return { status: 'stale', shows: date };
    }
    // A weekend's or holiday's empty listing after the expected one: that announcement is gone from RSS.
    if (date > expected && !isAnnouncementDay(date)) return { status: 'passed', shows: date };
    // An empty listing is "not yet" (or a glitch) until the announcement is late; then it is an
    // announcement without papers in these categories (an unlisted holiday, a quiet category).
    if (date >= expected && isAnnouncementDay(date) && clock.now() >= lateAt(expected)) {
      const announcement = known ? await store.get(set, date) : await keep(set, date, listing);
      if (announcement) return { status: 'current', announcement };
    }
    return { status: 'stale', shows: date };
  }

  /**
   * Fetches under the set's lease; while another process holds it, waits for its result in the
   * store, or for the lease (the other found the listing behind, or died: its lease runs out).
   */
  async function fetchOnce(categories: readonly string[], set: string, expected: string): Promise<Latest> {
    const owner = randomUUID();
    while (!(await store.fetching(set, owner, FETCH_LEASE_MS))) {
      await clock.sleep(OTHERS_POLL_MS);
      const found = await stored(set, expected);
      if (found) return { status: 'current', announcement: found };
    }
    try {
      // Another process may have stored it just before this one took the lease.
      const found = await stored(set, expected);
      if (found) return { status: 'current', announcement: found };
      return await fetchListing(categories, set, expected);
    } finally {
      await store
        .fetched(set, owner)
        .catch((error: unknown) => logger.warn('could not give up a fetch lease', { set, error }));
    }
  }

  return {
    async latest(categories, expected) {
      const set = setOf(categories);
      const found = await stored(set, expected);
      if (found) return { status: 'current', announcement: found };
      // Announced, but not in the listings before their midnight rebuild: no use asking arXiv yet.
      if (clock.now() < listedAt(expected)) return { status: 'stale' };
      const last = checked.get(set);
      if (last && last.expected === expected && clock.now() - last.at < recheckMs) return last.latest;
      let fetching = inflight.get(set);
      if (!fetching) {
        fetching = fetchOnce(categories, set, expected)
          .then((latest) => {
            if (latest.status !== 'current') checked.set(set, { at: clock.now(), expected, latest });
            else checked.delete(set);
            return latest;
          })
          .finally(() => inflight.delete(set));
        inflight.set(set, fetching);
      }
      const latest = await fetching;
      // A fetch started for an older expectation may have found an announcement older than this one's.
      if (latest.status === 'current' && latest.announcement.date < expected)
        return { status: 'stale', shows: latest.announcement.date };
      return latest;
    },
    get: (categories, date) => store.get(setOf(categories), date),
    dates: (categories) => store.dates(setOf(categories)),
    async papers(entries) {
      const found = await papers.getPapers(entries.map((e) => e.id));
      return new Map(found.flatMap((p) => (p ? [[p.id, p] as const] : [])));
    },
  };
}
