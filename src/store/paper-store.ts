import type { Paper } from '../model.js';
import type { Backend } from './backend.js';
import { CATEGORIES_MAP, dayKey, PAPERS_MAP } from './keys.js';

/** A cached Daily Papers day and when it was fetched (ms since the epoch). */
export interface CachedDay {
  papers: Paper[];
  fetchedAt: number;
}

/**
 * Papers handed to the backend per step of `remember`: a whole announcement, so the SQLite index
 * writes each term's postings once for it; each backend slices its own transactions
 * (`sqlite-search.ts`: 250 papers, then 4,000 terms, the event loop free between them).
 */
const REMEMBER_SLICE = 2000;
/** Papers stored before the search index existed, indexed per step while warming. */
const INDEX_SLICE = 500;

/**
 * Cached Daily Papers days and every paper the feed has seen, with their search index, both in
 * the store: nothing is loaded at start; a search reads what its words need.
 */
export interface PaperStore {
  getDay(day: string): Promise<CachedDay | undefined>;
  /** Caches a day; the caller decides whether it is final or due a refresh (`Feed`). */
  putDay(day: string, cached: CachedDay): Promise<void>;
  getPaper(id: string): Promise<Paper | undefined>;
  /** Several papers in one round trip, in the order asked. */
  getPapers(ids: readonly string[]): Promise<(Paper | undefined)[]>;
  /**
   * Remembers papers and indexes them for `search` (newest HF data wins; an arXiv-only record
   * never replaces a stored one). A long list (an arXiv announcement) is stored a slice at a time,
   * yielding to other work between slices.
   */
  remember(papers: readonly Paper[]): Promise<void>;
  /** The stored papers best matching `query`, best first: every word, else as many as match; the last word may be half typed. */
  search(query: string, limit: number): Promise<Paper[]>;
  /**
   * Indexes the papers stored before the search index existed (a store from an earlier version),
   * a slice at a time, yielding between slices; resumes where a stopped run got to. Returns how
   * many it indexed; stops early once `signal` aborts.
   */
  indexStored(signal?: AbortSignal): Promise<number>;
  /** Every paper seen, all at once: for tools and tests, never the bot's own paths. */
  all(): Promise<Paper[]>;
  /** The same, `size` papers at a time (the whole map is read first). */
  slices(size: number): AsyncIterable<Paper[]>;
  /** A paper's arXiv categories as last looked up (`categories.ts`). */
  getCategories(id: string): Promise<StoredCategories | undefined>;
  putCategories(id: string, stored: StoredCategories): Promise<void>;
}

/** arXiv categories looked up for a paper; empty when arXiv did not list it at `at` (ms). */
export interface StoredCategories {
  categories: string[];
  at: number;
}

export function createPaperStore(backend: Backend): PaperStore {
  return {
    async getDay(day) {
      return (await backend.kv.get<CachedDay>(dayKey(day))) ?? undefined;
    },
    async putDay(day, cached) {
      await backend.kv.set(dayKey(day), cached);
    },
    async getPaper(id) {
      const raw = await backend.mapGet(PAPERS_MAP, id);
      return raw ? (JSON.parse(raw) as Paper) : undefined;
    },
    async getPapers(ids) {
      return (await backend.mapGetMany(PAPERS_MAP, ids)).map((raw) => (raw ? (JSON.parse(raw) as Paper) : undefined));
    },
    async remember(papers) {
      for (let i = 0; i < papers.length; i += REMEMBER_SLICE) {
        if (i > 0) await yieldTurn();
        await backend.putPapers(papers.slice(i, i + REMEMBER_SLICE));
      }
    },
    async search(query, limit) {
      const hits = await backend.searchPapers(query, limit);
      if (hits.length === 0) return [];
      const found = await backend.mapGetMany(
        PAPERS_MAP,
        hits.map((h) => h.id),
      );
      return found.flatMap((raw) => (raw ? [JSON.parse(raw) as Paper] : []));
    },
    async indexStored(signal) {
      let indexed = 0;
      for (;;) {
        if (signal?.aborted) return indexed;
        const step = await backend.indexStoredPapers(INDEX_SLICE);
        indexed += step.indexed;
        if (step.done) return indexed;
        await yieldTurn();
      }
    },
    async all() {
      return [...(await backend.mapEntries(PAPERS_MAP)).values()].map((raw) => JSON.parse(raw) as Paper);
    },
    async getCategories(id) {
      const raw = await backend.mapGet(CATEGORIES_MAP, id);
      return raw ? (JSON.parse(raw) as StoredCategories) : undefined;
    },
    async putCategories(id, stored) {
      await backend.mapSet(CATEGORIES_MAP, id, JSON.stringify(stored));
    },
    async *slices(size) {
      const raw = [...(await backend.mapEntries(PAPERS_MAP)).values()];
      for (let i = 0; i < raw.length; i += size) yield raw.slice(i, i + size).map((r) => JSON.parse(r) as Paper);
    },
  };
}

/** Lets timers, I/O and other work run before going on. */
const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
