/*
 * A paper's searchable text and a query's words, as the stores' full-text indexes see them (SQLite
 * FTS5, PostgreSQL tsvector): the same terms the in-memory index uses (`tokens.ts`: lower-cased,
 * accents folded, simple plurals folded, stop words dropped), joined by spaces, so every store
 * matches the same words whatever its own tokenizer would have done.
 */
import type { Paper } from '../model.js';
import { MAX_WEIGHT, W_ABSTRACT, W_AUTHORS, W_KEYWORDS, W_TITLE } from './posting-pool.js';
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

/** A document's terms with their field-weighted frequencies (in half-units), and its weighted length. */
export interface WeightedTerms {
  weights: Map<string, number>;
  length: number;
}

const FIELD_UNITS: [keyof PaperText, number][] = [
  ['title', W_TITLE],
  ['authors', W_AUTHORS],
  ['keywords', W_KEYWORDS],
  ['abstract', W_ABSTRACT],
];

/** The weighted terms of a paper's text, as the memory index weighs them (each weight capped to a byte). */
export function weightedTerms(text: PaperText): WeightedTerms {
  const weights = new Map<string, number>();
  let length = 0;
  for (const [field, unit] of FIELD_UNITS) {
    const terms = text[field];
    if (!terms) continue;
    for (const term of terms.split(' ')) {
      weights.set(term, (weights.get(term) ?? 0) + unit);
      length += unit;
    }
  }
  for (const [term, w] of weights) if (w > MAX_WEIGHT) weights.set(term, MAX_WEIGHT);
  return { weights, length };
}
