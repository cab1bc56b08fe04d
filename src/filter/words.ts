/*
 * Words for the filter language: case- and accent-folded, split on anything that is not a letter
 * or digit, compared singular-or-plural.
 *
 * Why our own folding and not a library: the shared dependency set has no pluralizer or stemmer,
 * and a stemmer is the wrong tool anyway ("agentic" must not match "agent", "learning" must not
 * match "learned"). What is needed is narrow: English noun plurals, both ways, predictably.
 */

const MARKS = /\p{M}+/gu;
const NON_WORD = /[^\p{L}\p{N}]+/u;

/** Lower-cased, accent-folded words of `text`, in order ("Multi-Agent LLMs" → multi, agent, llms). */
export function wordsOf(text: string): string[] {
  return text.normalize('NFKD').replace(MARKS, '').toLowerCase().split(NON_WORD).filter(Boolean);
}

/** Plurals whose singular no suffix rule finds. Keys and values are both forms of one word. */
const IRREGULAR: Readonly<Record<string, string>> = {
  analyses: 'analysis',
  hypotheses: 'hypothesis',
  indices: 'index',
  matrices: 'matrix',
  vertices: 'vertex',
  criteria: 'criterion',
  phenomena: 'phenomenon',
  children: 'child',
  people: 'person',
  mice: 'mouse',
};

/**
 * Every form `word` may be the plural or singular of, itself included. Two words are the same word
 * when their forms meet: "agents" {agents, agent} meets "agent" {agent}; "queries" {queries,
 * querie, query} meets "query"; "caches" {caches, cache, cach} meets "cache". Comparing form sets,
 * not one folded stem each, is what lets "caches"/"cache" and "approaches"/"approach" both work.
 * Words ending in -ss, -us, -is ("loss", "corpus", "analysis") are not plurals.
 */
export function formsOf(word: string): string[] {
  const forms = [word];
  const irregular = IRREGULAR[word];
  if (irregular) forms.push(irregular);
  const n = word.length;
  if (n > 3 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) {
    forms.push(word.slice(0, -1));
    if (n > 4 && /(s|x|z|ch|sh)es$/.test(word)) forms.push(word.slice(0, -2));
    if (n > 4 && word.endsWith('ies')) forms.push(`${word.slice(0, -3)}y`);
  }
  return forms;
}

/** True when two form lists share a form. Lists are one to three entries long. */
export const sameWord = (a: readonly string[], b: readonly string[]): boolean => a.some((f) => b.includes(f));

/** True when `phrase` (forms per word) occurs as consecutive words of `text` (forms per word). */
export function containsPhrase(text: readonly (readonly string[])[], phrase: readonly (readonly string[])[]): boolean {
  const k = phrase.length;
  if (k === 0) return false;
  outer: for (let i = 0; i + k <= text.length; i++) {
    for (let j = 0; j < k; j++) if (!sameWord(text[i + j]!, phrase[j]!)) continue outer;
    return true;
  }
  return false;
}
