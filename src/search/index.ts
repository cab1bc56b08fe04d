/*
 * A compact hand-written inverted index. It replaces MiniSearch, which on 100,000 synthesized papers
 * (`npm run bench`) took 86 s to build, answered queries in 120 ms at p50 and 1.6 s at p99, and left
 * the process at 1.9 GB resident: its radix tree of per-term Maps and fuzzy matching cost far more
 * than a feed's search box needs.
 *
 * Layout: a dictionary (token → term number) and, per term, a chain of geometrically growing
 * blocks in a pool of 1 MiB byte chunks holding its postings: varint document-number gaps and a
 * Uint8 field-weighted term frequency. Measured on the same 100k papers, the obvious alternatives
 * did not fit in 300 MB: two typed arrays per term cost ~430 bytes of V8 heap each (127k terms), and
 * Int32 document numbers for 13.5M postings alone take 54 MB; growing and freeing big buffers also
 * left tens of MB of fragmented malloc heap resident.
 *
 * Files: tokens.ts (tokenising, stop words, plurals), token-table.ts (the dictionary's hash table),
 * posting-pool.ts (field weights and the postings pool), inverted-index.ts (indexing and query
 * parsing), query.ts (BM25 scoring and top-k).
 */
import type { Paper } from '../model.js';
import { InvertedIndex } from './inverted-index.js';
import type { LocalHit } from './query.js';

export type { LocalHit } from './query.js';

/**
 * Offline full-text search over every paper the feed has seen. Title matches count most, then
 * authors and keywords, then the abstract (arxiv-sanity weighs title ×10, authors ×5, abstract ×1;
 * we keep that order with gentler ratios so abstract-only matches still surface).
 */
export interface SearchIndex {
  /** Adds or refreshes papers (re-adding a paper replaces its entry). */
  add(papers: readonly Paper[]): void;
  search(query: string, limit: number): LocalHit[];
  /** Whether paper `id` is indexed. */
  has(id: string): boolean;
  readonly size: number;
}

/** An empty search index. */
export function createSearchIndex(): SearchIndex {
  const index = new InvertedIndex();
  return {
    add: (papers) => index.add(papers),
    search: (query, limit) => index.search(query, limit),
    has: (id) => index.has(id),
    get size() {
      return index.live;
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
