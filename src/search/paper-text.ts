/*
 * A paper's searchable text and a query's words, as the stores' full-text indexes see them (SQLite
 * FTS5, PostgreSQL tsvector): the same terms the in-memory index uses (`tokens.ts`: lower-cased,
 * accents folded, simple plurals folded, stop words dropped), joined by spaces, so every store
 * matches the same words whatever its own tokenizer would have done.
 */
import type { Paper } from '../model.js';
import { STOP, foldPlural, forEachToken } from './tokens.js';

/** Long author lists add nothing to ranking past the first few dozen names (as in the memory index). */
export const MAX_AUTHORS = 50;
/** A query keeps its last this many words. */
export const MAX_QUERY_WORDS = 32;
/** The last query word matches as a prefix from this many characters on. */
export const MIN_PREFIX = 3;

/** A paper's terms by field, each field's terms joined by single spaces. */
export interface PaperText {
  title: string;
  authors: string;
  /** HF's keywords and AI summary. */
  keywords: string;
  abstract: string;
}

/**
 * Field weights, title first: title 4, authors 2.5, keywords and AI summary 1.5, abstract 1 (the
 * memory index's W_TITLE … W_ABSTRACT, in units).
 */
export const FIELD_WEIGHTS = { title: 4, authors: 2.5, keywords: 1.5, abstract: 1 } as const;

function termsOf(texts: readonly string[]): string {
  const out: string[] = [];
  for (const text of texts) {
    forEachToken(text, (src, start, end) => {
      const token = src.slice(start, end);
      if (STOP.has(token)) return;
      const term = foldPlural(token);
      if (!STOP.has(term)) out.push(term);
    });
  }
  return out.join(' ');
}

/** The terms a store indexes for `p`. */
export function paperText(p: Paper): PaperText {
  return {
    title: termsOf([p.title]),
    authors: termsOf(p.authors.slice(0, MAX_AUTHORS).map((a) => a.name)),
    keywords: termsOf(p.aiSummary ? [...p.keywords, p.aiSummary] : p.keywords),
    abstract: termsOf([p.abstract]),
  };
}

/** One query word: its term, and whether it also matches longer words (the last word, half typed). */
export interface QueryWord {
  term: string;
  prefix: boolean;
}

/**
 * The words of a query, each once, in order: the last `MAX_QUERY_WORDS` terms, the last of them a
 * prefix when it has at least `MIN_PREFIX` characters. Empty for a query of only stop words.
 */
export function queryWords(query: string): QueryWord[] {
  const terms: string[] = [];
  forEachToken(query, (src, start, end) => {
    const token = src.slice(start, end);
    if (STOP.has(token)) return;
    const term = foldPlural(token);
    if (!STOP.has(term)) terms.push(term);
  });
  const kept = terms.slice(-MAX_QUERY_WORDS);
  const last = kept.pop();
  if (last === undefined) return [];
  const words: QueryWord[] = [];
  const seen = new Set<string>([last]);
  for (const term of kept) {
    if (seen.has(term)) continue;
    seen.add(term);
    words.push({ term, prefix: false });
  }
  words.push({ term: last, prefix: last.length >= MIN_PREFIX });
  return words;
}
