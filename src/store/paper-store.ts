import type { Paper } from '../model.js';
import type { Backend, MapWrite } from './backend.js';
import { CATEGORIES_MAP, dayKey, PAPERS_MAP } from './keys.js';
import { mergePaper } from './paper-merge.js';

/** A cached Daily Papers day and when it was fetched (ms since the epoch). */
export interface CachedDay {
  papers: Paper[];
  fetchedAt: number;
}

/** Cached Daily Papers days and every paper the feed has seen (the search index is built from them). */
export interface PaperStore {
  getDay(day: string): Promise<CachedDay | undefined>;
  /** Caches a day; the caller decides whether it is final or due a refresh (`Feed`). */
  putDay(day: string, cached: CachedDay): Promise<void>;
  getPaper(id: string): Promise<Paper | undefined>;
  /** Several papers in one round trip, in the order asked. */
  getPapers(ids: readonly string[]): Promise<(Paper | undefined)[]>;
  /** Remembers papers (newest HF data wins; `paper-merge.ts`), in two round trips. */
  remember(papers: readonly Paper[]): Promise<void>;
  /** Every paper seen, for rebuilding the search index at start. */
  all(): Promise<Paper[]>;
  /** The same, `size` papers at a time, parsed slice by slice (indexing at start, between other work). */
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
      if (papers.length === 0) return;
      const stored = await backend.mapGetMany(
        PAPERS_MAP,
        papers.map((p) => p.id),
      );
      const next = new Map<string, Paper>();
      papers.forEach((p, i) => {
        const raw = stored[i];
        const before = next.get(p.id) ?? (raw ? (JSON.parse(raw) as Paper) : undefined);
        const merged = mergePaper(before, p);
        if (merged !== before) next.set(p.id, merged);
      });
      const writes: MapWrite[] = [...next].map(([id, p]) => ({ map: PAPERS_MAP, field: id, set: JSON.stringify(p) }));
      if (writes.length > 0) await backend.batch(writes);
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
