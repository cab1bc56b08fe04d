import type { Paper } from '../model.js';
import type { Backend } from './backend.js';

/** Cached Daily Papers days and every paper the feed has seen (the search index is built from them). */
export interface PaperStore {
  /** A cached day, or undefined when it was never fetched or its refresh time passed. */
  getDay(day: string): Promise<Paper[] | undefined>;
  /** Caches a day; `ttlMs` for a day still filling (today), none for a settled past day. */
  putDay(day: string, papers: Paper[], ttlMs?: number): Promise<void>;
  getPaper(id: string): Promise<Paper | undefined>;
  /** Remembers papers (newest data wins); returns them for chaining. */
  remember(papers: Paper[]): Promise<void>;
  /** Every paper seen, for rebuilding the search index at start. */
  all(): Promise<Paper[]>;
}

const SEEN = 'papers';

export function createPaperStore(backend: Backend): PaperStore {
  return {
    async getDay(day) {
      return (await backend.kv.get<Paper[]>(`day:${day}`)) ?? undefined;
    },
    async putDay(day, papers, ttlMs) {
      await backend.kv.set(`day:${day}`, papers, ttlMs);
    },
    async getPaper(id) {
      const raw = await backend.mapGet(SEEN, id);
      return raw ? (JSON.parse(raw) as Paper) : undefined;
    },
    async remember(papers) {
      for (const p of papers) {
        // An arXiv-only record never overwrites the richer HF record of the same paper.
        if (p.source === 'arxiv' && (await backend.mapGet(SEEN, p.id))) continue;
        await backend.mapSet(SEEN, p.id, JSON.stringify(p));
      }
    },
    async all() {
      return [...(await backend.mapEntries(SEEN)).values()].map((raw) => JSON.parse(raw) as Paper);
    },
  };
}
