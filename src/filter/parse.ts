import { UserError } from '../errors.js';
import { wordsOf } from './words.js';

/** What a filter item looks at: the paper's text, its authors, or its arXiv categories. */
export type FilterField = 'text' | 'author' | 'category';

/** One item of a filter: a word or phrase, an author, or a category. */
export interface FilterItem {
  field: FilterField;
  /** As written, without quotes (for `describeFilter`). */
  text: string;
  /** Folded words (`wordsOf`); a category is one lower-case code, e.g. `cs.cl`. */
  words: string[];
}

/** A parsed filter: items a paper must match (grouped by field) and items it must not. */
export interface Filter {
  include: FilterItem[];
  exclude: FilterItem[];
}

const FIELDS: Readonly<Record<string, FilterField>> = {
  author: 'author',
  by: 'author',
  category: 'category',
  cat: 'category',
};
/** `cs.CL`, `math.AP`, `hep-th`, `q-bio.NC`, `cs` (every cs.* category). */
const CATEGORY = /^[a-z][a-z-]*(\.[a-z][a-z-]*)?$/i;
const MAX_ITEMS = 20;
const MAX_LENGTH = 80;
const SEPARATOR = /[\s,]/;
/** Opening quote → the quotes that close it. Single quotes work inside Slack's `keywords:"…"`. */
const QUOTES: Readonly<Record<string, string>> = { '"': '"”', '“': '"”', "'": "'’", '‘': "'’" };

const EXAMPLE = "e.g. agents 'tool use' -survey author:'Yann LeCun' category:cs.CL";

/**
 * Parses filter text. Items are separated by spaces or commas; `-` excludes; quotes (straight or
 * curly, double or single) make a phrase; `author:` and `category:` (`cat:`) look at authors and
 * arXiv categories. Throws a `UserError` naming the mistake.
 */
export function parseFilter(text: string): Filter {
  const filter: Filter = { include: [], exclude: [] };
  const s = text.trim();
  let i = 0;
  while (i < s.length) {
    if (SEPARATOR.test(s[i]!)) {
      i++;
      continue;
    }
    const start = i;
    const negated = s[i] === '-';
    if (negated) {
      i++;
      if (i >= s.length || SEPARATOR.test(s[i]!))
        throw new UserError(`"-" must be followed by what to leave out, e.g. -survey or -'tool use'.`);
    }
    let field: FilterField = 'text';
    const prefix = /^([a-z_]+):/i.exec(s.slice(i));
    if (prefix && !QUOTES[s[i]!]) {
      const known = FIELDS[prefix[1]!.toLowerCase()];
      if (!known)
        throw new UserError(
          `"${prefix[1]}:" is not something a filter can look at; use author: or category:, or plain words (${EXAMPLE}).`,
        );
      field = known;
      i += prefix[0].length;
      if (i >= s.length || SEPARATOR.test(s[i]!))
        throw new UserError(
          `"${prefix[0]}" needs a value right after the colon, e.g. ${field === 'author' ? "author:'Yann LeCun'" : 'category:cs.CL'}.`,
        );
    }
    const read = readValue(s, i);
    i = read.end;
    const raw = s.slice(start, i);
    if (field === 'text' && !negated && !read.quoted && read.value === 'OR') continue; // either-or is what items already mean
    if (field === 'text' && !read.quoted && (read.value === 'AND' || read.value === 'NOT')) {
      throw new UserError(
        `"${read.value}" is not needed: words are either-or, author: and category: narrow them down, and -word leaves papers out (${EXAMPLE}).`,
      );
    }
    const item = toItem(field, read.value, raw);
    (negated ? filter.exclude : filter.include).push(item);
    if (filter.include.length + filter.exclude.length > MAX_ITEMS)
      throw new UserError(`A filter has at most ${MAX_ITEMS} words, phrases, authors and categories.`);
  }
  return filter;
}

function readValue(s: string, from: number): { value: string; end: number; quoted: boolean } {
  const closers = QUOTES[s[from]!];
  if (!closers) {
    let end = from;
    while (end < s.length && !SEPARATOR.test(s[end]!)) end++;
    return { value: s.slice(from, end), end, quoted: false };
  }
  // A single quote closes only before a separator or the end, so "LeCun's" inside 'Yann LeCun's lab' is kept.
  const single = closers.includes("'");
  for (let end = from + 1; end < s.length; end++) {
    if (closers.includes(s[end]!) && (!single || end + 1 === s.length || SEPARATOR.test(s[end + 1]!))) {
      return { value: s.slice(from + 1, end), end: end + 1, quoted: true };
    }
  }
  throw new UserError(
    `The quote in ${JSON.stringify(s.slice(from, from + 30))} is never closed; close it, e.g. 'tool use'.`,
  );
}

function toItem(field: FilterField, value: string, raw: string): FilterItem {
  const text = value.trim();
  if (text.length > MAX_LENGTH)
    throw new UserError(`"${text.slice(0, 40)}…" is too long for a filter (${MAX_LENGTH} characters at most).`);
  if (field === 'category') {
    if (!CATEGORY.test(text))
      throw new UserError(
        `"${text}" is not an arXiv category; write it like cs.CL, cs.LG, stat.ML or math (all of math.*).`,
      );
    return { field, text, words: [text.toLowerCase()] };
  }
  const words = wordsOf(text);
  if (words.length === 0) throw new UserError(`${JSON.stringify(raw)} has no letters or digits to look for.`);
  return { field, text, words };
}
