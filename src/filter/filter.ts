/*
 * The filter language channels choose papers with, the same on Discord and Slack:
 *
 *   agents 'tool use' -survey author:'Yann LeCun' category:cs.CL
 *
 * - Words and quoted phrases are either-or: a paper matches when any of them appears as whole words
 *   in its title, abstract, AI summary or HF keywords, in any case, singular or plural.
 * - `author:` and `category:` narrow down: with any author item, one of them must be an author; with
 *   any category item, the paper must be in one of them (`cs` covers every cs.* category).
 * - `-item` leaves out papers matching that item (a word, phrase, author or category).
 * Each group that is present must match (words AND authors AND categories), and no exclusion may.
 */
import { containsPhrase, formsOf, wordsOf } from './words.js';
import { parseFilter, type Filter, type FilterField, type FilterItem } from './parse.js';
import type { Paper } from '../model.js';

export { parseFilter, type Filter, type FilterItem } from './parse.js';

/** The filter of a stored `keywords` setting: filter text, or a legacy list of either-or keywords. */
export function filterOf(keywords: string | readonly string[]): Filter {
  if (typeof keywords !== 'string') {
    // Stored before filters: each keyword (possibly several words) is one either-or phrase.
    const include = keywords
      .map((k) => ({ field: 'text' as const, text: k, words: wordsOf(k) }))
      .filter((i) => i.words.length > 0);
    return { include, exclude: [] };
  }
  let f = parsed.get(keywords);
  if (!f) {
    f = parseFilter(keywords);
    if (parsed.size >= 500) parsed.clear();
    parsed.set(keywords, f);
  }
  return f;
}
// Filters are parsed once per text, not once per paper and day. Module-level on purpose: a memo of a
// pure function whose results nobody changes, bounded to 500 texts; nothing can observe it but speed.
const parsed = new Map<string, Filter>();

export const isEmptyFilter = (f: Filter): boolean => f.include.length === 0 && f.exclude.length === 0;

/** True when matching needs the papers' arXiv categories. */
export const needsCategories = (f: Filter): boolean => [...f.include, ...f.exclude].some((i) => i.field === 'category');

/** What a paper offers to match against, folded once per paper. */
interface Indexed {
  /** Title, abstract, AI summary and keywords; an empty slot between fields so phrases stay inside one. */
  text: string[][];
  authors: string[][][];
  hfUsers: string[];
}
// Module-level on purpose, like `parsed`: a memo per paper object, dropped with the paper (a WeakMap).
const indexed = new WeakMap<Paper, Indexed>();

function indexOf(p: Paper): Indexed {
  let ix = indexed.get(p);
  if (!ix) {
    const text: string[][] = [];
    for (const part of [p.title, p.abstract, p.aiSummary ?? '', ...p.keywords])
      text.push(...wordsOf(part).map(formsOf), []);
    ix = {
      text,
      authors: p.authors.map((a) => wordsOf(a.name).map((w) => [w])),
      hfUsers: p.authors.flatMap((a) => (a.hfUser ? [a.hfUser.toLowerCase()] : [])),
    };
    indexed.set(p, ix);
  }
  return ix;
}

function matchesItem(p: Paper, item: FilterItem): boolean {
  const ix = indexOf(p);
  switch (item.field) {
    case 'text':
      return containsPhrase(ix.text, item.words.map(formsOf));
    case 'author': {
      const name = item.words.map((w) => [w]);
      return (
        ix.authors.some((a) => containsPhrase(a, name)) ||
        (item.words.length === 1 && ix.hfUsers.includes(item.text.toLowerCase()))
      );
    }
    case 'category': {
      const code = item.words[0]!;
      return (p.categories ?? []).some((c) => c.toLowerCase() === code || c.toLowerCase().startsWith(`${code}.`));
    }
  }
}

const FIELDS: readonly FilterField[] = ['text', 'author', 'category'];

/**
 * True when `p` passes `f`. A paper whose categories are unknown (arXiv did not answer) matches no
 * `category:` item and is not left out by a `-category:` one.
 */
export function matchesFilter(p: Paper, f: Filter): boolean {
  for (const field of FIELDS) {
    const items = f.include.filter((i) => i.field === field);
    if (items.length > 0 && !items.some((i) => matchesItem(p, i))) return false;
  }
  return !f.exclude.some((i) => matchesItem(p, i));
}

/** The include items (as written) a paper matches: which of a filter's words, authors or categories it was chosen for. */
export function matchedItems(p: Paper, f: Filter): string[] {
  return f.include.filter((i) => matchesItem(p, i)).map((i) => i.text);
}

const quoted = (items: readonly FilterItem[]) => items.map((i) => `"${i.text.toLowerCase()}"`).join(' or ');
const plain = (items: readonly FilterItem[]) => items.map((i) => i.text).join(' or ');

/** The filter in words: `mentioning "agents" or "tool use", by Yann LeCun, in cs.CL, not mentioning "survey"`. */
export function describeFilter(f: Filter): string {
  const parts: string[] = [];
  const add = (items: readonly FilterItem[], not: string) => {
    const of = (field: FilterField) => items.filter((i) => i.field === field);
    if (of('text').length) parts.push(`${not}mentioning ${quoted(of('text'))}`);
    if (of('author').length) parts.push(`${not}by ${plain(of('author'))}`);
    if (of('category').length) parts.push(`${not}in ${plain(of('category'))}`);
  };
  add(f.include, '');
  add(f.exclude, 'not ');
  return parts.join(', ');
}
