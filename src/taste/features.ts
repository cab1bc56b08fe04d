import type { Paper } from '../model.js';
import { foldPlural, forEachToken, STOP } from '../search/tokens.js';

/**
 * A paper as the taste model sees it: sparse lexical features, each with a weight from its term
 * frequency alone (no document frequencies here, so a stored model scores a paper without the corpus).
 *
 * Features, by their prefix: `w:` a word of the title, AI summary or abstract (stop words dropped,
 * plurals folded), `b:` two adjacent words of one sentence (a phrase), `k:` one of Hugging Face's
 * `ai_keywords`, `a:` an author, `c:` an arXiv category, `o:` the organization. Each group is
 * normalised on its own (sublinear term frequency, unit length) and scaled by its group weight, so a
 * long abstract does not drown the keywords and a 500-author paper does not drown its words.
 */
export type Features = Map<string, number>;

/** How much each group counts against the others (tuned in bench/taste.ts). */
export const GROUP_WEIGHTS: Readonly<Record<string, number>> = { w: 1, b: 0.8, k: 0.9, a: 0.35, c: 0.4, o: 0.25 };

/** Field weights of the text groups: the title says most about a paper, the abstract least per word. */
const FIELDS = { title: 3, summary: 2, abstract: 1 } as const;

/**
 * Words that say nothing about a paper's subject but are in nearly every abstract; document
 * frequencies would weigh them down anyway, this keeps them out of phrases and "why" lines.
 */
const BOILERPLATE = new Set(
  (
    'also paper propose proposed present introduce approach method show demonstrate result achieve based ' +
    'using use used new novel work study existing across however via while both each more most well first ' +
    'significantly significant extensive experiment state art outperform performance furthermore moreover ' +
    'code available release further enable including over only two three one then within without further ' +
    'key address challenge problem task data model framework'
  ).split(' '),
);

/** Authors beyond this many add nothing a reader would recognise (real papers list 500). */
const MAX_AUTHORS = 20;

const MARKS = /\p{M}+/gu;
/** A word of letters or digits, or a mark that ends a phrase (punctuation other than a hyphen). */
const TOKEN = /[\p{L}\p{N}]+|[.,;:!?()[\]{}"]/gu;

/** The words of a text in order, lower-cased and folded; `null` marks a break no phrase spans. */
export function wordsOf(text: string): (string | null)[] {
  const lower = text.toLowerCase();
  // eslint-disable-next-line no-control-regex
  const plain = /^[\x00-\x7f]*$/.test(lower) ? lower : lower.normalize('NFKD').replace(MARKS, '');
  const out: (string | null)[] = [];
  for (const [token] of plain.matchAll(TOKEN)) {
    if (token.length < 2 || /^\d+$/.test(token)) {
      out.push(null);
      continue;
    }
    const word = foldPlural(token);
    out.push(STOP.has(token) || STOP.has(word) || BOILERPLATE.has(word) ? null : word);
  }
  return out;
}

/** A keyword or phrase in one spelling: "Vision-Language Models" and "vision language model" meet. */
export function normalPhrase(text: string): string {
  const words: string[] = [];
  forEachToken(text, (src, start, end) => void words.push(foldPlural(src.slice(start, end))));
  return words.join(' ');
}

const add = (m: Map<string, number>, key: string, n: number) => m.set(key, (m.get(key) ?? 0) + n);

/** Sublinear tf, unit length, times the group weight; into `out`. */
function normalised(out: Features, group: string, counts: Map<string, number>): void {
  let sum = 0;
  const tf = new Map<string, number>();
  for (const [k, n] of counts) {
    const v = 1 + Math.log(n);
    tf.set(k, v);
    sum += v * v;
  }
  if (sum === 0) return;
  const scale = (GROUP_WEIGHTS[group] ?? 1) / Math.sqrt(sum);
  for (const [k, v] of tf) out.set(`${group}:${k}`, v * scale);
}

/** The paper's features (see `Features`). Deterministic: the same paper gives the same map. */
export function featuresOf(p: Paper): Features {
  const words = new Map<string, number>();
  const phrases = new Map<string, number>();
  const fields: [string, number][] = [
    [p.title, FIELDS.title],
    [p.aiSummary ?? '', FIELDS.summary],
    [p.abstract, FIELDS.abstract],
  ];
  for (const [text, weight] of fields) {
    const list = wordsOf(text);
    for (let i = 0; i < list.length; i++) {
      const w = list[i];
      if (!w) continue;
      add(words, w, weight);
      const next = list[i + 1];
      if (next) add(phrases, `${w} ${next}`, weight);
    }
  }
  const keywords = new Map<string, number>();
  for (const k of p.keywords) {
    const phrase = normalPhrase(k);
    if (phrase) keywords.set(phrase, 1);
  }
  const authors = new Map<string, number>();
  for (const a of p.authors.slice(0, MAX_AUTHORS)) {
    const name = normalPhrase(a.name);
    if (name) authors.set(name, 1);
  }
  const categories = new Map<string, number>();
  for (const c of p.categories ?? []) categories.set(c.toLowerCase(), 1);
  const org = new Map<string, number>();
  if (p.organization) org.set(normalPhrase(p.organization), 1);
  const out: Features = new Map();
  normalised(out, 'w', words);
  normalised(out, 'b', phrases);
  normalised(out, 'k', keywords);
  normalised(out, 'a', authors);
  normalised(out, 'c', categories);
  normalised(out, 'o', org);
  return out;
}

/** How a feature reads in a "why" line: the phrase, keyword, author or category itself. */
export function featureLabel(feature: string): string {
  return feature.slice(feature.indexOf(':') + 1);
}
