/*
 * Text to search terms: tokenising with hashes computed on the fly, stop words and plural folding,
 * shared by indexing and querying so that both see the same terms.
 */

const STOP_WORDS = [
  'an',
  'and',
  'are',
  'as',
  'at',
  'be',
  'but',
  'by',
  'can',
  'do',
  'for',
  'from',
  'has',
  'have',
  'he',
  'her',
  'his',
  'how',
  'if',
  'in',
  'into',
  'is',
  'it',
  'its',
  'no',
  'not',
  'of',
  'on',
  'or',
  'our',
  'ours',
  'she',
  'so',
  'such',
  'than',
  'that',
  'the',
  'their',
  'them',
  'then',
  'there',
  'these',
  'they',
  'this',
  'those',
  'to',
  'us',
  'was',
  'we',
  'were',
  'what',
  'when',
  'which',
  'while',
  'who',
  'will',
  'with',
  'you',
  'your',
];
/** Words neither indexed nor searched for. */
export const STOP: ReadonlySet<string> = new Set(STOP_WORDS);

const MARKS = /\p{M}+/gu;
const NON_WORD = /[^\p{L}\p{N}]+/u;

/** Receives a token as `src.slice(start, end)` (not sliced, to spare the allocation) and its hash. */
export type TokenSink = (src: string, start: number, end: number, hash: number) => void;

// FNV-1a over UTF-16 code units.
const HASH_SEED = 0x811c9dc5 | 0;
const HASH_PRIME = 0x01000193;

/** The hash `forEachToken` reports for a token, computed from the token's own text. */
export function hashOf(s: string): number {
  let h = HASH_SEED;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), HASH_PRIME);
  return h;
}

/**
 * Calls `fn` with each lower-cased, accent-folded token of two or more letters or digits. ASCII text
 * (nearly all of it) is scanned by hand; from the first non-ASCII character on, the rest of the
 * text is NFKD-normalised, stripped of combining marks and split on non-letters/digits.
 */
export function forEachToken(text: string, fn: TokenSink): void {
  const s = text.toLowerCase();
  const n = s.length;
  let start = -1;
  let h = HASH_SEED;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? s.charCodeAt(i) : 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (start < 0) {
        start = i;
        h = HASH_SEED;
      }
      h = Math.imul(h ^ c, HASH_PRIME);
    } else if (c > 127) {
      const rest = s
        .slice(start < 0 ? i : start)
        .normalize('NFKD')
        .replace(MARKS, '')
        .toLowerCase();
      for (const token of rest.split(NON_WORD)) if (token.length > 1) fn(token, 0, token.length, hashOf(token));
      return;
    } else if (start >= 0) {
      if (i - start > 1) fn(s, start, i, h);
      start = -1;
    }
  }
}

/** Folds a simple plural: "models" → "model", but not "class", "analysis" or "corpus". Idempotent. */
export function foldPlural(token: string): string {
  const n = token.length;
  if (n > 3 && token.charCodeAt(n - 1) === 115 /* s */) {
    const before = token.charCodeAt(n - 2);
    if (before !== 115 /* s */ && before !== 117 /* u */ && before !== 105 /* i */) return token.slice(0, -1);
  }
  return token;
}

/** The searchable terms of a query, in order (stop words dropped, plurals folded). */
export function queryTerms(query: string): string[] {
  const out: string[] = [];
  forEachToken(query, (src, start, end) => {
    const token = src.slice(start, end);
    if (STOP.has(token)) return;
    const term = foldPlural(token);
    if (!STOP.has(term)) out.push(term);
  });
  return out;
}

/** A flat copy: V8 slices of 13+ characters are views that keep the whole text they came from alive. */
export const detached = (s: string): string => (s.length < 13 ? s : s.split('').join(''));
