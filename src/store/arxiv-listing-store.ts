import type { AnnounceType } from '../model.js';
import type { Backend } from './backend.js';
import { arxivClaimsMap, arxivFetchLease, arxivListingKey, arxivListingsMap } from './keys.js';

/** One paper of a stored announcement: its id (no version), the version announced, and how it appeared. */
export interface StoredEntry {
  id: string;
  v: number;
  type: AnnounceType;
}

/** An arXiv announcement of one category set as its listing showed it; the papers themselves are in the paper store. */
export interface StoredAnnouncement {
  /** The set: categories sorted and joined with `+`. */
  set: string;
  /** The announcement's date, `YYYY-MM-DD`. */
  date: string;
  /** When it was fetched (ms). */
  fetchedAt: number;
  /** In the listing's order, each paper once. */
  entries: StoredEntry[];
}

/**
 * Stored arXiv announcements, per category set and date (arXiv's listing only ever shows the
 * latest one, so these are the only record of the earlier ones), and per feed which announcement
 * each of its days carried.
 */
export interface ArxivListingStore {
  get(set: string, date: string): Promise<StoredAnnouncement | undefined>;
  put(announcement: StoredAnnouncement): Promise<void>;
  /** The dates of the set's stored announcements, oldest first. */
  dates(set: string): Promise<string[]>;
  /** Announcement date → the feed's day whose post carries it. */
  claims(feed: string): Promise<Map<string, string>>;
  /** Gives the announcement `date` to the feed's `day` unless another day has it; true when `day` has it. */
  claim(feed: string, date: string, day: string): Promise<boolean>;
  /** Takes the lease on fetching `set` (see `Backend.acquireLease`). */
  fetching(set: string, owner: string, ttlMs: number): Promise<boolean>;
  fetched(set: string, owner: string): Promise<void>;
}

export function createArxivListingStore(backend: Backend): ArxivListingStore {
  return {
    async get(set, date) {
      return (await backend.kv.get<StoredAnnouncement>(arxivListingKey(set, date))) ?? undefined;
    },
    async put(a) {
      // The announcement first, then its index entry: a listed date always has its announcement.
      await backend.kv.set(arxivListingKey(a.set, a.date), a);
      await backend.mapSet(arxivListingsMap(a.set), a.date, String(a.entries.length));
    },
    async dates(set) {
      return [...(await backend.mapEntries(arxivListingsMap(set))).keys()].sort();
    },
    async claims(feed) {
      return backend.mapEntries(arxivClaimsMap(feed));
    },
    async claim(feed, date, day) {
      if (await backend.mapSetIfAbsent(arxivClaimsMap(feed), date, day)) return true;
      return (await backend.mapGet(arxivClaimsMap(feed), date)) === day;
    },
    fetching: (set, owner, ttlMs) => backend.acquireLease(arxivFetchLease(set), owner, ttlMs),
    fetched: (set, owner) => backend.releaseLease(arxivFetchLease(set), owner),
  };
}
