import type { Corpus, SeenPaper } from './corpus.js';
import type { Liked, TasteHistory } from './history.js';
import { blendWeight, predictiveEvidence, type Evidence } from './evidence.js';
import { logisticRegression, type Example } from './learn.js';
import { dotMap, rounded, topEntries, type Vector } from './vectors.js';

/** A liked paper kept with the model, for "why" lines: its title and its strongest feature buckets. */
export interface Anchor {
  id: string;
  title: string;
  voters: number;
  /** Imported or seeded rather than voted for. */
  imported?: boolean;
  vector: [number, number][];
}

/** A team's learnt taste: what is stored per team (capped in size) and what ranking reads. */
export interface TasteModel {
  /** Feature-bucket weights of the linear model, largest first (at most `TASTE.maxWeights`). */
  weights: [number, number][];
  bias: number;
  /** How much the taste counts against HF upvotes, 0 (HF order) to 1. */
  blend: number;
  counts: { liked: number; notInterested: number; shown: number };
  evidence: Evidence;
  anchors: Anchor[];
}

/** Tunables, fixed by bench/taste.ts. */
export const TASTE = {
  halfLifeDays: 90,
  /** Weights kept per team: the model's stored size. */
  maxWeights: 800,
  /** Liked papers kept for "why" lines, and features kept of each. */
  anchors: 20,
  anchorFeatures: 20,
  /** Easy negatives drawn from the corpus sample, and how much they count together against the positives. */
  randomNegatives: 150,
  randomWeight: 0.9,
  notInterestedWeight: 1,
  shownWeight: 0.3,
  l2: 0.02,
  iterations: 10,
} as const;

const DAY_MS = 86_400_000;

/** How much an event `at` counts at `asOf`: halves every `halfLifeDays`. */
export const decay = (at: number, asOf: number): number =>
  Math.pow(0.5, Math.max(0, asOf - at) / (TASTE.halfLifeDays * DAY_MS));

/** A vote by n people counts more than one, but not n times as much. */
const votersWeight = (n: number) => 1 + Math.log(Math.max(1, n));

/**
 * Learns a team's taste: a logistic regression on tf-idf vectors, positives the liked papers
 * (decayed, weighted by voters), negatives the papers marked not interested, the shown-and-ignored
 * ones (weakly) and a sample of other papers (easy negatives, never one of `exclude`, the papers
 * about to be ranked). Undefined when nothing was liked.
 */
export function buildModel(
  history: TasteHistory,
  corpus: Corpus,
  opts: { asOf: number; exclude?: ReadonlySet<string> },
): TasteModel | undefined {
  const byId = <T extends { paper: SeenPaper }>(a: T, b: T) => (a.paper.id < b.paper.id ? -1 : 1);
  const liked = [...history.liked].sort(byId);
  if (liked.length === 0) return undefined;
  const likedIds = new Set(liked.map((l) => l.paper.id));
  const marked = history.notInterested.filter((d) => !likedIds.has(d.paper.id)).sort(byId);
  const markedIds = new Set(marked.map((d) => d.paper.id));
  const shown = history.shown.filter((d) => !likedIds.has(d.paper.id) && !markedIds.has(d.paper.id)).sort(byId);
  const known = new Set([...likedIds, ...markedIds, ...shown.map((d) => d.paper.id)]);
  const random = corpus
    .sample()
    .filter((p) => !known.has(p.id) && !opts.exclude?.has(p.id))
    .slice(0, TASTE.randomNegatives);

  const vectorOf = (p: SeenPaper) => corpus.vector(p);
  const exampleOf = vectorOf;
  const likedWeight = (l: Liked) => decay(l.at, opts.asOf) * votersWeight(l.voters);
  const examples: Example[] = [];
  let positive = 0;
  for (const l of liked) {
    const weight = likedWeight(l);
    positive += weight;
    examples.push({ v: exampleOf(l.paper), y: 1, weight, own: true });
  }
  for (const d of marked)
    examples.push({
      v: exampleOf(d.paper),
      y: 0,
      weight: TASTE.notInterestedWeight * decay(d.at, opts.asOf),
      own: true,
    });
  for (const d of shown)
    examples.push({ v: exampleOf(d.paper), y: 0, weight: TASTE.shownWeight * decay(d.at, opts.asOf) });
  // Together the random papers weigh about as much as the positives, whatever their number.
  const each = random.length ? (TASTE.randomWeight * positive) / random.length : 0;
  for (const p of random) examples.push({ v: exampleOf(p), y: 0, weight: each });

  const { weights, bias } = logisticRegression(examples, { l2: TASTE.l2, iterations: TASTE.iterations });
  const evidence = predictiveEvidence(liked, [...marked, ...shown], random, vectorOf, likedWeight);
  const anchors = [...liked]
    .sort((a, b) => b.at - a.at || b.voters - a.voters || (a.paper.id < b.paper.id ? -1 : 1))
    .slice(0, TASTE.anchors)
    .map((l) => {
      const v = vectorOf(l.paper);
      const entries = new Map<number, number>();
      v.ids.forEach((b, i) => entries.set(b, v.vals[i]!));
      return {
        id: l.paper.id,
        title: l.paper.title,
        voters: l.voters,
        ...(l.imported ? { imported: true } : {}),
        vector: topEntries(entries, TASTE.anchorFeatures).map(([b, x]): [number, number] => [b, rounded(x)]),
      };
    });
  return {
    weights: topEntries(weights, TASTE.maxWeights).map(([b, x]): [number, number] => [b, rounded(x)]),
    bias: rounded(bias),
    blend: blendWeight(evidence),
    counts: { liked: liked.length, notInterested: marked.length, shown: shown.length },
    evidence,
    anchors,
  };
}

/** The model's weights as a map, for scoring many papers. */
export const weightsOf = (m: TasteModel): Map<number, number> => new Map(m.weights);

/** A paper's taste score under the model (a logit, not a probability). */
export const tasteScore = (weights: ReadonlyMap<number, number>, bias: number, v: Vector): number =>
  bias + dotMap(weights, v);
