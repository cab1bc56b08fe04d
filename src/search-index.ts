import MiniSearch from 'minisearch';
import type { Paper } from './model.js';

/** A hit from the local index. */
export interface LocalHit {
  id: string;
  score: number;
}

/**
 * Offline full-text search over every paper the feed has seen. Title matches count most, then
 * authors and keywords, then the abstract (arxiv-sanity weighs title ×10, authors ×5, abstract ×1;
 * we keep that order with gentler ratios so abstract-only matches still surface).
 */
export interface SearchIndex {
  /** Adds or refreshes papers (re-adding a paper replaces its entry). */
  add(papers: readonly Paper[]): void;
  search(query: string, limit: number): LocalHit[];
  readonly size: number;
}

interface Doc {
  id: string;
  title: string;
  authors: string;
  keywords: string;
  abstract: string;
}

const toDoc = (p: Paper): Doc => ({
  id: p.id,
  title: p.title,
  // Long author lists add nothing to ranking past the first few dozen names.
  authors: p.authors.slice(0, 50).map((a) => a.name).join(' '),
  keywords: [...p.keywords, p.aiSummary ?? ''].join(' '),
  abstract: p.abstract,
});

export function createSearchIndex(): SearchIndex {
  const mini = new MiniSearch<Doc>({
    fields: ['title', 'authors', 'keywords', 'abstract'],
    storeFields: [],
    searchOptions: {
      boost: { title: 4, authors: 2.5, keywords: 1.5, abstract: 1 },
      combineWith: 'AND',
      // Prefix matching only on the term being typed; light typo tolerance on longer words.
      prefix: (term, i, terms) => i === terms.length - 1 && term.length >= 3,
      fuzzy: (term) => (term.length >= 6 ? 0.15 : false),
      maxFuzzy: 2,
    },
  });
  return {
    add(papers) {
      for (const p of papers) {
        const doc = toDoc(p);
        if (mini.has(p.id)) mini.replace(doc);
        else mini.add(doc);
      }
    },
    search(query, limit) {
      const q = query.trim();
      if (!q) return [];
      let hits = mini.search(q);
      // All words did not match together: fall back to any word, ranked by how many matched.
      if (hits.length === 0) hits = mini.search(q, { combineWith: 'OR' });
      return hits.slice(0, limit).map((h) => ({ id: String(h.id), score: h.score }));
    },
    get size() {
      return mini.documentCount;
    },
  };
}

/** HF's hits first (its relevance is semantic), then local hits HF did not return; one entry per id. */
export function mergeResults(primary: readonly Paper[], secondary: readonly Paper[], limit: number): Paper[] {
  const seen = new Set<string>();
  const out: Paper[] = [];
  for (const p of [...primary, ...secondary]) {
    if (seen.has(p.id)) continue;
    seen.add(p.id);
    out.push(p);
    if (out.length >= limit) break;
  }
  return out;
}
