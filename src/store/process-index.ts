import type { Paper } from '../model.js';
import { createSearchIndex, type SearchIndex } from '../search/index.js';
import type { IndexStep, StoreOperations } from './backend.js';

/** The paper operations of a store whose search index lives in this process (`src/search/`). */
export type PaperOperations = Pick<StoreOperations, 'putPapers' | 'searchPapers' | 'indexStoredPapers'> & {
  /** Forgets the index (the store was cleared). */
  reset(): void;
  /** Lets go of what the index holds open, if anything (a file). */
  close?(): void;
};

/** Where the papers themselves are kept: one map of id → JSON. */
export interface PaperMap {
  /** Which of `ids` are stored. */
  has(ids: readonly string[]): Promise<boolean[]>;
  set(entries: readonly [id: string, json: string][]): Promise<void>;
  /** The stored papers after `cursor`, about `max` of them, and where the next page starts (undefined: none). */
  page(cursor: string | undefined, max: number): Promise<{ entries: [string, string][]; next: string | undefined }>;
}

/**
 * Papers in a map of the store and their search index in this process: the memory store's
 * (everything is in memory there already, and nothing survives a restart to be indexed again).
 * Stored papers the index has not seen are added a page at a time (`indexStoredPapers`).
 */
export function processIndexedPapers(papers: PaperMap): PaperOperations {
  let index: SearchIndex = createSearchIndex();
  let cursor: string | undefined;
  let done = false;
  return {
    async putPapers(list) {
      const stored = await papers.has(list.map((p) => p.id));
      const written = new Set<string>();
      // An arXiv-only record never overwrites a stored record (the richer HF one) of the same paper.
      const changed = list.filter((p, i) => {
        const keep = p.source !== 'arxiv' || !(stored[i] || written.has(p.id));
        if (keep) written.add(p.id);
        return keep;
      });
      await papers.set(changed.map((p) => [p.id, JSON.stringify(p)]));
      index.add(changed);
    },
    async searchPapers(query, limit) {
      return index.search(query, limit);
    },
    async indexStoredPapers(max): Promise<IndexStep> {
      if (done) return { indexed: 0, done };
      const page = await papers.page(cursor, max);
      const fresh = page.entries.flatMap(([id, json]) => (index.has(id) ? [] : [JSON.parse(json) as Paper]));
      index.add(fresh);
      cursor = page.next;
      done = page.next === undefined;
      return { indexed: fresh.length, done };
    },
    reset() {
      index = createSearchIndex();
      cursor = undefined;
      done = false;
    },
  };
}
